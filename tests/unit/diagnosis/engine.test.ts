import { test, expect } from '@playwright/test';
import type { JWTPayload } from 'jose';
import { diagnose, type DiagnoseInput } from '../../../src/diagnosis/engine.js';
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../../../src/diagnosis/codes.js';
import { checkTokenIssuance } from '../../../src/okta/token-issuance.js';
import { hmacJwt, signJwt } from '../../support/tokens.js';

// Okta-shaped values (okta-behavior.md section 2).
const DOMAIN = 'https://dev-123456.okta.com';
const CUSTOM = `${DOMAIN}/oauth2/default`;
const CLIENT_ID = '0oa1b2c3d4e5f6g7h8i9';
const USER_ID = '00u1a2b3c4d5e6f7g8h9';
const NOW = 1_800_000_000;

function mint(payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return signJwt(payload, { header });
}

const base = { ver: 1, iat: NOW - 60, exp: NOW + 3600, auth_time: NOW - 60 };
const accessClaims = (over: JWTPayload = {}): JWTPayload => ({
  ...base,
  jti: 'AT.abc',
  iss: CUSTOM,
  aud: 'api://default',
  cid: CLIENT_ID,
  uid: USER_ID,
  scp: ['openid', 'profile'],
  sub: 'alice@example.com',
  ...over,
});
const idClaims = (over: JWTPayload = {}): JWTPayload => ({
  ...base,
  jti: 'ID.abc',
  iss: CUSTOM,
  aud: CLIENT_ID,
  sub: USER_ID,
  amr: ['pwd'],
  idp: '00o1a2b3c4d5e6f7g8h9',
  nonce: 'n-1',
  ...over,
});
const thinId = (over: JWTPayload = {}) => idClaims({ at_hash: 'x1y2z3', ...over });
const orgAccess = () =>
  mint(accessClaims({ iss: DOMAIN, aud: DOMAIN }), { typ: 'application/okta-internal-at+jwt' });

const apiExpect = { issuer: CUSTOM, audience: 'api://default', tokenUse: 'access_token' as const };
const rpExpect = { issuer: CUSTOM, clientId: CLIENT_ID, tokenUse: 'id_token' as const };
const r401 = (wwwAuthenticate?: string, body?: string) => ({
  status: 401,
  ...(wwwAuthenticate ? { wwwAuthenticate } : {}),
  ...(body ? { body } : {}),
});

type Case = { name: string; code: DiagnosisCode; input: () => Promise<DiagnoseInput> };

