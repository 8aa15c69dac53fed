import { test, expect } from '@playwright/test';
import { checkToken, grantedScopes, type CheckContext } from '../../../src/checks/claims.js';
import { guessTokenUse, isOrgAccessToken } from '../../../src/checks/token-use.js';
import type { TokenParts } from '../../../src/checks/types.js';
import type { SpExpectation } from '../../../src/expectation.js';

const ORG = 'https://dev-1.okta.example';
const ISSUER = `${ORG}/oauth2/default`;
const CLIENT_ID = '0oa1client';
const NOW = 1_800_000_000;

/** An Okta custom-server access token (okta-behavior.md §2): no typ, scp array, sub = login. */
function accessToken(
  payload: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): TokenParts {
  return {
    header: { alg: 'RS256', kid: 'k1', ...header },
    payload: {
      ver: 1,
      jti: 'AT.abc',
      iss: ISSUER,
      aud: 'api://default',
      iat: NOW - 60,
      exp: NOW + 3540,
      cid: CLIENT_ID,
      uid: '00u1alice',
      scp: ['openid', 'email', 'orders:read'],
      auth_time: NOW - 70,
      sub: 'alice@example.com',
      ...payload,
    },
  };
}

/** An Okta ID token: sub = user id, aud = client id, ID. jti, amr, idp. */
function idToken(
  payload: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): TokenParts {
  return {
    header: { alg: 'RS256', kid: 'k1', ...header },
    payload: {
      ver: 1,
      jti: 'ID.xyz',
      iss: ISSUER,
      aud: CLIENT_ID,
      iat: NOW - 60,
      exp: NOW + 3540,
      sub: '00u1alice',
      amr: ['pwd'],
      idp: '00o1org',
      auth_time: NOW - 70,
      email: 'alice@example.com',
      preferred_username: 'alice@example.com',
      ...payload,
    },
  };
}

const api: SpExpectation = { issuer: ISSUER, audience: 'api://default', tokenUse: 'access_token' };
const rp: SpExpectation = { issuer: ISSUER, clientId: CLIENT_ID, tokenUse: 'id_token' };
const at = { now: NOW } satisfies CheckContext;

interface Row {
  name: string;
  parts: TokenParts;
  expectation: SpExpectation;
  context?: CheckContext;
  codes: string[];
  /** Claims the failures must name, in order. */
  claims?: Array<string | undefined>;
}

