import { test, expect } from '@playwright/test';
import {
  parseWwwAuthenticate,
  translateAuthorizeError,
  translateLibraryError,
  translateMessage,
  translateSpResponse,
} from '../../../../src/diagnosis/translate.js';

/** [what the SP or library said, the code it states, the claim, captured token, captured expected] */
const MESSAGES: Array<[string, string, string?, string?, string?]> = [
  // @okta/jwt-verifier
  [
    'audience claim api://default does not match expected audience: 0oa1abc',
    'audience_mismatch',
    'aud',
    'api://default',
    '0oa1abc',
  ],
  [
    'audience claim 0oa1abc does not match expected client id: 0oa9xyz',
    'audience_mismatch',
    'aud',
    '0oa1abc',
    '0oa9xyz',
  ],
  [
    'issuer https://x.okta.com does not match expected issuer: https://x.okta.com/oauth2/default',
    'issuer_mismatch',
    'iss',
    'https://x.okta.com',
    'https://x.okta.com/oauth2/default',
  ],
  ['Jwt is expired', 'token_expired', 'exp'],
  ['Jwt not active', 'token_not_yet_valid', 'nbf'],
  ['Jwt cannot be parsed', 'malformed_token'],
  ['Error while resolving signing key for kid "abc123"', 'unknown_signing_key', 'kid', 'abc123'],
  ['Unexpected signature algorithm', 'algorithm_not_allowed', 'alg'],
  ['nonce claim is missing but expected: n-0S6', 'nonce_mismatch', 'nonce', undefined, 'n-0S6'],
  [
    "claim 'scp' value 'openid' does not include expected value 'orders:read'",
    'insufficient_scope',
    'scp',
    'openid',
    'orders:read',
  ],
  ["Unable to find a signing key that matches 'k9'", 'unknown_signing_key', 'kid', 'k9'],
  // jose
  ['JWTExpired: "exp" claim timestamp check failed', 'token_expired', 'exp'],
  ['ERR_JWT_EXPIRED', 'token_expired', 'exp'],
  ['"nbf" claim timestamp check failed', 'token_not_yet_valid', 'nbf'],
  ['"iat" claim timestamp check failed (it should be in the past)', 'token_not_yet_valid', 'iat'],
  ['unexpected "aud" claim value', 'audience_mismatch', 'aud'],
  ['unexpected "iss" claim value', 'issuer_mismatch', 'iss'],
  ['missing required "email" claim', 'missing_claim', 'email'],
  ['unexpected "typ" JWT header value', 'access_token_profile_mismatch', 'typ'],
  [
    'ERR_JWKS_NO_MATCHING_KEY: no applicable key found in the JSON Web Key Set',
    'unknown_signing_key',
    'kid',
  ],
  ['ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'signature_invalid'],
  ['"alg" (Algorithm) Header Parameter value not allowed', 'algorithm_not_allowed', 'alg'],
  ['ERR_JWS_INVALID: Invalid Compact JWS', 'malformed_token'],
  // express-oauth2-jwt-bearer
  ["Unexpected 'aud' value", 'audience_mismatch', 'aud'],
  ["Unexpected 'iss' value", 'issuer_mismatch', 'iss'],
  ["Unexpected 'typ' value", 'access_token_profile_mismatch', 'typ'],
  ['Insufficient Scope', 'insufficient_scope', 'scp'],
  // Spring Security
  ['The required audience is missing', 'audience_mismatch', 'aud'],
  ['The iss claim is not valid', 'issuer_mismatch', 'iss'],
  ['The aud claim is not valid', 'audience_mismatch', 'aud'],
  ['Jwt expired at 2026-01-01T00:00:00Z', 'token_expired', 'exp', '2026-01-01T00:00:00Z'],
  ['Jwt used before 2030-01-01T00:00:00Z', 'token_not_yet_valid', 'nbf', '2030-01-01T00:00:00Z'],
  [
    'An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature',
    'signature_invalid',
  ],
  [
    'An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another algorithm expected, or no matching key(s) found',
    'unknown_signing_key',
    'kid',
  ],
  // .NET
  [
    "IDX10214: Audience validation failed. Audiences: 'api://default'. Did not match: validationParameters.ValidAudience: '0oa1abc' or validationParameters.ValidAudiences: 'null'.",
    'audience_mismatch',
    'aud',
    'api://default',
    '0oa1abc',
  ],
  [
    "IDX10205: Issuer validation failed. Issuer: 'https://x.okta.com'. Did not match: validationParameters.ValidIssuer: 'https://x.okta.com/oauth2/default' or validationParameters.ValidIssuers: 'null'.",
    'issuer_mismatch',
    'iss',
    'https://x.okta.com',
    'https://x.okta.com/oauth2/default',
  ],
  [
    "IDX10223: Lifetime validation failed. The token is expired. ValidTo: '01/01/2026', Current time: '01/02/2026'.",
    'token_expired',
    'exp',
  ],
  [
    "IDX10501: Signature validation failed. Unable to match key: \nkid: 'k7'.",
    'unknown_signing_key',
    'kid',
    'k7',
  ],
  [
    "IDX10503: Signature validation failed. Keys tried: 'RsaSecurityKey'.",
    'unknown_signing_key',
    'kid',
  ],
  [
    "IDX10214: Audience validation failed. Audiences: '[PII of type 'System.String' is hidden]'.",
    'audience_mismatch',
    'aud',
  ],
  // mod_auth_openidc / mod_oauth2
  [
    'requested issuer (https://x.okta.com) does not match received "iss" value in id_token (https://x.okta.com/oauth2/default)',
    'issuer_mismatch',
    'iss',
    'https://x.okta.com/oauth2/default',
    'https://x.okta.com',
  ],
  [
    'our configured client_id (0oa1abc) could not be found in the array of values for "aud" claim',
    'audience_mismatch',
    'aud',
    undefined,
    '0oa1abc',
  ],
  [
    '"exp" validation failure (1700000000): JWT expired 120 seconds ago',
    'token_expired',
    'exp',
    '1700000000',
  ],
  [
    '"iat" validation failure (1900000000): JWT was issued more than 600 seconds in the future',
    'token_not_yet_valid',
    'iat',
    '1900000000',
  ],
  ['JWT did not contain an "iss" string (requested value: https://x)', 'missing_claim', 'iss'],
  ['oidc_proto_jwt_verify: JWT signature verification failed: [file: ...]', 'signature_invalid'],
  // Okta resource servers
  ['The access token provided is not intended for Okta.', 'audience_mismatch', 'aud'],
  ['The access token provided has an invalid issuer.', 'issuer_mismatch', 'iss'],
  [
    'The resource request must use the DPoP authentication scheme when using a DPoP bound token.',
    'dpop_binding_mismatch',
  ],
];

for (const [text, code, claim, token, expected] of MESSAGES) {
  test(`translates ${JSON.stringify(text.slice(0, 70))} → ${code}`, () => {
    const ts = translateMessage(text);
    const hit = ts.find((t) => t.code === code);
    expect(hit, JSON.stringify(ts)).toBeTruthy();
    expect(ts[0]?.code).toBe(code);
    if (claim) expect(hit?.claim).toBe(claim);
    expect(hit?.token).toBe(token);
    expect(hit?.expected).toBe(expected);
  });
}

test('text that states no reason translates to nothing', () => {
  expect(translateMessage('Unauthorized')).toEqual([]);
  expect(translateMessage('The access token is invalid')).toEqual([]);
});

test('jose errors translate by their stable code and claim first', () => {
  expect(
    translateLibraryError({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'aud',
      reason: 'check_failed',
    })[0]?.code,
  ).toBe('audience_mismatch');
  expect(
    translateLibraryError({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'email',
      reason: 'missing',
    })[0],
  ).toMatchObject({ code: 'missing_claim', claim: 'email' });
  expect(translateLibraryError({ code: 'ERR_JWKS_NO_MATCHING_KEY' })[0]?.code).toBe(
    'unknown_signing_key',
  );
  expect(translateLibraryError({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' })[0]?.code).toBe(
    'algorithm_not_allowed',
  );
});

test('parses RFC 6750 challenges, quoted values with commas and several schemes', () => {
  const cs = parseWwwAuthenticate(
    'Bearer realm="api", error="invalid_token", error_description="a, b \\"c\\"", DPoP algs="ES256 RS256"',
  );
  expect(cs).toEqual([
    {
      scheme: 'Bearer',
      params: { realm: 'api', error: 'invalid_token', error_description: 'a, b "c"' },
    },
    { scheme: 'DPoP', params: { algs: 'ES256 RS256' } },
  ]);
});

test('an SP response: insufficient_scope with the scope, description and body translated', () => {
  const r = translateSpResponse({
    status: 403,
    wwwAuthenticate: 'Bearer error="insufficient_scope", scope="orders:read"',
  });
  expect(r.translations[0]).toMatchObject({ code: 'insufficient_scope', expected: 'orders:read' });
  const r2 = translateSpResponse({
    status: 401,
    wwwAuthenticate:
      'Bearer realm="api", error="invalid_token", error_description="Unexpected \'aud\' value"',
    body: '{"error":"invalid_token","codes":["missing_claim"]}',
  });
  expect(r2.error).toBe('invalid_token');
  expect(r2.translations.map((t) => t.code)).toEqual(['audience_mismatch', 'missing_claim']);
  const r3 = translateSpResponse({ status: 401, wwwAuthenticate: 'DPoP algs="ES256"' });
  expect(r3.translations[0]?.code).toBe('dpop_binding_mismatch');
  expect(
    translateSpResponse({ status: 401, wwwAuthenticate: 'Bearer realm="api"' }).translations,
  ).toEqual([]);
});

const AUTHORIZE: Array<[string, string, string]> = [
  [
    'invalid_scope',
    'Custom scopes are not allowed for this request.',
    'custom_scope_on_org_server',
  ],
  [
    'invalid_scope',
    'One or more scopes are not configured for the authorization server resource.',
    'scope_not_configured',
  ],
  ['access_denied', 'User is not assigned to the client application.', 'user_not_assigned'],
  [
    'invalid_request',
    "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://x-admin.okta.com/admin/app/oidc_client/instance/0oa1#tab-general",
    'redirect_uri_not_registered',
  ],
];
for (const [error, description, code] of AUTHORIZE) {
  test(`authorize error ${error} "${description.slice(0, 40)}" → ${code}`, () => {
    expect(translateAuthorizeError(error, description)[0]?.code).toBe(code);
  });
}

test("the mock SP's body: codes and failures with claim and values, read structurally", () => {
  const body = JSON.stringify({
    error: 'invalid_token',
    error_description: 'aud "api://default" is not "0oa1"',
    diagnosis: ['audience_mismatch', 'missing_claim'],
    failures: [
      {
        code: 'audience_mismatch',
        message: 'aud "api://default" is not "0oa1"',
        claim: 'aud',
        token: 'api://default',
        expected: '0oa1',
      },
      {
        code: 'missing_claim',
        message: 'the token has no email claim',
        claim: 'email',
        expected: 'present',
      },
    ],
  });
  const r = translateSpResponse({ status: 401, body });
  expect(r.translations).toEqual([
    {
      code: 'audience_mismatch',
      source: 'mock-sp',
      claim: 'aud',
      token: 'api://default',
      expected: '0oa1',
      matched: 'aud "api://default" is not "0oa1"',
    },
    {
      code: 'missing_claim',
      source: 'mock-sp',
      claim: 'email',
      expected: 'present',
      matched: 'the token has no email claim',
    },
  ]);
});

test('a huge body is read in part, quickly', () => {
  const body = `${'<p>x</p>'.repeat(500_000)} Jwt is expired`;
  const t0 = Date.now();
  expect(translateSpResponse({ status: 401, body }).translations).toEqual([]);
  expect(translateMessage(`Jwt is expired ${'y'.repeat(1_000_000)}`)[0]?.code).toBe(
    'token_expired',
  );
  expect(Date.now() - t0).toBeLessThan(2000);
});

test('AWS API Gateway: an empty scope="" beside the description does not read as a scope problem', () => {
  // The www-authenticate of a 401 {"message":"Unauthorized"} in AWS's HTTP API JWT authorizer
  // troubleshooting guide (developerguide/http-api-troubleshooting-jwt).
  const r = translateSpResponse({
    status: 401,
    wwwAuthenticate:
      'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
    body: '{"message":"Unauthorized"}',
  });
  expect(r.translations[0]?.code).toBe('audience_mismatch');
  expect(r.translations.map((t) => t.code)).not.toContain('insufficient_scope');
});
