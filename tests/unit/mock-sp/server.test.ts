import { test, expect } from '@playwright/test';
import { startMockSp, type MockSp } from '../../../mock-sp/server.js';
import type { SpExpectation } from '../../../src/expectation.js';
import { AUDIENCE, CLIENT_ID, send, startTestIssuer, type TestIssuer } from './fixtures.js';
import { dpopProof, rsaKey, sign, testKey, thumbprintOf } from '../../support/tokens.js';

let idp: TestIssuer;
let sp: MockSp;
let profiles: Record<string, SpExpectation>;

test.beforeAll(async () => {
  idp = await startTestIssuer([await rsaKey('k1')]);
  profiles = {
    api: { issuer: idp.issuer, audience: AUDIENCE, requireScopes: ['orders:read'] },
    writer: {
      issuer: idp.issuer,
      audience: AUDIENCE,
      requireScopes: ['orders:write', 'orders:admin'],
    },
    rp: { issuer: idp.issuer, clientId: CLIENT_ID, tokenUse: 'id_token', userClaim: 'email' },
    strict: {
      issuer: idp.issuer,
      audience: AUDIENCE,
      jwksUri: idp.jwksUri,
      accessTokenProfile: 'rfc9068',
      dpop: 'required',
    },
  };
  sp = await startMockSp({ profiles, realm: 'orders-api' });
});
test.afterAll(async () => {
  await sp.close();
  await idp.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test.describe('mock SP over HTTP', () => {
  test('starts on port 0 within a few milliseconds and closes', async () => {
    const started = performance.now();
    const other = await startMockSp({ profiles: { a: {} } });
    const elapsed = performance.now() - started;
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Generous bound: CI machines are shared; bench/sp.bench.ts measures the real figure.
    expect(elapsed).toBeLessThan(1000);
    await other.close();
  });

  test('refuses a profile set it cannot serve, saying why', async () => {
    await expect(startMockSp({ profiles: {} })).rejects.toThrow(/at least one/);
    await expect(startMockSp({ profiles: { 'a b': {} } })).rejects.toThrow(/profile name "a b"/);
  });

  test('a key lookup that throws is a 401 naming the key problem, never a 500', async () => {
    const broken = await startMockSp({
      profiles: { api: profiles.api as SpExpectation },
      keys: () => {
        throw new TypeError('key store offline');
      },
    });
    try {
      const answer = await send(broken.resourceUrl(), { headers: bearer(idp.accessToken()) });
      expect(answer.status).toBe(401);
      expect(answer.json().diagnosis).toEqual(['unknown_signing_key']);
      expect(answer.json().error_description).toMatch(/key store offline/);
      expect((await send(broken.resourceUrl())).status).toBe(401);
    } finally {
      await broken.close();
    }
  });

  test('no credentials: 401 with a Bearer challenge and no error code (RFC 6750 §3.1)', async () => {
    const answer = await send(sp.resourceUrl());
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="orders-api"');
  });

  test('another scheme (Basic) is treated as no Bearer credentials', async () => {
    const answer = await send(sp.resourceUrl(), {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="orders-api"');
    expect(answer.text).not.toContain('dXNlcjpwYXNz');
  });

  test('a good token: 200 with the user and the claims, on /api/me (first profile) and /p/api/api/me', async () => {
    for (const url of [sp.resourceUrl(), sp.resourceUrl('api')]) {
      const answer = await send(url, { headers: bearer(idp.accessToken()) });
      expect(answer.status).toBe(200);
      expect(answer.json()).toMatchObject({ user: 'alice@example.com', claims: { aud: AUDIENCE } });
    }
  });

  test('a rejected token: 401, RFC 6750 challenge and a JSON body naming the codes', async () => {
    const token = idp.accessToken({ aud: CLIENT_ID, exp: Math.floor(Date.now() / 1000) - 5 });
    const answer = await send(sp.resourceUrl('api'), { headers: bearer(token) });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(
      /^Bearer realm="orders-api", error="invalid_token", error_description="aud [^"]*not [^"]*; the token expired[^"]*"$/,
    );
    const body = answer.json();
    expect(body).toMatchObject({
      error: 'invalid_token',
      diagnosis: ['audience_mismatch', 'token_expired'],
    });
    expect(body.failures).toEqual([
      expect.objectContaining({
        code: 'audience_mismatch',
        claim: 'aud',
        token: CLIENT_ID,
        expected: AUDIENCE,
      }),
      expect.objectContaining({ code: 'token_expired', claim: 'exp' }),
    ]);
    // Header and payload only ever: the signature never comes back.
    expect(answer.text).not.toContain(token.split('.')[2]);
  });

  test('only scopes missing: 403 insufficient_scope with the scopes the API needs', async () => {
    const answer = await send(sp.resourceUrl('writer'), { headers: bearer(idp.accessToken()) });
    expect(answer.status).toBe(403);
    expect(answer.headers['www-authenticate']).toMatch(
      /^Bearer realm="orders-api", error="insufficient_scope", error_description="[^"]+", scope="orders:write orders:admin"$/,
    );
    expect(answer.json().diagnosis).toEqual(['insufficient_scope']);
  });

  test('profiles judge differently: the same token is fine for one SP and not for another', async () => {
    const token = idp.accessToken();
    expect((await send(sp.resourceUrl('api'), { headers: bearer(token) })).status).toBe(200);
    const strict = await send(sp.resourceUrl('strict'), { headers: bearer(token) });
    expect(strict.status).toBe(401);
    expect(strict.json().diagnosis).toEqual([
      'access_token_profile_mismatch',
      'dpop_binding_mismatch',
    ]);
    // An SP that requires DPoP says so in a second challenge.
    expect(strict.headers['www-authenticate']).toMatch(
      /DPoP realm="orders-api", error="invalid_token"/,
    );
  });

  test('an unknown profile: 404 JSON naming the profiles; unknown path 404; wrong method 405', async () => {
    const answer = await send(`${sp.url}/p/nope/api/me`, { headers: bearer(idp.accessToken()) });
    expect(answer.status).toBe(404);
    expect(answer.json().error_description).toMatch(
      /no SP profile "nope"; profiles: api, writer, rp, strict/,
    );
    expect((await send(`${sp.url}/admin`)).status).toBe(404);
    const put = await send(sp.resourceUrl(), { method: 'PUT' });
    expect(put.status).toBe(405);
    expect((await send(sp.callbackUrl('rp'))).status).toBe(405);
  });

  test('RP-style callback: a form_post id_token signs the user in (JSON and HTML)', async () => {
    const form = `id_token=${idp.idToken()}&state=s1`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const json = await send(sp.callbackUrl('rp'), {
      method: 'POST',
      headers: { ...headers, accept: 'application/json' },
      body: form,
    });
    expect(json.status).toBe(200);
    expect(json.json()).toMatchObject({ user: 'alice@example.com' });
    const html = await send(sp.callbackUrl('rp'), {
      method: 'POST',
      headers: { ...headers, accept: 'text/html' },
      body: form,
    });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('Signed in as alice@example.com');
  });

  test('RP-style callback: an ID token lacking the user claim is 401 the same way', async () => {
    const body = `id_token=${idp.idToken({ email: undefined, at_hash: 'abc' })}`;
    const answer = await send(sp.callbackUrl('rp'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(answer.json()).toMatchObject({
      diagnosis: ['user_claim_mismatch'],
      failures: [
        { claim: 'email', related: { preferred_username: 'alice@example.com', at_hash: 'abc' } },
      ],
    });
  });

  test('an access token posted to the RP callback: token_type_mismatch', async () => {
    const answer = await send(sp.callbackUrl('rp'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id_token=${idp.accessToken()}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.json().diagnosis).toEqual(
      expect.arrayContaining(['token_type_mismatch', 'audience_mismatch']),
    );
  });

  test('callback without an id_token: 400; with an authorize error: 400 echoing it', async () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const none = await send(sp.callbackUrl('rp'), { method: 'POST', headers, body: 'state=x' });
    expect(none.status).toBe(400);
    expect(none.json()).toMatchObject({ error: 'invalid_request' });
    const idpError = await send(sp.callbackUrl('rp'), {
      method: 'POST',
      headers,
      body: 'error=access_denied&error_description=User+is+not+assigned+to+the+client+application.',
    });
    expect(idpError.status).toBe(400);
    expect(idpError.json()).toMatchObject({
      error: 'access_denied',
      error_description: 'User is not assigned to the client application.',
    });
    const bigBody = await send(sp.callbackUrl('rp'), {
      method: 'POST',
      headers,
      body: `id_token=${'a'.repeat(70 * 1024)}`,
    });
    expect(bigBody.status).toBe(413);
  });

  test('DPoP over HTTP: a bound token with its proof is accepted; as Bearer it is refused', async () => {
    const key = await testKey('dpop', 'ES256');
    const token = idp.accessToken({ cnf: { jkt: await thumbprintOf(key) } });
    const proof = await dpopProof(key, {
      htm: 'GET',
      htu: sp.resourceUrl('api'),
      accessToken: token,
    });
    const ok = await send(sp.resourceUrl('api'), {
      headers: { authorization: `DPoP ${token}`, dpop: proof },
    });
    expect(ok.status).toBe(200);
    const asBearer = await send(sp.resourceUrl('api'), { headers: bearer(token) });
    expect(asBearer.status).toBe(401);
    expect(asBearer.json().diagnosis).toEqual(['dpop_binding_mismatch']);
    const noProof = await send(sp.resourceUrl('api'), {
      headers: { authorization: `DPoP ${token}` },
    });
    expect(noProof.status).toBe(401);
    expect(noProof.json().diagnosis).toEqual(['dpop_binding_mismatch']);
    // Two challenges, Bearer then DPoP (node's client joins repeated headers with ", ").
    expect(String(noProof.headers['www-authenticate'])).toMatch(
      /^Bearer realm="orders-api", .*, DPoP realm="orders-api", .*algs="ES256 /,
    );
  });

  test('requests() records each request with header and payload only', async () => {
    const token = idp.accessToken();
    await send(sp.resourceUrl('api'), { headers: bearer(token) });
    const last = sp.requests().at(-1);
    expect(last).toMatchObject({
      method: 'GET',
      path: '/p/api/api/me',
      profile: 'api',
      presentation: 'bearer',
      status: 200,
      user: 'alice@example.com',
    });
    expect(last?.token?.payload.aud).toBe(AUDIENCE);
    expect(JSON.stringify(sp.requests())).not.toContain(token.split('.')[2]);
  });

  test('serveInfo() is the sp object of serve --json', () => {
    const info = sp.serveInfo();
    expect(info.url).toBe(`${sp.url}/api/me`);
    expect(info.expect).toEqual(profiles.api);
    expect(Object.keys(info.profiles)).toEqual(['api', 'writer', 'rp', 'strict']);
    expect(info.profiles.rp?.callbackUrl).toBe(`${sp.url}/p/rp/callback`);
  });
});

test('an SP whose clock runs ahead (now) rejects a token that has expired by that clock', async () => {
  const key = await rsaKey('k1');
  const issuer = await startTestIssuer([key]);
  const ahead = await startMockSp({
    profiles: { api: { issuer: issuer.issuer, audience: AUDIENCE } },
    now: () => Date.now() + 3_700_000,
  });
  const onTime = await startMockSp({
    profiles: { api: { issuer: issuer.issuer, audience: AUDIENCE } },
  });
  try {
    const iat = Math.floor(Date.now() / 1000);
    const token = sign(
      { alg: 'RS256', kid: 'k1' },
      { iss: issuer.issuer, aud: AUDIENCE, sub: 'u1', iat, exp: iat + 3600 },
      key.privateKey,
    );
    const late = await send(ahead.resourceUrl(), { headers: bearer(token) });
    expect(late.status).toBe(401);
    expect(late.json().diagnosis).toEqual(['token_expired']);
    const now = await send(onTime.resourceUrl(), { headers: bearer(token) });
    expect(now.status).toBe(200);
  } finally {
    await Promise.all([ahead.close(), onTime.close(), issuer.close()]);
  }
});
