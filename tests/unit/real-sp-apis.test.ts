import { test, expect } from '@playwright/test';
import { startOktaVerifierApi } from '../../real-sp/okta-verifier-api.js';
import { startPassportApi } from '../../real-sp/passport-api.js';
import type { RunningSp } from '../../real-sp/types.js';
import { startStandInIssuer } from './real-sp-issuer.js';
import type { StandInIssuer } from './real-sp-issuer.js';

// The two real resource servers against a stand-in issuer with real RS256 keys: what each
// library itself answers to a good token and to the usual Okta mistakes (okta-behavior.md §7, §8).

let idp: StandInIssuer;
let okta: RunningSp;
let oktaBare: RunningSp;
let pass: RunningSp;

test.beforeAll(async () => {
  idp = await startStandInIssuer();
  okta = await startOktaVerifierApi({ issuer: idp.issuer, audience: 'api://default' });
  oktaBare = await startOktaVerifierApi({
    issuer: idp.issuer,
    audience: 'api://default',
    bareErrors: true,
  });
  pass = await startPassportApi({ issuer: idp.issuer, audience: 'api://default' });
});

test.afterAll(async () => {
  await Promise.all([okta?.close(), oktaBare?.close(), pass?.close()]);
  await idp?.close();
});

async function call(sp: RunningSp, token?: string) {
  const res = await fetch(sp.url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return {
    status: res.status,
    wwwAuthenticate: res.headers.get('www-authenticate'),
    body: await res.text(),
  };
}

test('Okta verifier accepts a good access token and answers its claims', async () => {
  const r = await call(okta, await idp.mint());
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body)).toMatchObject({
    sub: 'alice@example.com',
    claims: { aud: 'api://default' },
  });
});

test('Okta verifier names the audience mismatch in WWW-Authenticate', async () => {
  const r = await call(okta, await idp.mint({ aud: '0oaclient' }));
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toBe(
    'Bearer error="invalid_token", error_description="audience claim 0oaclient does not match expected audience: api://default"',
  );
});

test('Okta verifier names the issuer mismatch and the expiry', async () => {
  const other = idp.issuer.replace('/oauth2/default', '');
  const wrongIss = await call(okta, await idp.mint({ iss: other }));
  expect(wrongIss.status).toBe(401);
  expect(wrongIss.wwwAuthenticate).toContain(
    `error_description="issuer ${other} does not match expected issuer: ${idp.issuer}"`,
  );
  const expired = await call(okta, await idp.mint({}, { expiresInSeconds: -60 }));
  expect(expired.status).toBe(401);
  expect(expired.wwwAuthenticate).toContain('error_description="Jwt is expired"');
});

test('Okta verifier reports an unknown kid with the quotes escaped', async () => {
  const r = await call(okta, await idp.mint({}, { kid: 'rotated-away' }));
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toContain(
    'Error while resolving signing key for kid \\"rotated-away\\"',
  );
});

test('Okta verifier in bare mode gives no reason at all', async () => {
  const r = await call(oktaBare, await idp.mint({ aud: '0oaclient' }));
  expect(r).toEqual({ status: 401, wwwAuthenticate: null, body: 'Unauthorized' });
  const good = await call(oktaBare, await idp.mint());
  expect(good.status).toBe(200);
  expect(oktaBare.logs?.()).toContain('audience claim 0oaclient does not match expected audience');
});

test('Okta verifier with no token asks for Bearer without an error code', async () => {
  const r = await call(okta);
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toBe('Bearer');
});

test('passport-jwt accepts a good token and answers every fault with a bare 401', async () => {
  const good = await call(pass, await idp.mint());
  expect(good.status).toBe(200);
  expect(JSON.parse(good.body).claims.iss).toBe(idp.issuer);
  for (const bad of [
    await idp.mint({ aud: '0oaclient' }),
    await idp.mint({ iss: 'https://example.okta.com' }),
    await idp.mint({}, { expiresInSeconds: -60 }),
  ]) {
    expect(await call(pass, bad)).toEqual({
      status: 401,
      wwwAuthenticate: null,
      body: 'Unauthorized',
    });
  }
});

test('requireClaims: both APIs refuse a token lacking the claim the application reads', async () => {
  const strictOkta = await startOktaVerifierApi({
    issuer: idp.issuer,
    audience: 'api://default',
    requireClaims: ['email'],
  });
  const strictPassport = await startPassportApi({
    issuer: idp.issuer,
    audience: 'api://default',
    requireClaims: ['email'],
  });
  try {
    const thin = await idp.mint();
    const r = await call(strictOkta, thin);
    expect(r.status).toBe(401);
    expect(r.wwwAuthenticate).toContain('error_description="claim email missing from the token"');
    expect((await call(strictPassport, thin)).status).toBe(401);
    const withEmail = await idp.mint({ email: 'alice@example.com' });
    expect((await call(strictOkta, withEmail)).status).toBe(200);
    expect((await call(strictPassport, withEmail)).status).toBe(200);
  } finally {
    await Promise.all([strictOkta.close(), strictPassport.close()]);
  }
});

test('bad start options fail at start with the option named', async () => {
  await expect(startOktaVerifierApi({ issuer: 'not a url', audience: 'x' })).rejects.toThrow(
    'startOktaVerifierApi: option "issuer": expected an http(s) URL, got "not a url"',
  );
  await expect(startOktaVerifierApi({ issuer: idp.issuer })).rejects.toThrow(
    'startOktaVerifierApi: option "audience": expected a non-empty string, got nothing',
  );
  await expect(
    startPassportApi({ issuer: idp.issuer, audience: 'a', requireClaims: 'email' as never }),
  ).rejects.toThrow('option "requireClaims": expected an array of claim names');
});
