import { test, expect } from '@playwright/test';
import { startEmulator } from '../../../mock-idp/index.js';
import type { Emulator, MintOptions } from '../../../mock-idp/index.js';
import { startOktaVerifierApi } from '../../../real-sp/okta-verifier-api.js';
import { startPassportApi } from '../../../real-sp/passport-api.js';
import type { RunningSp } from '../../../real-sp/types.js';
import { translateSpResponse } from '../../../src/diagnosis/translate.js';

// The two real resource servers against the live Okta emulator, tokens minted with its keys: what
// each library itself answers to a good token and to the usual Okta mistakes (okta-behavior.md
// §7, §8). The responses asserted here are the SPs' real ones, for the diagnosis to explain.

let idp: Emulator;
let okta: RunningSp;
let oktaBare: RunningSp;
let oktaEmail: RunningSp;
let pass: RunningSp;
let passEmail: RunningSp;
const startMs: Record<string, number> = {};

async function timed(name: string, start: () => Promise<RunningSp>): Promise<RunningSp> {
  const t0 = performance.now();
  const sp = await start();
  startMs[name] = Math.round(performance.now() - t0);
  return sp;
}

test.beforeAll(async () => {
  idp = await startEmulator();
  const issuer = idp.issuer('default');
  const audience = 'api://default';
  okta = await timed('okta-jwt-verifier', () => startOktaVerifierApi({ issuer, audience }));
  oktaBare = await startOktaVerifierApi({ issuer, audience, bareErrors: true });
  oktaEmail = await startOktaVerifierApi({ issuer, audience, requireClaims: ['email'] });
  pass = await timed('passport-jwt', () => startPassportApi({ issuer, audience }));
  passEmail = await startPassportApi({ issuer, audience, requireClaims: ['email'] });
  console.log(
    `API start: ${Object.entries(startMs)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', ')}`,
  );
});

test.afterAll(async () => {
  await Promise.all([okta, oktaBare, oktaEmail, pass, passEmail].map((sp) => sp?.close()));
  await idp?.close();
});

const mint = (o: Partial<MintOptions> = {}) =>
  idp.mintToken({ server: 'default', kind: 'access_token', ...o });