/** Each code from a token plus the SP's expectation (or the authorize error / System Log). */
const FROM_TOKEN: Case[] = [
  {
    name: 'access token for another API',
    code: 'audience_mismatch',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: { ...apiExpect, audience: 'api://orders' },
    }),
  },
  {
    name: 'custom server token, SP trusts the ORG server',
    code: 'issuer_mismatch',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: { ...apiExpect, issuer: DOMAIN },
    }),
  },
  {
    name: 'SP requires groups',
    code: 'missing_claim',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: { ...apiExpect, requireClaims: ['groups'] },
    }),
  },
  {
    name: 'SP maps by email, token has preferred_username',
    code: 'user_claim_mismatch',
    input: async () => ({
      token: await mint(idClaims({ preferred_username: 'alice' })),
      expectation: { ...rpExpect, userClaim: 'email' },
    }),
  },
  {
    name: 'thin ID token lacks email',
    code: 'thin_id_token',
    input: async () => ({
      token: await mint(thinId()),
      expectation: { ...rpExpect, requireClaims: ['email'] },
    }),
  },
  {
    name: 'ORG access token to an API',
    code: 'org_server_access_token',
    input: async () => ({
      token: await orgAccess(),
      expectation: { issuer: DOMAIN, audience: DOMAIN, tokenUse: 'access_token' },
    }),
  },
  {
    name: 'ID token sent to an API',
    code: 'token_type_mismatch',
    input: async () => ({ token: await mint(thinId()), expectation: apiExpect }),
  },
  {
    name: 'expired',
    code: 'token_expired',
    input: async () => ({
      token: await mint(accessClaims({ exp: NOW - 10 })),
      expectation: apiExpect,
    }),
  },
  {
    name: 'nbf in the future',
    code: 'token_not_yet_valid',
    input: async () => ({
      token: await mint(accessClaims({ nbf: NOW + 600 })),
      expectation: apiExpect,
    }),
  },
  {
    name: 'signature failure from verify()',
    code: 'signature_invalid',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: apiExpect,
      signature: {
        checked: true,
        failures: [{ code: 'signature_invalid', message: 'signature verification failed' }],
      },
    }),
  },
  {
    name: 'unknown kid from verify()',
    code: 'unknown_signing_key',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: apiExpect,
      signature: {
        checked: true,
        failures: [{ code: 'unknown_signing_key', message: 'no key', claim: 'kid', token: 'k1' }],
      },
    }),
  },
  {
    name: 'alg HS256',
    code: 'algorithm_not_allowed',
    input: async () => ({
      token: await hmacJwt(accessClaims()),
      expectation: apiExpect,
    }),
  },
  {
    name: 'two-part token',
    code: 'malformed_token',
    input: async () => ({ token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0', expectation: apiExpect }),
  },
  {
    name: 'nonce differs',
    code: 'nonce_mismatch',
    input: async () => ({
      token: await mint(idClaims()),
      expectation: { ...rpExpect, nonce: 'n-2' },
    }),
  },
  {
    name: 'scope not granted',
    code: 'insufficient_scope',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: { ...apiExpect, requireScopes: ['orders:read'] },
    }),
  },
  {
    name: 'DPoP-bound token sent as Bearer',
    code: 'dpop_binding_mismatch',
    input: async () => ({
      token: await mint(accessClaims({ cnf: { jkt: 'abc' } })),
      expectation: apiExpect,
      presentation: 'bearer',
    }),
  },
  {
    name: 'RFC 9068-strict SP',
    code: 'access_token_profile_mismatch',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: { ...apiExpect, accessTokenProfile: 'rfc9068' },
    }),
  },
  {
    name: 'authorize: custom scope at the ORG server',
    code: 'custom_scope_on_org_server',
    input: async () => ({
      authorizeError: {
        error: 'invalid_scope',
        error_description: 'Custom scopes are not allowed for this request.',
        requestedScopes: ['openid', 'orders:read'],
        server: 'org',
      },
    }),
  },
  {
    name: 'token: client credentials at the ORG server',
    code: 'client_credentials_on_org_server',
    input: async () => ({
      authorizeError: {
        error: 'invalid_scope',
        error_description: 'Custom scopes are not allowed for this request.',
        requestedScopes: ['orders:read'],
        server: 'org',
        grantType: 'client_credentials',
      },
    }),
  },
  {
    name: 'authorize: more than 100 groups match the groups claim',
    code: 'too_many_groups',
    input: async () => ({
      authorizeError: {
        error: 'invalid_request',
        error_description:
          'The groups claim matched too many groups and must be configured to match fewer groups',
        requestedScopes: ['openid', 'groups'],
        server: 'org',
      },
    }),
  },
  {
    name: 'authorize: scope unknown to the custom server',
    code: 'scope_not_configured',
    input: async () => ({
      authorizeError: {
        error: 'invalid_scope',
        error_description:
          'One or more scopes are not configured for the authorization server resource.',
      },
    }),
  },
  {
    name: 'authorize: user not assigned',
    code: 'user_not_assigned',
    input: async () => ({
      authorizeError: {
        error: 'access_denied',
        error_description: 'User is not assigned to the client application.',
      },
    }),
  },
  {
    name: "Okta's 400 page: redirect URI",
    code: 'redirect_uri_not_registered',
    input: async () => ({
      authorizeError: {
        error: 'invalid_request',
        error_description:
          "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
        status: 400,
      },
    }),
  },
  {
    name: 'authorize: policy evaluation failed',
    code: 'tokens_not_issued',
    input: async () => ({
      authorizeError: {
        error: 'access_denied',
        error_description:
          'Policy evaluation failed for this request, please check the policy configurations.',
      },
    }),
  },
  {
    name: 'valid token, bare 401',
    code: 'unexplained',
    input: async () => ({
      token: await mint(accessClaims()),
      expectation: apiExpect,
      spResponse: r401('Bearer realm="api"'),
    }),
  },
];

