/**
 * Python: PyJWT 2.12 (jwt/api_jwt.py, jwt/api_jws.py, jwt/jwks_client.py), Authlib (joserfc-era
 * `authlib/jose/errors.py`) and okta-jwt-verifier-python (okta_jwt_verifier/jwt_utils.py, which
 * raises PyJWT's or python-jose's errors with their texts).
 */
import type { Rule } from '../types.js';
import { byClaim } from '../claims.js';

/** Exact patterns, most specific first. */
export const PYTHON_RULES: readonly Rule[] = [
  {
    source: 'pyjwt',
    pattern: /Audience doesn't match|Invalid audience/i,
    code: 'audience_mismatch',
    claim: 'aud',
  },
  { source: 'pyjwt', pattern: /\bInvalid issuer\b/i, code: 'issuer_mismatch', claim: 'iss' },
  { source: 'pyjwt', pattern: /Signature has expired/i, code: 'token_expired', claim: 'exp' },
  {
    source: 'pyjwt',
    pattern: /The token is not yet valid \((nbf|iat)\)/i,
    code: 'token_not_yet_valid',
    claim: 1,
  },
  {
    source: 'pyjwt',
    pattern: /Token is missing the "(\w+)" claim/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'pyjwt',
    pattern: /The specified alg value is not allowed|Algorithm not supported/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'pyjwt',
    pattern: /Unable to find a signing key that matches: "([^"]*)"/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },
  {
    source: 'pyjwt',
    pattern: /Not enough segments|Invalid (?:header|payload|crypto) padding/i,
    code: 'malformed_token',
  },
  {
    source: 'pyjwt',
    pattern: /The JWKS endpoint did not contain any signing keys/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  // okta-jwt-verifier-python 0.3 (okta_jwt_verifier/jwt_utils.py)
  {
    source: 'pyjwt',
    pattern: /Required claim "(\w+)" is not present/i,
    code: byClaim(1),
    claim: 1,
  },
  // Authlib (authlib/jose/errors.py): InvalidClaimError / MissingClaimError / ExpiredTokenError.
  {
    source: 'authlib',
    pattern: /invalid_claim: Invalid claim "(\w+)"/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'authlib',
    pattern: /missing_claim: Missing "(\w+)" claim/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'authlib',
    pattern: /expired_token: The token is expired/i,
    code: 'token_expired',
    claim: 'exp',
  },
  {
    source: 'authlib',
    pattern: /invalid_token: The token is not valid yet/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
  },
  { source: 'authlib', pattern: /bad_signature\b/i, code: 'signature_invalid' },
  {
    source: 'authlib',
    pattern: /\b(?:unsupported|missing)_algorithm\b/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
];
