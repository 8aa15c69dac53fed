/**
 * `startEmulator(config, { early: true })`: the emulator's URLs, client and users are known once
 * its port listens, before oidc-provider is loaded and the Providers built; a request that arrives
 * meanwhile waits and gets the same answer a fully started emulator gives.
 */
import { test, expect } from '@playwright/test';
import { ConfigError, startEmulator } from '../../../mock-idp/index.js';

test('a request sent before the Providers are built waits for them and gets its answer', async () => {
  const { emulator, ready } = await startEmulator(
    { servers: { default: {}, payments: {} } },
    { early: true },
  );
  try {
    let settled = false;
    void ready.then(() => (settled = true));
    // Known from the configuration alone.
    expect(emulator.issuers).toEqual({
      default: `${emulator.url}/oauth2/default`,
      payments: `${emulator.url}/oauth2/payments`,
    });
    expect(emulator.users[0]?.login).toBe('alice@example.com');
    const answer = fetch(`${emulator.issuers.payments}/.well-known/openid-configuration`);
    expect(settled).toBe(false);
    const res = await answer;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { issuer: string }).issuer).toBe(emulator.issuers.payments);
    await ready;
    expect(settled).toBe(true);
  } finally {
    await emulator.close();
  }
});

test('bad configuration still fails before the port opens, early or not', async () => {
  await expect(
    startEmulator({ servers: { default: { audience: 42 as unknown as string } } }, { early: true }),
  ).rejects.toBeInstanceOf(ConfigError);
});