const rows: Row[] = [
  { name: 'a good access token', parts: accessToken(), expectation: api, codes: [] },
  { name: 'a good ID token', parts: idToken(), expectation: rp, codes: [] },
  {
    name: 'ORG issuer where the custom server is trusted',
    parts: accessToken({ iss: ORG }),
    expectation: api,
    codes: ['issuer_mismatch'],
    claims: ['iss'],
  },
  {
    name: 'one of several trusted issuers',
    parts: accessToken({ iss: `${ORG}/oauth2/aus2` }),
    expectation: { ...api, issuer: [ISSUER, `${ORG}/oauth2/aus2`] },
    codes: [],
  },
  {
    name: 'missing iss',
    parts: accessToken({ iss: undefined }),
    expectation: api,
    codes: ['issuer_mismatch'],
  },
  {
    name: 'aud api://default where the SP expects the client id',
    parts: accessToken(),
    expectation: { ...api, audience: CLIENT_ID },
    codes: ['audience_mismatch'],
    claims: ['aud'],
  },
  {
    name: 'aud array with one match is accepted',
    parts: accessToken({ aud: ['api://other', 'api://default'] }),
    expectation: api,
    codes: [],
  },
  {
    name: 'aud array with no match is rejected',
    parts: accessToken({ aud: ['api://other', 'api://third'] }),
    expectation: api,
    codes: ['audience_mismatch'],
  },
  {
    name: 'ID token aud checked against the client id',
    parts: idToken({ aud: '0oaOTHER' }),
    expectation: rp,
    codes: ['audience_mismatch'],
  },
  {
    name: 'ID token with several audiences and a foreign azp',
    parts: idToken({ aud: [CLIENT_ID, 'other'], azp: 'other' }),
    expectation: rp,
    codes: ['audience_mismatch'],
    claims: ['azp'],
  },
  {
    name: 'an ID token sent to an API (aud = client id, nonce, amr)',
    parts: idToken({ nonce: 'n-1' }),
    expectation: { ...api, clientId: CLIENT_ID },
    codes: ['audience_mismatch', 'token_type_mismatch'],
  },
  {
    name: 'an access token posted to an RP',
    parts: accessToken(),
    expectation: rp,
    codes: ['audience_mismatch', 'token_type_mismatch'],
  },
  {
    name: 'an ORG access token by typ',
    parts: accessToken({ iss: ORG, aud: ORG }, { typ: 'application/okta-internal-at+jwt' }),
    expectation: { audience: 'api://default' },
    codes: ['audience_mismatch', 'org_server_access_token'],
    claims: ['aud', 'typ'],
  },
  {
    name: 'an ORG access token by iss = aud = org URL (older tokens, no typ)',
    parts: accessToken({ iss: ORG, aud: ORG }),
    expectation: {},
    codes: ['org_server_access_token'],
    claims: ['iss'],
  },
  {
    name: 'an ORG access token where the SP accepts them',
    parts: accessToken({ iss: ORG, aud: ORG }, { typ: 'application/okta-internal-at+jwt' }),
    expectation: { issuer: ORG, audience: ORG, acceptOrgAccessTokens: true },
    codes: [],
  },
  {
    name: 'expired',
    parts: accessToken({ exp: NOW - 10 }),
    expectation: api,
    codes: ['token_expired'],
  },
  {
    name: 'expired within the clock tolerance',
    parts: accessToken({ exp: NOW - 10 }),
    expectation: { ...api, clockToleranceSeconds: 30 },
    codes: [],
  },
  {
    name: 'exp exactly now',
    parts: accessToken({ exp: NOW }),
    expectation: api,
    codes: ['token_expired'],
  },
  {
    name: 'no exp',
    parts: accessToken({ exp: undefined }),
    expectation: api,
    codes: ['token_expired'],
    claims: ['exp'],
  },
  {
    name: 'exp a string',
    parts: accessToken({ exp: String(NOW + 60) }),
    expectation: api,
    codes: ['token_expired'],
  },
  {
    name: 'nbf in the future',
    parts: accessToken({ nbf: NOW + 120 }),
    expectation: api,
    codes: ['token_not_yet_valid'],
    claims: ['nbf'],
  },
  {
    name: 'iat in the future',
    parts: accessToken({ iat: NOW + 120 }),
    expectation: api,
    codes: ['token_not_yet_valid'],
    claims: ['iat'],
  },
  {
    name: 'iat in the future within the tolerance',
    parts: accessToken({ iat: NOW + 120 }),
    expectation: { ...api, clockToleranceSeconds: 300 },
    codes: [],
  },
  {
    name: 'alg none in any letter case',
    parts: accessToken({}, { alg: 'nOnE' }),
    expectation: { ...api, algorithms: ['RS256', 'none'] },
    codes: ['algorithm_not_allowed'],
  },
  {
    name: 'HS256 by default',
    parts: accessToken({}, { alg: 'HS256' }),
    expectation: api,
    codes: ['algorithm_not_allowed'],
  },
  {
    name: 'ES256 when the SP allows it',
    parts: accessToken({}, { alg: 'ES256' }),
    expectation: { ...api, algorithms: ['RS256', 'ES256'] },
    codes: [],
  },
  {
    name: 'no alg',
    parts: accessToken({}, { alg: undefined }),
    expectation: api,
    codes: ['algorithm_not_allowed'],
  },
  {
    name: 'an unknown crit header',
    parts: accessToken({}, { crit: ['urn:example:x'], 'urn:example:x': 1 }),
    expectation: api,
    codes: ['malformed_token'],
    claims: ['crit'],
  },
  {
    name: 'required claim missing',
    parts: accessToken(),
    expectation: { ...api, requireClaims: ['email', 'groups'] },
    codes: ['missing_claim', 'missing_claim'],
    claims: ['email', 'groups'],
  },
  {
    name: 'required dotted claim present',
    parts: accessToken({ cnf: { jkt: 'abc' } }),
    expectation: { ...api, requireClaims: ['cnf.jkt'] },
    context: { now: NOW, presentation: 'dpop', dpopJkt: 'abc' },
    codes: [],
  },
  {
    name: 'user claim email absent while preferred_username is present',
    parts: idToken({ email: undefined }),
    expectation: { ...rp, userClaim: 'email', requireClaims: ['email'] },
    codes: ['user_claim_mismatch'],
    claims: ['email'],
  },
  {
    name: 'user claim absent and nothing else identifies the user',
    parts: idToken({ email: undefined, preferred_username: undefined, sub: undefined }),
    expectation: { ...rp, userClaim: 'email' },
    codes: ['missing_claim'],
  },
  {
    name: 'missing scope (scp array)',
    parts: accessToken(),
    expectation: { ...api, requireScopes: ['orders:read', 'orders:write'] },
    codes: ['insufficient_scope'],
    claims: ['scp'],
  },
  {
    name: 'scopes read from an RFC 9068 scope string',
    parts: accessToken({ scp: undefined, scope: 'openid orders:read' }),
    expectation: { ...api, requireScopes: ['orders:read'] },
    codes: [],
  },
  {
    name: 'RFC 9068-strict SP given an Okta access token',
    parts: accessToken(),
    expectation: { ...api, accessTokenProfile: 'rfc9068' },
    codes: ['access_token_profile_mismatch', 'access_token_profile_mismatch'],
    claims: ['typ', 'scope'],
  },
  {
    name: 'RFC 9068-strict SP given an RFC 9068 token',
    parts: accessToken(
      { scp: undefined, scope: 'openid orders:read' },
      { typ: 'application/at+jwt' },
    ),
    expectation: { ...api, accessTokenProfile: 'rfc9068' },
    codes: [],
  },
  {
    name: 'DPoP-bound token sent as Bearer',
    parts: accessToken({ cnf: { jkt: 'thumb-1' } }),
    expectation: api,
    context: { now: NOW, presentation: 'bearer' },
    codes: ['dpop_binding_mismatch'],
    claims: ['cnf.jkt'],
  },
  {
    name: 'DPoP-bound token with a proof from another key',
    parts: accessToken({ cnf: { jkt: 'thumb-1' } }),
    expectation: api,
    context: { now: NOW, presentation: 'dpop', dpopJkt: 'thumb-2' },
    codes: ['dpop_binding_mismatch'],
  },
  {
    name: 'DPoP-bound token with the matching proof',
    parts: accessToken({ cnf: { jkt: 'thumb-1' } }),
    expectation: api,
    context: { now: NOW, presentation: 'dpop', dpopJkt: 'thumb-1' },
    codes: [],
  },
  {
    name: 'SP requiring DPoP given a plain token',
    parts: accessToken(),
    expectation: { ...api, dpop: 'required' },
    codes: ['dpop_binding_mismatch'],
  },
  {
    name: 'DPoP-bound token presented as DPoP without a proof',
    parts: accessToken({ cnf: { jkt: 'thumb-1' } }),
    expectation: api,
    context: { now: NOW, presentation: 'dpop' },
    codes: ['dpop_binding_mismatch'],
  },
  {
    name: 'nonce differs',
    parts: idToken({ nonce: 'n-other' }),
    expectation: { ...rp, nonce: 'n-1' },
    codes: ['nonce_mismatch'],
  },
  {
    name: 'nonce missing',
    parts: idToken(),
    expectation: { ...rp, nonce: 'n-1' },
    codes: ['nonce_mismatch'],
  },
  {
    name: 'several failures at once: wrong aud, no email, expired',
    parts: accessToken({ exp: NOW - 600 }),
    expectation: { ...api, audience: CLIENT_ID, requireClaims: ['email'] },
    codes: ['audience_mismatch', 'token_expired', 'missing_claim'],
  },
];

