/** Apache mod_auth_openidc log lines. Each pattern cites the file its wording comes from. */
import type { Rule } from '../types.js';
import { byClaim } from '../claims.js';

/** Exact patterns, most specific first. */
export const APACHE_RULES: readonly Rule[] = [
  // --- mod_auth_openidc (src/proto/jwt.c, proto.c) and mod_oauth2 / liboauth2 (src/jose.c) ---
  {
    source: 'mod_auth_openidc',
    pattern:
      /requested issuer \(([^)]*)\) does not match received "iss" value in (?:id_token|JWT) \(([^)]*)\)/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    expected: 1,
    token: 2,
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /our configured client_id \(([^)]*)\) could not be found in the array of values for "aud" claim/i,
    code: 'audience_mismatch',
    claim: 'aud',
    expected: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /"aud" claim value \(([^)]*)\)[^\n]*client_id \(([^)]*)\)|did not contain an "aud" claim/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /"exp" validation failure \((\d+)\): JWT expired/i,
    code: 'token_expired',
    claim: 'exp',
    token: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /"iat" validation failure \((\d+)\): JWT was issued more than \d+ seconds in the future/i,
    code: 'token_not_yet_valid',
    claim: 'iat',
    token: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /"iat" validation failure \((\d+)\): JWT was issued more than \d+ seconds ago/i,
    code: 'token_expired',
    claim: 'iat',
    token: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /JWT did not contain an? "(\w+)" (?:string|number)/i,
    code: 'missing_claim',
    claim: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /JWT signature verification failed/i,
    code: 'signature_invalid',
  },
  {
    source: 'mod_auth_openidc',
    pattern: /JWT was not signed with the expected configured algorithm: (\S+) != (\S+)/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
    token: 1,
    expected: 2,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /the nonce value \(([^)]*)\) in the id_token did not match/i,
    code: 'nonce_mismatch',
    claim: 'nonce',
    token: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /JWT alg is "none" or unset: refusing/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
    token: () => 'none',
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /the configured client_id \(([^)]*)\) did not match the "aud" claim value \(([^)]*)\)/i,
    code: 'audience_mismatch',
    claim: 'aud',
    expected: 1,
    token: 2,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /id_token JSON payload did not contain an? "(\w+)"/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /none of our configured audience values could be found in "aud" claim|our configured audience value \(([^)]*)\) could not be found/i,
    code: 'audience_mismatch',
    claim: 'aud',
    expected: 1,
  },
];
