import { test, expect } from '@playwright/test';
import { verify } from '../../../mock-sp/verify.js';
import type { SpExpectation } from '../../../src/expectation.js';
import { AUDIENCE, CLIENT_ID, startTestIssuer, type TestIssuer } from './fixtures.js';
import {
  dpopProof,
  rsaKey,
  sign,
  testKey,
  thumbprintOf,
  type TestKey,
} from '../../support/tokens.js';

let idp: TestIssuer;
let attacker: TestKey;
let api: SpExpectation;

test.beforeAll(async () => {
  idp = await startTestIssuer([await rsaKey('k1'), await rsaKey('k2')]);
  attacker = await rsaKey('k1');
  api = { issuer: idp.issuer, audience: AUDIENCE, tokenUse: 'access_token' };
});
test.afterAll(() => idp.close());

const codes = (v: Awaited<ReturnType<typeof verify>>) =>
  v.accepted ? [] : v.failures.map((f) => f.code);

test.describe('verify', () => {
  test('accepts a good access token with keys found through the issuer discovery', async () => {
    const verdict = await verify(idp.accessToken(), api);
    expect(verdict).toMatchObject({ accepted: true, user: 'alice@example.com' });
    expect(idp.hits).toContain('/oauth2/default/.well-known/openid-configuration');
    expect(idp.hits).toContain('/oauth2/default/v1/keys');
  });

  test('accepts with a given jwks_uri and with a given key set', async () => {
    expect((await verify(idp.accessToken(), { ...api, jwksUri: idp.jwksUri })).accepted).toBe(true);
    const keys = { keys: idp.keys.map((k) => k.publicJwk) };
    const before = idp.hits.length;
    expect((await verify(idp.accessToken(), api, { keys })).accepted).toBe(true);
    expect(idp.hits.length).toBe(before);
  });

  test('accepts an ID token at an RP and names the user by the configured claim', async () => {
    const verdict = await verify(idp.idToken(), {
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      tokenUse: 'id_token',
      userClaim: 'sub',
    });
    expect(verdict).toMatchObject({ accepted: true, user: '00u1alice' });
  });

  test('a token signed by a foreign key with a known kid: signature_invalid', async () => {
    const forged = sign(
      { alg: 'RS256', kid: 'k1' },
      { iss: idp.issuer, aud: AUDIENCE, exp: 9e9 },
      attacker.privateKey,
    );
    const verdict = await verify(forged, api);
    expect(codes(verdict)).toEqual(['signature_invalid']);
    expect(verdict).toMatchObject({ status: 401, error: 'invalid_token' });
  });

  test('an unknown kid: unknown_signing_key, naming the kid', async () => {
    const verdict = await verify(idp.accessToken({}, { kid: 'rotated-away' }), api);
    expect(verdict.accepted).toBe(false);
    if (!verdict.accepted)
      expect(verdict.failures).toEqual([
        expect.objectContaining({ code: 'unknown_signing_key', token: 'rotated-away' }),
      ]);
  });

  test('no kid and several keys: each candidate is tried', async () => {
    const second = sign(
      { alg: 'RS256' },
      { iss: idp.issuer, aud: AUDIENCE, exp: 9e9, scp: [] },
      idp.keys[1]!.privateKey,
    );
    expect((await verify(second, api)).accepted).toBe(true);
    const foreign = sign(
      { alg: 'RS256' },
      { iss: idp.issuer, aud: AUDIENCE, exp: 9e9 },
      attacker.privateKey,
    );
    expect(codes(await verify(foreign, api))).toEqual(['signature_invalid']);
  });

  test('reports the signature and every claim failure together', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = sign(
      { alg: 'RS256', kid: 'k1' },
      { iss: `${idp.issuer}x`, aud: CLIENT_ID, exp: now - 100, scp: ['openid'] },
      attacker.privateKey,
    );
    const verdict = await verify(token, {
      ...api,
      requireClaims: ['email'],
      requireScopes: ['orders:read'],
    });
    expect(codes(verdict).sort()).toEqual(
      [
        'audience_mismatch',
        'insufficient_scope',
        'issuer_mismatch',
        'missing_claim',
        'signature_invalid',
        'token_expired',
      ].sort(),
    );
    expect(verdict).toMatchObject({ status: 401, error: 'invalid_token' });
  });

  test('a wrong aud and a missing email on a properly signed token', async () => {
    const verdict = await verify(idp.accessToken(), {
      ...api,
      audience: CLIENT_ID,
      requireClaims: ['email'],
    });
    expect(codes(verdict)).toEqual(['audience_mismatch', 'missing_claim']);
  });

  test('only a scope missing: 403 insufficient_scope', async () => {
    const verdict = await verify(idp.accessToken(), { ...api, requireScopes: ['orders:write'] });
    expect(verdict).toMatchObject({ accepted: false, status: 403, error: 'insufficient_scope' });
  });

  test('HS256 keyed with the public key, even where the SP lists HS256: algorithm_not_allowed', async () => {
    const claims = { iss: idp.issuer, aud: AUDIENCE, exp: 9e9 };
    const pem = sign({ alg: 'HS256', kid: 'k1' }, claims, { secret: idp.keys[0]!.publicPem });
    expect(codes(await verify(pem, api))).toEqual(['algorithm_not_allowed']);
    expect(codes(await verify(pem, { ...api, algorithms: ['RS256', 'HS256'] }))).toEqual([
      'algorithm_not_allowed',
    ]);
  });

  test('discovery that cannot be reached: unknown_signing_key saying so', async () => {
    const verdict = await verify(idp.accessToken(), {
      ...api,
      issuer: 'http://127.0.0.1:9/oauth2/default',
      audience: AUDIENCE,
    });
    expect(codes(verdict)).toContain('unknown_signing_key');
    expect(codes(verdict)).toContain('issuer_mismatch');
  });

  test('a malformed token is one malformed_token failure, not an exception', async () => {
    const verdict = await verify('abc.def', api);
    expect(codes(verdict)).toEqual(['malformed_token']);
  });
});