test.describe('checkToken', () => {
  for (const row of rows) {
    test(`${row.codes.length ? row.codes.join(' + ') : 'passes'}: ${row.name}`, () => {
      const failures = checkToken(row.parts, row.expectation, row.context ?? at);
      expect(failures.map((f) => f.code)).toEqual(row.codes);
      if (row.claims) expect(failures.map((f) => f.claim)).toEqual(row.claims);
      for (const f of failures) expect(f.message.length).toBeGreaterThan(10);
    });
  }

  test('evidence sits side by side: token value and expected value', () => {
    const [failure] = checkToken(accessToken(), { ...api, audience: CLIENT_ID }, at);
    expect(failure).toMatchObject({ claim: 'aud', token: 'api://default', expected: CLIENT_ID });
  });

  test('user_claim_mismatch names the identifying claims the token does carry', () => {
    const [failure] = checkToken(
      idToken({ email: undefined, at_hash: 'h' }),
      { ...rp, userClaim: 'email' },
      at,
    );
    expect(failure?.related).toEqual({
      preferred_username: 'alice@example.com',
      sub: '00u1alice',
      at_hash: 'h',
    });
  });

  test('a missing claim in an ID token issued with an access token carries at_hash (thin token)', () => {
    const [failure] = checkToken(
      idToken({ at_hash: 'h' }),
      { ...rp, requireClaims: ['given_name'] },
      at,
    );
    expect(failure).toMatchObject({
      code: 'missing_claim',
      claim: 'given_name',
      related: { at_hash: 'h' },
    });
  });

  test('an insufficient_scope failure per missing scope, naming it', () => {
    const failures = checkToken(
      accessToken({ scp: ['openid'] }),
      { ...api, requireScopes: ['a', 'b'] },
      at,
    );
    expect(failures.map((f) => f.expected)).toEqual(['a', 'b']);
    expect(failures[0]?.token).toEqual(['openid']);
  });

  test('the clock is the one given, not the machine clock', () => {
    const parts = accessToken();
    expect(checkToken(parts, api, { now: NOW })).toEqual([]);
    expect(checkToken(parts, api, { now: NOW + 4000 }).map((f) => f.code)).toEqual([
      'token_expired',
    ]);
  });
});

test.describe('token shape helpers', () => {
  test('guessTokenUse tells Okta ID tokens from access tokens', () => {
    expect(guessTokenUse(idToken(), CLIENT_ID).use).toBe('id_token');
    expect(guessTokenUse(accessToken(), CLIENT_ID).use).toBe('access_token');
    expect(guessTokenUse({ header: { alg: 'RS256' }, payload: { sub: 'x' } }).use).toBe('unknown');
  });

  test('isOrgAccessToken: typ, or iss and aud both the org URL; not a custom-server token', () => {
    expect(isOrgAccessToken(accessToken({}, { typ: 'application/okta-internal-at+jwt' }))).toBe(
      true,
    );
    expect(isOrgAccessToken(accessToken({ iss: ORG, aud: `${ORG}/` }))).toBe(true);
    expect(isOrgAccessToken(accessToken())).toBe(false);
    expect(isOrgAccessToken(idToken({ iss: ORG }))).toBe(false);
  });

  test('grantedScopes merges scp and scope', () => {
    expect(grantedScopes({ scp: ['a', 'b'], scope: 'b c' }).sort()).toEqual(['a', 'b', 'c']);
    expect(grantedScopes({})).toEqual([]);
  });
});