const log = (eventType: string, result: string, reason: string | null = null) => ({
  eventType,
  published: '2027-01-15T08:00:00.000Z',
  outcome: { result, reason },
  target: [{ id: CLIENT_ID, type: 'AppInstance' }],
});

/** Each code from what the SP (or Okta's System Log) said, with no expectation given. */
const FROM_WORDS: Case[] = [
  {
    name: "express: Unexpected 'aud' value",
    code: 'audience_mismatch',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(
        `Bearer realm="api", error="invalid_token", error_description="Unexpected 'aud' value"`,
      ),
    }),
  },
  {
    name: '.NET IDX10205',
    code: 'issuer_mismatch',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(
        undefined,
        `IDX10205: Issuer validation failed. Issuer: '${CUSTOM}'. Did not match: validationParameters.ValidIssuer: '${DOMAIN}'`,
      ),
    }),
  },
  {
    name: 'jose: missing groups',
    code: 'missing_claim',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(
        undefined,
        '{"error":"invalid_token","error_description":"missing required \\"groups\\" claim"}',
      ),
    }),
  },
  {
    name: 'jose: missing email, token has preferred_username',
    code: 'user_claim_mismatch',
    input: async () => ({
      token: await mint(idClaims({ preferred_username: 'alice' })),
      spResponse: r401(undefined, 'missing required "email" claim'),
    }),
  },
  {
    name: 'jose: missing email on a thin ID token',
    code: 'thin_id_token',
    input: async () => ({
      token: await mint(thinId()),
      spResponse: r401(undefined, 'missing required "email" claim'),
    }),
  },
  {
    name: "express: Unexpected 'typ' value with an ORG token",
    code: 'org_server_access_token',
    input: async () => ({
      token: await orgAccess(),
      spResponse: r401(`Bearer error="invalid_token", error_description="Unexpected 'typ' value"`),
    }),
  },
  {
    name: 'okta-jwt-verifier: ID token to an API',
    code: 'token_type_mismatch',
    input: async () => ({
      token: await mint(thinId()),
      spResponse: r401(
        undefined,
        `audience claim ${CLIENT_ID} does not match expected audience: api://default`,
      ),
    }),
  },
  {
    name: 'okta-jwt-verifier: Jwt is expired',
    code: 'token_expired',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(undefined, 'Jwt is expired'),
    }),
  },
  {
    name: 'okta-jwt-verifier: Jwt not active',
    code: 'token_not_yet_valid',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(undefined, 'Jwt not active'),
    }),
  },
  {
    name: 'Spring: invalid signature',
    code: 'signature_invalid',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(
        'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature"',
      ),
    }),
  },
  {
    name: '.NET IDX10501',
    code: 'unknown_signing_key',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(
        undefined,
        "IDX10501: Signature validation failed. Unable to match key: \nkid: 'k1'.",
      ),
    }),
  },
  {
    name: 'okta-jwt-verifier: Unexpected signature algorithm',
    code: 'algorithm_not_allowed',
    input: async () => ({ spResponse: r401(undefined, 'Unexpected signature algorithm') }),
  },
  {
    name: 'okta-jwt-verifier: Jwt cannot be parsed',
    code: 'malformed_token',
    input: async () => ({ spResponse: r401(undefined, 'Jwt cannot be parsed') }),
  },
  {
    name: 'mod_auth_openidc: nonce',
    code: 'nonce_mismatch',
    input: async () => ({
      token: await mint(idClaims()),
      spResponse: r401(
        undefined,
        'the nonce value (n-1) in the id_token did not match the one stored in the browser session (n-2)',
      ),
    }),
  },
  {
    name: 'RFC 6750 insufficient_scope',
    code: 'insufficient_scope',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: {
        status: 403,
        wwwAuthenticate: 'Bearer error="insufficient_scope", scope="orders:read"',
      },
    }),
  },
  {
    name: "Okta's DPoP string",
    code: 'dpop_binding_mismatch',
    input: async () => ({
      token: await mint(accessClaims({ cnf: { jkt: 'abc' } })),
      spResponse: r401(
        'Bearer error="invalid_token", error_description="The resource request must use the DPoP authentication scheme when using a DPoP bound token."',
      ),
    }),
  },
  {
    name: 'jose: unexpected typ with a custom server token',
    code: 'access_token_profile_mismatch',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(undefined, 'unexpected "typ" JWT header value'),
    }),
  },
  {
    name: 'System Log: custom scope failure',
    code: 'custom_scope_on_org_server',
    input: async () => ({
      systemLog: [
        log('app.oauth2.authorize', 'FAILURE', 'Custom scopes are not allowed for this request.'),
      ],
    }),
  },
  {
    name: 'System Log: client credentials refused by the ORG server',
    code: 'client_credentials_on_org_server',
    input: async () => ({
      systemLog: [
        log(
          'app.oauth2.token.grant',
          'FAILURE',
          'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
        ),
      ],
    }),
  },
  {
    name: 'System Log: too many groups',
    code: 'too_many_groups',
    input: async () => ({
      systemLog: [
        log(
          'app.oauth2.authorize',
          'FAILURE',
          'The groups claim matched too many groups and must be configured to match fewer groups',
        ),
      ],
    }),
  },
  {
    name: 'System Log: scope not configured',
    code: 'scope_not_configured',
    input: async () => ({
      systemLog: [
        log(
          'app.oauth2.as.authorize',
          'FAILURE',
          'One or more scopes are not configured for the authorization server resource.',
        ),
      ],
    }),
  },
  {
    name: 'System Log: user not assigned',
    code: 'user_not_assigned',
    input: async () => ({
      systemLog: [
        log('app.oauth2.authorize', 'FAILURE', 'User is not assigned to the client application.'),
      ],
    }),
  },
  {
    name: 'System Log: redirect URI',
    code: 'redirect_uri_not_registered',
    input: async () => ({
      systemLog: [
        log(
          'app.oauth2.authorize',
          'FAILURE',
          "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
        ),
      ],
    }),
  },
  {
    name: 'System Log: SSO but no token grant',
    code: 'tokens_not_issued',
    input: async () => ({
      systemLog: [
        log('user.session.start', 'SUCCESS'),
        log('user.authentication.sso', 'SUCCESS'),
        log('app.oauth2.as.authorize.code', 'SUCCESS'),
      ],
      expectation: { clientId: CLIENT_ID },
    }),
  },
  {
    name: 'SP says only Unauthorized',
    code: 'unexplained',
    input: async () => ({
      token: await mint(accessClaims()),
      spResponse: r401(undefined, 'Unauthorized'),
    }),
  },
];

