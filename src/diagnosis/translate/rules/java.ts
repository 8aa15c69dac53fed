/** Java: Spring Security oauth2-resource-server (with Nimbus underneath), Nimbus, Okta's Java verifier. Each pattern cites the file its wording comes from. */
import type { Rule } from '../types.js';
import { byClaim } from '../claims.js';

/** Exact patterns, most specific first. */
export const JAVA_RULES: readonly Rule[] = [
  // --- Spring Security (oauth2-jose: JwtClaimValidator, JwtTimestampValidator; the audience
  //     validator of Spring's resource-server docs; Nimbus via NimbusJwtDecoder) ---
  {
    source: 'spring-security',
    pattern: /The required audience is missing/i,
    code: 'audience_mismatch',
    claim: 'aud',
  },
  {
    source: 'spring-security',
    pattern: /The (\w+) claim is not valid/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'spring-security',
    pattern: /Jwt expired at (\S+)/i,
    code: 'token_expired',
    claim: 'exp',
    token: 1,
  },
  {
    source: 'spring-security',
    pattern: /Jwt used before (\S+)/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
    token: 1,
  },
  {
    source: 'spring-security',
    pattern: /Signed JWT rejected: Invalid signature/i,
    code: 'signature_invalid',
  },
  {
    source: 'spring-security',
    pattern: /Another algorithm expected, or no matching key\(s\) found/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  {
    source: 'spring-security',
    pattern: /Unsupported algorithm of (\w+)/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
    token: 1,
  },
  {
    source: 'spring-security',
    pattern: /attempting to decode the Jwt: Malformed|Invalid JWT serialization/i,
    code: 'malformed_token',
  },
  // --- Nimbus JOSE+JWT (com/nimbusds/jwt/proc/DefaultJWTClaimsVerifier.java) ---
  {
    source: 'nimbus',
    pattern: /JWT (\w+) claim has value (.*?), must be ([^\n]+)/i,
    code: byClaim(1),
    claim: 1,
    token: 2,
    expected: 3,
  },
  {
    source: 'nimbus',
    pattern: /JWT audience rejected: (\[[^\]]*\])|JWT missing required audience/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
  },
  { source: 'nimbus', pattern: /\bExpired JWT\b/i, code: 'token_expired', claim: 'exp' },
  { source: 'nimbus', pattern: /JWT before use time/i, code: 'token_not_yet_valid', claim: 'nbf' },
  {
    source: 'nimbus',
    pattern: /JWT missing required claims: \[(\w+)/i,
    code: byClaim(1),
    claim: 1,
  },
  // --- okta-jwt-verifier-java 0.5 (impl/jjwt/ClaimsValidator.java, TokenVerifierSupport.java) ---
  {
    source: 'okta-jwt-verifier-java',
    pattern: /Expected (\w+) claim to be: (.*?), but was: ([^\n]*?)\.?$/im,
    code: byClaim(1),
    claim: 1,
    expected: 2,
    token: 3,
  },
  {
    source: 'okta-jwt-verifier-java',
    pattern: /JWT Header 'alg' of \[([^\]]*)\]/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
    token: 1,
  },
  // JJWT (used by the Okta Java verifier): "JWT expired at 2026-…Z. Current time: …"
  {
    source: 'okta-jwt-verifier-java',
    pattern: /JWT expired (?:at (\S+?)\.?\s|\d+ milliseconds ago)/i,
    code: 'token_expired',
    claim: 'exp',
    token: 1,
  },
];
