import { test, expect } from '@playwright/test';
import { startMockSp } from '../../../mock-sp/server.js';
import { AUDIENCE, startTestIssuer } from './fixtures.js';
import { rsaKey } from '../../support/tokens.js';

test('each mock SP has its own key cache, like each real SP process', async () => {
  const k1 = await rsaKey('k1');
  const idp = await startTestIssuer([k1]);
  const expectation = { issuer: idp.issuer, audience: AUDIENCE };
  const first = await startMockSp({ profiles: { api: expectation } });
  let second: Awaited<ReturnType<typeof startMockSp>> | undefined;
  try {
    const token = idp.accessToken();
    const call = (url: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect((await call(first.resourceUrl())).status).toBe(200);

    // The issuer rotates and stops publishing k1.
    idp.keys.splice(0, idp.keys.length, await rsaKey('k2'));

    // The SP that cached k1 still accepts the token; a newly started SP finds no key for it.
    expect((await call(first.resourceUrl())).status).toBe(200);
    second = await startMockSp({ profiles: { api: expectation } });
    const refused = await call(second.resourceUrl());
    expect(refused.status).toBe(401);
    expect((await refused.json()).diagnosis).toContain('unknown_signing_key');
  } finally {
    await first.close();
    await second?.close();
    await idp.close();
  }
});
