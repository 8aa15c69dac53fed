/**
 * Go: golang-jwt v5.3 (errors.go, parser.go), go-oidc v3.9 (oidc/verify.go, oidc/jwks.go) and
 * okta-jwt-verifier-golang v2.1 (jwtverifier.go).
 */
import type { Rule } from '../types.js';

/** Exact patterns, most specific first. */
export const GO_RULES: readonly Rule[] = [
  {
    source: 'go',
    pattern: /oidc: id token issued by a different provider, expected "([^"]*)" got "([^"]*)"/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    expected: 1,
    token: 2,
  },
  {
    source: 'go',
    pattern: /oidc: expected audience "([^"]*)" got (\[[^\]]*\]|"[^"]*")/i,
    code: 'audience_mismatch',
    claim: 'aud',
    expected: 1,
    token: 2,
  },
  {
    source: 'go',
    pattern: /oidc: token is expired \(Token Expiry: ([^)]*)\)/i,
    code: 'token_expired',
    claim: 'exp',
    token: 1,
  },
  {
    source: 'go',
    pattern: /before the nbf \(not before\) time/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
  },
  { source: 'go', pattern: /oidc: malformed jwt/i, code: 'malformed_token' },
  {
    source: 'go',
    pattern: /failed to verify signature: (?:fetching keys|oidc: get keys failed)/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  // okta-jwt-verifier-golang: "aud: x does not match y", "cid: …", "iss: …", "nonce: …"
  {
    source: 'go',
    pattern: /\b(aud|cid|iss|nonce): (\S+) does not match (\S+)/i,
    code: (m) =>
      (({ aud: 'audience_mismatch', cid: 'audience_mismatch', iss: 'issuer_mismatch' }) as const)[
        (m[1] ?? '').toLowerCase() as 'aud'
      ] ?? 'nonce_mismatch',
    claim: 1,
    token: 2,
    expected: 3,
  },
  {
    source: 'go',
    pattern: /the only supported alg is RS256/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'go',
    pattern: /the token was issued in the future/i,
    code: 'token_not_yet_valid',
    claim: 'iat',
  },
  // golang-jwt v5 sentinel errors (joined: "token has invalid claims: token is expired")
  { source: 'go', pattern: /token has invalid audience/i, code: 'audience_mismatch', claim: 'aud' },
  { source: 'go', pattern: /token has invalid issuer/i, code: 'issuer_mismatch', claim: 'iss' },
  {
    source: 'go',
    pattern: /token is not valid yet|token used before issued/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
  },
  { source: 'go', pattern: /token signature is invalid/i, code: 'signature_invalid' },
  {
    source: 'go',
    pattern: /signing method \(alg\) is unavailable|signing method \(alg\) is unspecified/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'go',
    pattern: /token contains an invalid number of segments|token is malformed/i,
    code: 'malformed_token',
  },
];
