/**
 * Okta's discovery documents (okta-behavior.md section 1), built by the emulator rather than
 * oidc-provider so that their content is Okta's: its endpoints, its lists, and no
 * `authorization_response_iss_parameter_supported` (Okta sends no `iss` response parameter).
 */
import { SCOPE_CLAIMS } from './claims.js';
import { OKTA_DEFINED_SCOPES } from '../src/okta/scopes.js';
import type { ServerSpec } from './provider.js';

/** Where a server's `/v1/…` endpoints live: `{org}/oauth2/v1` or `{issuer}/v1`. */
export function endpointBase(spec: ServerSpec): string {
  return spec.id === 'org' ? `${spec.issuer}/oauth2/v1` : `${spec.issuer}/v1`;
}

const AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
];

/** The OAuth 2.0 metadata (`/.well-known/oauth-authorization-server`) of a server. */
export function oauthMetadata(spec: ServerSpec): Record<string, unknown> {
  const v1 = endpointBase(spec);
  const origin = new URL(spec.issuer).origin;
  const grantTypes = ['authorization_code', 'implicit', 'refresh_token', 'password'];
  if (spec.id !== 'org') grantTypes.push('client_credentials');
  grantTypes.push('urn:ietf:params:oauth:grant-type:device_code');
  // A custom server lists its custom scopes before the standard ones.
  const custom = spec.scopes.filter((s) => !STANDARD.has(s));
  const standard = spec.scopes.filter((s) => STANDARD.has(s));
  return {
    issuer: spec.issuer,
    authorization_endpoint: `${v1}/authorize`,
    token_endpoint: `${v1}/token`,
    registration_endpoint: `${origin}/oauth2/v1/clients`,
    jwks_uri: `${v1}/keys`,
    response_types_supported: [
      'code',
      'token',
      'id_token',
      'code id_token',
      'code token',
      'id_token token',
      'code id_token token',
    ],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: grantTypes,
    scopes_supported: [...custom, ...standard],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: `${v1}/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    introspection_endpoint: `${v1}/introspect`,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    end_session_endpoint: `${v1}/logout`,
    code_challenge_methods_supported: ['S256'],
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: [
      'HS256',
      'HS384',
      'HS512',
      'RS256',
      'RS384',
      'RS512',
      'ES256',
      'ES384',
      'ES512',
    ],
  };
}

const STANDARD = OKTA_DEFINED_SCOPES;

/** The OpenID Connect discovery document (`/.well-known/openid-configuration`) of a server. */
export function openidConfiguration(spec: ServerSpec): Record<string, unknown> {
  const { registration_endpoint: _r, ...oauth } = oauthMetadata(spec);
  const claims = [
    'iss',
    'ver',
    'sub',
    'aud',
    'iat',
    'exp',
    'jti',
    'auth_time',
    'amr',
    'idp',
    'nonce',
    ...SCOPE_CLAIMS.profile,
    ...SCOPE_CLAIMS.email,
    ...SCOPE_CLAIMS.address,
    ...SCOPE_CLAIMS.phone,
    'at_hash',
    'c_hash',
    ...(spec.server?.claims ?? []).map((c) => c.name),
  ];
  return {
    issuer: oauth.issuer,
    authorization_endpoint: oauth.authorization_endpoint,
    token_endpoint: oauth.token_endpoint,
    userinfo_endpoint: `${endpointBase(spec)}/userinfo`,
    registration_endpoint: _r,
    ...Object.fromEntries(
      Object.entries(oauth).filter(
        ([k]) => !['issuer', 'authorization_endpoint', 'token_endpoint'].includes(k),
      ),
    ),
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: [...new Set(claims)],
  };
}
