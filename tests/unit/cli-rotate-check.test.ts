/**
 * `oidc-harness rotate-check` as a user runs it: the SP (express-jwt with jwks-rsa) started first
 * with a fixed issuer, the check on that issuer's port; bad flags are one line and exit 2.
 */
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import { startExpressJwtApi, type RunningSp } from '../../real-sp/index.js';
import { freeLoopbackPort } from '../../src/net/loopback.js';
import { runBin } from '../support/run-node.js';

let sp: RunningSp;
let port: number;
test.beforeAll(async () => {
  port = await freeLoopbackPort();
  sp = await startExpressJwtApi({
    issuer: `http://127.0.0.1:${port}/oauth2/default`,
    audience: 'api://default',
  });
});
test.afterAll(async () => {
  await sp?.close();
});

test('measures the SP and says it refetches on an unknown kid; the port is free after', async () => {
  const r = await runBin(['rotate-check', '--sp', sp.url, '--idp-port', String(port)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`Key rotation check: ${sp.url}`);
  expect(r.stdout).toContain(`issuer http://127.0.0.1:${port}/oauth2/default`);
  const text = r.stdout.replace(/\s+/g, ' ');
  expect(text).toMatch(/fetches the keys again on an unknown kid/);
  expect(text).toMatch(/old-key token after the rotation: 200/);
  for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  // The emulator is gone: the port can be bound again.
  const again = createServer();
  await new Promise<void>((resolve, reject) => {
    again.once('error', reject);
    again.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => again.close(resolve));
});

test('--json prints one object with the verdict and the window', async () => {
  const r = await runBin(['rotate-check', '--sp', sp.url, '--idp-port', String(port), '--json']);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(doc).toMatchObject({
    issuer: `http://127.0.0.1:${port}/oauth2/default`,
    spUrl: sp.url,
    verdict: 'refetches-on-unknown-kid',
    attempts: 1,
    baseline: { status: 200 },
  });
  expect(typeof doc.windowMs).toBe('number');
});

test('an SP that refuses the current key is exit 1 with the reason', async () => {
  const other = await startExpressJwtApi({
    issuer: `http://127.0.0.1:${port}/oauth2/default`,
    audience: 'api://orders',
  });
  try {
    const r = await runBin(['rotate-check', '--sp', other.url, '--idp-port', String(port)]);
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/refused a token signed with the current key/);
  } finally {
    await other.close();
  }
});

for (const [args, message] of [
  [['--idp-port', '18777'], /--sp: required/],
  [['--sp', 'not a url', '--idp-port', '18777'], /--sp: "not a url" is not a URL/],
  [['--sp', 'http://127.0.0.1:1/api/me'], /--idp-port: required/],
  [['--sp', 'http://127.0.0.1:1/api/me', '--idp-port', '70000'], /--idp-port: expected a port/],
  [['--sp', 'http://127.0.0.1:1/api/me', '--idp-port', '1', '--timeout', '0'], /--timeout/],
] as const) {
  test(`bad input: ${args.join(' ')}`, async () => {
    const r = await runBin(['rotate-check', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
}