for (const [label, cases] of [
  ['token', FROM_TOKEN],
  ["SP's words", FROM_WORDS],
] as const) {
  for (const c of cases) {
    test(`from the ${label}: ${c.name} → ${c.code} first`, async () => {
      const ds = diagnose({ now: NOW, ...(await c.input()) });
      expect(ds.map((d) => d.code)[0], JSON.stringify(ds, null, 1)).toBe(c.code);
      const d = ds[0]!;
      expect(d.summary.length).toBeGreaterThan(10);
      expect(d.fix.length).toBeGreaterThan(10);
      expect(d.summary).not.toContain('\n');
      expect(Object.keys(d.evidence).length).toBeGreaterThan(0);
    });
  }
}

test('every diagnosis code is produced from a token and from words', () => {
  for (const cases of [FROM_TOKEN, FROM_WORDS]) {
    const codes = new Set(cases.map((c) => c.code));
    expect(DIAGNOSIS_CODES.filter((c) => !codes.has(c))).toEqual([]);
  }
});

test('a good token with a matching expectation and a 200 is accepted: no diagnosis', async () => {
  const token = await mint(accessClaims());
  expect(diagnose({ now: NOW, token, expectation: apiExpect })).toEqual([]);
  expect(
    diagnose({ now: NOW, token, expectation: apiExpect, spResponse: { status: 200 } }),
  ).toEqual([]);
});

