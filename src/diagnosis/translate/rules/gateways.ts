/**
 * Gateways: Envoy/Istio jwt_authn (google/jwt_verify_lib src/status.cc), Kong's jwt plugin
 * (kong/plugins/jwt/handler.lua) and the nginx auth_jwt module's error log. AWS, Azure APIM and
 * others answer in RFC 6750 or IDX wording, read by the vocabulary and the .NET rules.
 */
import type { Rule } from '../types.js';

/** Exact patterns, most specific first. */
export const GATEWAY_RULES: readonly Rule[] = [
  // Envoy / Istio (jwt_verify_lib getStatusString)
  {
    source: 'gateway',
    pattern: /Audiences in Jwt are not allowed/i,
    code: 'audience_mismatch',
    claim: 'aud',
  },
  {
    source: 'gateway',
    pattern: /Jwt issuer is not configured/i,
    code: 'issuer_mismatch',
    claim: 'iss',
  },
  { source: 'gateway', pattern: /Jwt is expired/i, code: 'token_expired', claim: 'exp' },
  { source: 'gateway', pattern: /Jwt not yet valid/i, code: 'token_not_yet_valid', claim: 'nbf' },
  {
    source: 'gateway',
    pattern: /Jwks doesn't have key to match kid or alg from Jwt|Jwks remote fetch is failed/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  { source: 'gateway', pattern: /Jwt verification fails/i, code: 'signature_invalid' },
  {
    source: 'gateway',
    pattern: /Jwt header \[alg\] (?:field value is invalid|is not supported)/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'gateway',
    pattern:
      /Jwt is not in the form of Header\.Payload\.Signature|Jwt (?:header|payload) is an invalid|Jwt signature is an invalid Base64/i,
    code: 'malformed_token',
  },
  { source: 'gateway', pattern: /^Jwt is missing$/im, code: 'tokens_not_issued' },
  // Kong jwt plugin
  {
    source: 'gateway',
    pattern: /No mandatory '(\w+)' in claims/i,
    code: 'missing_claim',
    claim: 1,
  },
  {
    source: 'gateway',
    pattern: /No credentials found for given '(\w+)'/i,
    code: 'issuer_mismatch',
    claim: 'iss',
  },
  {
    source: 'gateway',
    pattern: /"exp":"token expired"|\btoken expired\b/i,
    code: 'token_expired',
    claim: 'exp',
  },
  { source: 'gateway', pattern: /Bad token; invalid JSON/i, code: 'malformed_token' },
  {
    source: 'gateway',
    pattern: /^Invalid algorithm$/im,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  // nginx auth_jwt module (kjdev/nginx-auth-jwt, its tests' error_log lines)
  {
    source: 'gateway',
    pattern: /auth_jwt: rejected due to (\w+) claim validation/i,
    code: (m) =>
      m[1] === 'aud' ? 'audience_mismatch' : m[1] === 'iss' ? 'issuer_mismatch' : 'missing_claim',
    claim: 1,
  },
  {
    source: 'gateway',
    pattern: /auth_jwt: rejected due to unacceptable algorithm/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
];