test.describe('verify with DPoP', () => {
  async function proofKey() {
    const key = await testKey('dpop', 'ES256');
    return { ...key, jkt: await thumbprintOf(key) };
  }
  const proof = (key: TestKey, accessToken: string, claims: Record<string, unknown> = {}) =>
    dpopProof(key, { htm: 'GET', htu: 'http://sp.test/api/me', accessToken }, claims);
  const request = (p: string) => ({ proof: p, method: 'GET', url: 'http://sp.test/api/me?x=1' });

  test('a bound token with a matching proof is accepted', async () => {
    const key = await proofKey();
    const token = idp.accessToken({ cnf: { jkt: key.jkt } });
    const verdict = await verify(token, api, { dpop: request(await proof(key, token)) });
    expect(verdict.accepted).toBe(true);
  });

  test('a bound token sent as Bearer: dpop_binding_mismatch', async () => {
    const key = await proofKey();
    expect(codes(await verify(idp.accessToken({ cnf: { jkt: key.jkt } }), api))).toEqual([
      'dpop_binding_mismatch',
    ]);
  });

  test('a proof from another key: dpop_binding_mismatch', async () => {
    const [bound, other] = [await proofKey(), await proofKey()];
    const token = idp.accessToken({ cnf: { jkt: bound.jkt } });
    const verdict = await verify(token, api, { dpop: request(await proof(other, token)) });
    expect(codes(verdict)).toEqual(['dpop_binding_mismatch']);
  });

  const badProofs: Array<[string, Record<string, unknown>, RegExp]> = [
    ['another method', { htm: 'POST' }, /htm/],
    ['another URL', { htu: 'http://evil.test/api/me' }, /htu/],
    ['an old iat', { iat: Math.floor(Date.now() / 1000) - 3600 }, /iat/],
    ['another token hash', { ath: 'x' }, /ath/],
  ];
  for (const [name, claims, message] of badProofs) {
    test(`a proof for ${name}: dpop_binding_mismatch`, async () => {
      const key = await proofKey();
      const token = idp.accessToken({ cnf: { jkt: key.jkt } });
      const verdict = await verify(token, api, { dpop: request(await proof(key, token, claims)) });
      expect(codes(verdict)).toEqual(['dpop_binding_mismatch']);
      if (!verdict.accepted) expect(verdict.failures[0]?.message).toMatch(message);
    });
  }

  test('an SP requiring DPoP given a plain Bearer token', async () => {
    expect(codes(await verify(idp.accessToken(), { ...api, dpop: 'required' }))).toEqual([
      'dpop_binding_mismatch',
    ]);
  });
});