test('evidence is side by side and the fix speaks Okta', async () => {
  const token = await mint(accessClaims());
  const [d] = diagnose({ now: NOW, token, expectation: { audience: CLIENT_ID } });
  expect(d?.code).toBe('token_type_mismatch');
  const all = diagnose({ now: NOW, token, expectation: { audience: CLIENT_ID } });
  const aud = all.find((x) => x.code === 'audience_mismatch');
  expect(aud?.evidence.aud).toEqual({ token: 'api://default', expected: CLIENT_ID });
  expect(aud?.summary).toContain('custom authorization server');
  expect(aud?.fix).toMatch(/ID token|Audience/);
});

test('an ORG access token alone is flagged as likely; the ORG issuer shape is named', async () => {
  const ds = diagnose({ now: NOW, token: await orgAccess() });
  expect(ds[0]?.code).toBe('org_server_access_token');
  expect(ds[0]?.fix).toContain(`${DOMAIN}/oauth2/default`);
});

test('a thin ID token alone lacking email is flagged; /userinfo proves it', async () => {
  const token = await mint(thinId());
  const alone = diagnose({ now: NOW, token });
  expect(alone[0]?.code).toBe('thin_id_token');
  const proved = diagnose({
    now: NOW,
    token,
    userinfo: { sub: USER_ID, email: 'alice@example.com' },
    expectation: { ...rpExpect, requireClaims: ['email'] },
  });
  expect(proved[0]?.code).toBe('thin_id_token');
  expect(proved[0]?.evidence['userinfo.email']?.token).toBe('alice@example.com');
  expect(proved[0]?.summary).toContain('/userinfo returns it');
  const notThin = diagnose({
    now: NOW,
    token,
    userinfo: { sub: USER_ID },
    expectation: { ...rpExpect, requireClaims: ['email'] },
  });
  expect(notThin[0]?.code).toBe('missing_claim');
  expect(notThin[0]?.fix).toContain('"email" scope');
});

test('several failures at once, root cause first, and the SP-stated cause before unstated ones', async () => {
  const token = await mint(thinId({ exp: NOW - 5 }));
  const ds = diagnose({
    now: NOW,
    token,
    expectation: { ...apiExpect, requireClaims: ['email'] },
    spResponse: r401(undefined, 'Jwt is expired'),
  });
  const codes = ds.map((d) => d.code);
  expect(codes[0]).toBe('token_expired');
  expect(codes).toEqual(
    expect.arrayContaining(['token_type_mismatch', 'audience_mismatch', 'token_expired']),
  );
  expect(codes.indexOf('token_type_mismatch')).toBeLessThan(codes.indexOf('audience_mismatch'));
});

test('a System Log with a token grant for the app says nothing; unexplained says what was checked', async () => {
  expect(
    diagnose({ systemLog: [log('app.oauth2.as.token.grant.access_token', 'SUCCESS')] }),
  ).toEqual([]);
  const [d] = diagnose({ now: NOW, token: await mint(accessClaims()), spResponse: r401() });
  expect(d?.code).toBe('unexplained');
  expect(d?.evidence.checked?.note).toContain('not the signature');
  expect(d?.summary).toContain('The SP answered 401 and no check explains it');
  expect(d?.fix).toContain('--audience');
});