async function call(sp: RunningSp, token?: string) {
  const res = await fetch(sp.url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return {
    status: res.status,
    wwwAuthenticate: res.headers.get('www-authenticate'),
    body: await res.text(),
  };
}

const BARE = { status: 401, wwwAuthenticate: null, body: 'Unauthorized' };

test('both APIs accept a custom server access token and answer its claims', async () => {
  const token = await mint();
  for (const sp of [okta, oktaBare, pass]) {
    const r = await call(sp, token);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({
      sub: idp.users[0]!.login,
      claims: { iss: idp.issuer('default'), aud: 'api://default' },
    });
  }
});

test('ID token sent to the API: the verifier names the audience, passport says nothing', async () => {
  const idToken = await idp.mintToken({ server: 'default', kind: 'id_token' });
  const r = await call(okta, idToken);
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toBe(
    `Bearer error="invalid_token", error_description="audience claim ${idp.app.clientId} does not match expected audience: api://default"`,
  );
  expect(await call(oktaBare, idToken)).toEqual(BARE);
  expect(await call(pass, idToken)).toEqual(BARE);
});

test('ORG server access token: an unknown key for the verifier, bare 401 from passport', async () => {
  const orgToken = await idp.mintToken({ server: 'org', kind: 'access_token' });
  const r = await call(okta, orgToken);
  expect(r.status).toBe(401);
  // Signed with the ORG key, which the custom server's {issuer}/v1/keys does not publish: the
  // library fails at the key lookup, before it ever looks at `iss` or `aud` (§8, §7 item 3).
  const kid = JSON.parse(Buffer.from(orgToken.split('.')[0]!, 'base64url').toString()).kid;
  expect(r.wwwAuthenticate).toBe(
    `Bearer error="invalid_token", error_description="Error while resolving signing key for kid \\"${kid}\\""`,
  );
  expect(await call(pass, orgToken)).toEqual(BARE);
});

test('a token from another issuer (same keys): the verifier names both issuers', async () => {
  const token = await mint({ claims: { iss: idp.orgIssuer } });
  const r = await call(okta, token);
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toContain(
    `error_description="issuer ${idp.orgIssuer} does not match expected issuer: ${idp.issuer('default')}"`,
  );
  expect(await call(pass, token)).toEqual(BARE);
});

test('an expired token: "Jwt is expired" from the verifier, bare 401 from passport', async () => {
  const token = await mint({ expiresInSeconds: -120 });
  const r = await call(okta, token);
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toContain('error_description="Jwt is expired"');
  expect(await call(oktaBare, token)).toEqual(BARE);
  expect(await call(pass, token)).toEqual(BARE);
});

test('a key the emulator never published: the kid is named, quotes escaped', async () => {
  const token = await mint({ signingKey: 'foreign' });
  const r = await call(okta, token);
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toMatch(/Error while resolving signing key for kid \\"[^"\\]+\\"/);
  expect(await call(pass, token)).toEqual(BARE);
});

test('missing claim: the application refuses a token without email after the library accepted it', async () => {
  const noEmail = await mint();
  expect(
    JSON.parse(Buffer.from(noEmail.split('.')[1]!, 'base64url').toString()).email,
  ).toBeUndefined();
  const r = await call(oktaEmail, noEmail);
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toBe(
    'Bearer error="invalid_token", error_description="missing required \\"email\\" claim"',
  );
  expect(await call(passEmail, noEmail)).toEqual(BARE);
  const withEmail = await mint({ claims: { email: idp.users[0]!.email } });
  expect((await call(oktaEmail, withEmail)).status).toBe(200);
  expect((await call(passEmail, withEmail)).status).toBe(200);
});

test('no token: the verifier asks for Bearer without an error code; logs carry no token', async () => {
  const r = await call(okta);
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toBe('Bearer');
  const token = await mint({ claims: { aud: 'api://other' } });
  expect((await call(oktaBare, token)).wwwAuthenticate).toBeNull();
  const logs = oktaBare.logs?.() ?? '';
  expect(logs).toContain('audience claim api://other does not match expected audience');
  expect(logs).not.toContain(token.split('.')[2]!);
});

test('ID token mode: verifyIdToken against the client id', async () => {
  const rp = await startOktaVerifierApi({
    issuer: idp.issuer('default'),
    clientId: idp.app.clientId,
    tokenUse: 'id_token',
  });
  try {
    expect(
      (await call(rp, await idp.mintToken({ server: 'default', kind: 'id_token' }))).status,
    ).toBe(200);
    const r = await call(rp, await mint());
    expect(r.status).toBe(401);
    expect(r.wwwAuthenticate).toContain(
      `error_description="audience claim api://default does not match expected client id: ${idp.app.clientId}"`,
    );
  } finally {
    await rp.close();
  }
});

test("the verifier's real answers translate to the right diagnosis codes; bare ones to none", async () => {
  const cases: [string, string, string][] = [
    [await idp.mintToken({ server: 'default', kind: 'id_token' }), 'audience_mismatch', 'aud'],
    [await mint({ claims: { iss: idp.orgIssuer } }), 'issuer_mismatch', 'iss'],
    [await mint({ expiresInSeconds: -120 }), 'token_expired', 'exp'],
    [await mint({ signingKey: 'foreign' }), 'unknown_signing_key', 'kid'],
  ];
  for (const [token, code, claim] of cases) {
    const answer = await call(okta, token);
    const t = translateSpResponse({ ...answer, wwwAuthenticate: answer.wwwAuthenticate ?? '' });
    expect(t.translations.map((x) => [x.code, x.claim])).toEqual([[code, claim]]);
    // The same fault behind a bare 401: nothing to translate, the harness must find it itself.
    for (const bare of [oktaBare, pass]) {
      const b = await call(bare, token);
      expect(translateSpResponse({ status: b.status, body: b.body }).translations).toEqual([]);
    }
  }
  const missing = await call(oktaEmail, await mint());
  expect(
    translateSpResponse({ wwwAuthenticate: missing.wwwAuthenticate ?? '' }).translations.map(
      (x) => [x.code, x.claim],
    ),
  ).toEqual([['missing_claim', 'email']]);
});

test("assertClaims: the library's own message for a scope the token lacks", async () => {
  const sp = await startOktaVerifierApi({
    issuer: idp.issuer('default'),
    audience: 'api://default',
    assertClaims: { 'scp.includes': ['orders:read'] },
  });
  try {
    const r = await call(sp, await mint({ scopes: ['openid', 'email'] }));
    expect(r.status).toBe(401);
    expect(r.wwwAuthenticate).toBe(
      `Bearer error="invalid_token", error_description="claim 'scp' value 'openid,email' does not include expected value 'orders:read'"`,
    );
    const t = translateSpResponse({ wwwAuthenticate: r.wwwAuthenticate ?? '' }).translations;
    expect(t.map((x) => [x.code, x.claim])).toEqual([['insufficient_scope', 'scp']]);
    expect(
      (await call(sp, await mint({ claims: { scp: ['openid', 'orders:read'] } }))).status,
    ).toBe(200);
  } finally {
    await sp.close();
  }
});

test('bad start options fail at start with the option named', async () => {
  await expect(startOktaVerifierApi({ issuer: 'not a url', audience: 'x' })).rejects.toThrow(
    'startOktaVerifierApi: option "issuer": expected an http(s) URL, got "not a url"',
  );
  await expect(startOktaVerifierApi({ issuer: idp.issuer('default') })).rejects.toThrow(
    'startOktaVerifierApi: option "audience": expected a non-empty string, got nothing',
  );
  await expect(
    startPassportApi({
      issuer: idp.issuer('default'),
      audience: 'a',
      requireClaims: 'email' as never,
    }),
  ).rejects.toThrow('option "requireClaims": expected an array of claim names');
  await expect(
    startPassportApi({ issuer: idp.issuer('default'), audience: 'a', bareErrors: false as never }),
  ).rejects.toThrow('passport answers a bare 401 by design');
});
