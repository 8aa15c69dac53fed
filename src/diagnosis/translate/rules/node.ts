/** Node libraries: @okta/jwt-verifier, jwks-rsa, jose, express-oauth2-jwt-bearer, jsonwebtoken, passport-jwt. Each pattern cites the file its wording comes from. */
import type { Rule } from '../types.js';
import { byClaim } from '../claims.js';

/** Exact patterns, most specific first. */
export const NODE_RULES: readonly Rule[] = [
  // --- @okta/jwt-verifier 4.x (lib.js) and its njwt messages (njwt/properties.json) ---
  {
    source: 'okta-jwt-verifier',
    pattern: /audience claim (\S+) does not match expected (?:audience|client id): (\S+)/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  {
    source: 'okta-jwt-verifier',
    pattern:
      /audience claims? (.+?) do(?:es)? not (?:match one of|include)(?: the)? expected audiences?: (.+)/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /issuer (\S+) does not match expected issuer: (\S+)/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    token: 1,
    expected: 2,
  },
  { source: 'okta-jwt-verifier', pattern: /Jwt is expired/i, code: 'token_expired', claim: 'exp' },
  {
    source: 'okta-jwt-verifier',
    pattern: /Jwt not active/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
  },
  { source: 'okta-jwt-verifier', pattern: /Jwt cannot be parsed/i, code: 'malformed_token' },
  {
    source: 'okta-jwt-verifier',
    pattern: /Error while resolving signing key for kid "([^"]*)"/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /Unexpected signature algorithm|Unsupported signing algorithm/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /nonce claim is missing but expected: (\S+)/i,
    code: 'nonce_mismatch',
    claim: 'nonce',
    expected: 1,
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /nonce claim (\S+) does not match expected nonce: (\S+)/i,
    code: 'nonce_mismatch',
    claim: 'nonce',
    token: 1,
    expected: 2,
  },
  {
    // assertClaims: "claim 'scp' value 'openid' does not include expected value 'orders:read'"
    source: 'okta-jwt-verifier',
    pattern: /claim '([^']+)' value '([^']*)' does not include expected value '([^']*)'/i,
    code: byClaim(1),
    claim: 1,
    token: 2,
    expected: 3,
  },
  // jwks-rsa (used by @okta/jwt-verifier): src/JwksClient.js
  {
    source: 'jwks-rsa',
    pattern: /Unable to find a signing key that matches '([^']*)'/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },
  // --- jose 6 (dist/webapi/util/errors.js codes, lib/jwt_claims_set.js messages) ---
  {
    source: 'jose',
    pattern: /ERR_JWT_EXPIRED|"exp" claim timestamp check failed/i,
    code: 'token_expired',
    claim: 'exp',
  },
  {
    source: 'jose',
    pattern: /"iat" claim timestamp check failed \(too far in the past\)/i,
    code: 'token_expired',
    claim: 'iat',
  },
  {
    source: 'jose',
    pattern:
      /"(nbf)" claim timestamp check failed|"(iat)" claim timestamp check failed \(it should be in the past\)/i,
    code: 'token_not_yet_valid',
    claim: (m) => m[1] ?? m[2],
  },
  { source: 'jose', pattern: /unexpected "(\w+)" claim value/i, code: byClaim(1), claim: 1 },
  {
    source: 'jose',
    pattern: /unexpected "typ" JWT header value/i,
    code: 'access_token_profile_mismatch',
    claim: 'typ',
  },
  { source: 'jose', pattern: /missing required "(\w+)" claim/i, code: byClaim(1), claim: 1 },
  {
    source: 'jose',
    pattern:
      /ERR_JWKS_NO_MATCHING_KEY|no applicable key found in the JSON Web Key Set|ERR_JWKS_MULTIPLE_MATCHING_KEYS/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  {
    source: 'jose',
    pattern: /ERR_JWS_SIGNATURE_VERIFICATION_FAILED|\bsignature verification failed/i,
    code: 'signature_invalid',
  },
  {
    source: 'jose',
    pattern: /ERR_JOSE_ALG_NOT_ALLOWED|"alg" \(Algorithm\) Header Parameter value not allowed/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'jose',
    pattern:
      /ERR_JWS_INVALID|ERR_JWT_INVALID|Invalid Compact JWS|JWTs must use Compact JWS serialization|JWT Claims Set must be a top-level JSON object/i,
    code: 'malformed_token',
  },
  // --- express-oauth2-jwt-bearer (packages/access-token-jwt/src/validate.ts) ---
  {
    source: 'express-oauth2-jwt-bearer',
    pattern: /Unexpected ['"](\w+)['"] value/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'express-oauth2-jwt-bearer',
    pattern: /\bInsufficient Scope\b/i,
    code: 'insufficient_scope',
    claim: 'scp',
  },

  // --- jsonwebtoken 9 (verify.js): "jwt <claim> invalid. expected: <value>" ---
  {
    source: 'jsonwebtoken',
    pattern: /jwt (audience|issuer|nonce|subject|jwtid) invalid\. expected: ([^\n]+)/i,
    code: (m) =>
      (
        ({
          audience: 'audience_mismatch',
          issuer: 'issuer_mismatch',
          nonce: 'nonce_mismatch',
        }) as const
      )[(m[1] ?? '').toLowerCase() as 'audience'] ?? 'user_claim_mismatch',
    claim: (m) =>
      ({ audience: 'aud', issuer: 'iss', nonce: 'nonce', subject: 'sub', jwtid: 'jti' })[
        (m[1] ?? '').toLowerCase() as 'audience'
      ],
    expected: 2,
  },
  {
    source: 'jsonwebtoken',
    pattern: /\bjwt expired\b|maxAge exceeded/i,
    code: 'token_expired',
    claim: 'exp',
  },
  {
    source: 'jsonwebtoken',
    pattern: /\bjwt not active\b/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
  },
  {
    source: 'jsonwebtoken',
    pattern: /\bjwt malformed\b|\bjwt signature is required\b/i,
    code: 'malformed_token',
  },
  {
    source: 'jsonwebtoken',
    pattern: /please specify "none" in "algorithms"|\binvalid algorithm\b/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  // passport-jwt 4 (lib/strategy.js): the one message of its own when no token came.
  { source: 'passport-jwt', pattern: /^No auth token$/im, code: 'tokens_not_issued' },
];