test('no diagnosis ever shows a token signature', async () => {
  const token = await mint(thinId());
  const ds = diagnose({
    now: NOW,
    token,
    tokens: { id_token: token },
    expectation: apiExpect,
    spResponse: r401(undefined, token),
  });
  expect(JSON.stringify(ds)).not.toContain(token.split('.')[2]);
});

test("the System Log client's token issuance check is accepted as it is", () => {
  const events = [
    {
      ...log('user.authentication.sso', 'SUCCESS'),
      uuid: 'u1',
      version: '0' as const,
      severity: 'INFO' as const,
      displayMessage: null,
      actor: { id: USER_ID, type: 'User', alternateId: null, displayName: null },
      client: { userAgent: null, ipAddress: null },
      transaction: { type: 'WEB', id: 't1' },
      debugContext: { debugData: {} },
      authenticationContext: {},
      outcome: { result: 'SUCCESS' as const, reason: null },
      target: [{ id: CLIENT_ID, type: 'AppInstance', alternateId: null, displayName: null }],
    },
  ];
  const check = checkTokenIssuance(events, { clientId: CLIENT_ID, server: 'default' });
  expect(check.issued).toBe(false);
  const ds = diagnose({ systemLog: check });
  expect(ds[0]?.code).toBe('tokens_not_issued');
  expect(ds[0]?.evidence.missing_events?.expected).toEqual(check.missing);
});

test('scp vs scope: an SP reading a scope claim is told Okta uses the scp array', async () => {
  const [d] = diagnose({
    now: NOW,
    token: await mint(accessClaims()),
    expectation: { ...apiExpect, requireClaims: ['scope'] },
  });
  expect(d?.code).toBe('missing_claim');
  expect(d?.summary).toContain('scp');
  expect(d?.fix).toContain('scp array');
});

test('ID token sub is the user id; the access token of the same sign-in shows the login', async () => {
  const id = await mint(idClaims());
  const at = await mint(accessClaims());
  const [d] = diagnose({
    now: NOW,
    token: id,
    tokens: { id_token: id, access_token: at },
    presented: 'id_token',
    expectation: { ...rpExpect, userClaim: 'email' },
  });
  expect(d?.code).toBe('user_claim_mismatch');
  expect(d?.summary).toContain('sub is the Okta user id');
  expect(d?.fix).toContain('alice@example.com');
});

test('a bare 401 with no reason still gets the token-based diagnoses', async () => {
  const expired = await mint(accessClaims({ exp: NOW - 30 }));
  expect(diagnose({ now: NOW, token: expired, spResponse: r401() })[0]?.code).toBe('token_expired');
  expect(
    diagnose({
      now: NOW,
      token: await orgAccess(),
      spResponse: r401('Bearer realm="api", error="invalid_token"'),
    })[0]?.code,
  ).toBe('org_server_access_token');
});

test('an authorize error no Okta string explains says what /authorize answered', () => {
  const [d] = diagnose({
    authorizeError: {
      error: 'access_denied',
      error_description:
        'Policy evaluation failed for this request, please check the policy configurations.',
      server: 'default',
    },
  });
  expect(d?.code).toBe('tokens_not_issued');
  expect(d?.summary).toContain('/authorize answered access_denied');
  expect(d?.fix).toContain('Authorization Servers → default → Access Policies');
});

test('a required email that was never requested is missing_claim, unless the SP keys users by it', async () => {
  // The ID token carries preferred_username (profile scope) but no email (email scope not asked).
  const id = await mint(idClaims({ preferred_username: 'alice.smith@corp.example' }));
  const required = diagnose({
    now: NOW,
    token: id,
    presented: 'id_token',
    expectation: { ...rpExpect, requireClaims: ['email'] },
  });
  expect(required[0]?.code).toBe('missing_claim');
  const keyedByEmail = diagnose({
    now: NOW,
    token: id,
    presented: 'id_token',
    expectation: { ...rpExpect, userClaim: 'email' },
  });
  expect(keyedByEmail[0]?.code).toBe('user_claim_mismatch');
});
