/**
 * The rotation check against real third-party verifiers whose JWKS caches differ, each started
 * before the emulator with a fixed issuer as its README shows:
 * - express-oauth2-jwt-bearer 1.10.0 (jose 4 `createRemoteJWKSet`): after a JWKS fetch, an
 *   unknown `kid` is refused without refetching for `cooldownDuration` (default 30 000 ms,
 *   express-oauth2-jwt-bearer dist/index.js `jwtVerifier` defaults; jose jwks/remote.js
 *   `coolingDown`); with `cooldownDuration: 0` it refetches at once;
 * - express-jwt with jwks-rsa 4.1.0 (`cache: true`, its default): keys cached per `kid`, so an
 *   unknown `kid` is a cache miss that fetches the JWKS again;
 * - @okta/jwt-verifier (jwks-rsa with `cache: true`, `rateLimit: true`): the same.
 * The windows are printed: they are measurements, asserted only as far as the libraries'
 * documented defaults promise.
 */
import { test, expect } from '@playwright/test';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';
import {
  startAuth0BearerApi,
  startExpressJwtApi,
  startOktaVerifierApi,
  type RunningSp,
} from '../../real-sp/index.js';
import { freeLoopbackPort } from '../../src/net/loopback.js';
import { rotateCheck } from '../../src/harness/rotate-check.js';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

let idp: Emulator;
let issuer: string;
const sps: Record<string, RunningSp> = {};

test.beforeAll(async () => {
  const port = await freeLoopbackPort();
  issuer = `http://127.0.0.1:${port}/oauth2/default`;
  const audience = 'api://default';
  // The SPs first, trusting an issuer nothing serves yet, as a customer's SP is configured once.
  sps.auth0 = await startAuth0BearerApi({ issuerBaseURL: issuer, audience });
  sps.auth0NoCooldown = await startAuth0BearerApi({
    issuerBaseURL: issuer,
    audience,
    cooldownDuration: 0,
  });
  sps.expressJwt = await startExpressJwtApi({ issuer, audience });
  sps.oktaVerifier = await startOktaVerifierApi({ issuer, audience });
  idp = await startEmulator({}, { port });
});

test.afterAll(async () => {
  await idp?.close();
  for (const sp of Object.values(sps)) await sp.close();
});

const check = (sp: RunningSp, timeoutMs = 60_000) =>
  rotateCheck({ idp, spUrl: sp.url, server: 'default', timeoutMs, intervalMs: 250 });

for (const name of ['expressJwt', 'oktaVerifier', 'auth0NoCooldown'] as const) {
  test(`${name}: fetches the keys again on an unknown kid (no window)`, async () => {
    const r = await check(sps[name]!);
    console.log(`${name}: ${r.verdict}, window ${r.windowMs} ms, ${r.attempts} attempt(s)`);
    expect(r.baseline.status).toBe(200);
    expect(r.newKid).not.toBe(r.oldKid);
    expect(r.verdict).toBe('refetches-on-unknown-kid');
    expect(r.attempts).toBe(1);
    expect(r.jwksFetches.duringWindow).toBeGreaterThanOrEqual(1);
    expect(r.windowMs!).toBeLessThan(5_000);
    // The old key stays published after the rotation: the old token is still good.
    expect(r.oldTokenAfterRotation?.status).toBe(200);
  });
}

test('auth0 with its default 30 s cooldown: refuses good tokens for its cache window', async () => {
  const r = await check(sps.auth0!);
  console.log(
    `auth0 (default cooldown): ${r.verdict}, window ${r.windowMs} ms, ${r.attempts} attempt(s)`,
  );
  expect(r.baseline.status).toBe(200);
  expect(r.verdict).toBe('cache-window');
  expect(r.firstRefusal?.status).toBe(401);
  // jose's own message for a kid its cached JWKS lacks.
  expect(r.firstRefusal?.wwwAuthenticate).toMatch(
    /no applicable key found in the JSON Web Key Set/,
  );
  // The window ends when the cooldown that began at the baseline's fetch is over.
  expect(r.windowMs!).toBeGreaterThan(25_000);
  expect(r.windowMs!).toBeLessThan(32_000);
  expect(r.jwksFetches.beforeRotation).toBe(1);
});

test('an SP that refuses the current key is reported, not measured', async () => {
  // Trusts the issuer but wants another audience: the current key's token is refused.
  const wrong = await startExpressJwtApi({ issuer, audience: 'api://orders' });
  try {
    const r = await check(wrong, 1_000);
    expect(r.verdict).toBe('baseline-refused');
    expect(r.baseline.status).toBe(401);
    expect(r.attempts).toBe(0);
  } finally {
    await wrong.close();
  }
});
