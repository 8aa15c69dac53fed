/** Okta's own exact strings (okta-behavior.md section 3). Each pattern cites the file its wording comes from. */
import type { Rule } from '../types.js';
import { ORG_CLIENT_CREDENTIALS_REFUSALS, TOO_MANY_GROUPS } from '../../grants.js';

/** Exact patterns, most specific first. */
export const OKTA_RULES: readonly Rule[] = [
  ...ORG_CLIENT_CREDENTIALS_REFUSALS.map((pattern) => ({
    source: 'okta' as const,
    pattern,
    code: 'client_credentials_on_org_server' as const,
  })),
  { source: 'okta', pattern: TOO_MANY_GROUPS, code: 'too_many_groups', claim: 'groups' },
  // --- Okta /authorize and /token (okta-behavior.md section 3, exact strings) ---
  {
    source: 'okta',
    pattern: /Custom scopes are not allowed for this request/i,
    code: 'custom_scope_on_org_server',
  },
  {
    source: 'okta',
    pattern: /One or more scopes are not configured for the authorization server resource/i,
    code: 'scope_not_configured',
  },
  {
    source: 'okta',
    pattern: /does not have any configured default scopes, 'scope' must be provided/i,
    code: 'scope_not_configured',
    claim: 'scope',
  },
  {
    source: 'okta',
    pattern: /User is not assigned to the client application/i,
    code: 'user_not_assigned',
  },
  {
    source: 'okta',
    pattern:
      /The 'redirect_uri' parameter must be a Login redirect URI in the client app settings/i,
    code: 'redirect_uri_not_registered',
  },
  // --- Okta resource servers and /userinfo (section 3) ---
  {
    source: 'okta',
    pattern: /The access token provided is not intended for Okta/i,
    code: 'audience_mismatch',
    claim: 'aud',
  },
  {
    source: 'okta',
    pattern: /The access token provided has an invalid issuer/i,
    code: 'issuer_mismatch',
    claim: 'iss',
  },
  {
    source: 'okta',
    pattern: /must use the DPoP authentication scheme when using a DPoP bound token/i,
    code: 'dpop_binding_mismatch',
    claim: 'cnf.jkt',
  },
  {
    source: 'okta',
    pattern: /The access token must provide access to at least one of these scopes - ([^"]+)/i,
    code: 'insufficient_scope',
    claim: 'scp',
    expected: 1,
  },
  // --- Okta errors that stop tokens being issued, with the request field they are about ---
  {
    source: 'okta',
    pattern: /Invalid value for 'client_id' parameter/i,
    code: 'tokens_not_issued',
    claim: 'client_id',
  },
  {
    source: 'okta',
    pattern: /require the 'openid' scope/i,
    code: 'tokens_not_issued',
    claim: 'scope',
  },
  {
    source: 'okta',
    pattern: /Policy evaluation failed for this request/i,
    code: 'tokens_not_issued',
    claim: 'policy',
  },
  {
    source: 'okta',
    pattern: /The 'nonce' parameter is required for authorize requests/i,
    code: 'tokens_not_issued',
    claim: 'nonce',
  },
  {
    source: 'okta',
    pattern: /PKCE code challenge is required|PKCE verification failed/i,
    code: 'tokens_not_issued',
    claim: 'code_verifier',
  },
  {
    source: 'okta',
    pattern: /The response type is not supported by the authorization server/i,
    code: 'tokens_not_issued',
    claim: 'response_type',
  },
  {
    source: 'okta',
    pattern:
      /The authorization code is invalid or has expired|The refresh token is invalid or expired/i,
    code: 'tokens_not_issued',
    claim: 'grant',
  },
  {
    source: 'okta',
    pattern: /Client authentication failed/i,
    code: 'tokens_not_issued',
    claim: 'client_secret',
  },
  {
    source: 'okta',
    pattern: /The DPoP proof is missing or invalid/i,
    code: 'dpop_binding_mismatch',
    claim: 'cnf.jkt',
  },
];
