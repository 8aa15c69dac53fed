/** PHP: firebase/php-jwt v7 (src/JWT.php). */
import type { Rule } from '../types.js';

/** Exact patterns, most specific first. */
export const PHP_RULES: readonly Rule[] = [
  { source: 'php-jwt', pattern: /\bExpired token\b/i, code: 'token_expired', claim: 'exp' },
  {
    source: 'php-jwt',
    pattern: /Cannot handle token with (nbf|iat) prior to (\S+)/i,
    code: 'token_not_yet_valid',
    claim: 1,
    expected: 2,
  },
  {
    source: 'php-jwt',
    pattern: /"kid" (?:invalid|empty), unable to lookup correct key/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  {
    source: 'php-jwt',
    pattern: /Incorrect key for this algorithm|Empty algorithm/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'php-jwt',
    pattern: /Wrong number of segments|Invalid (?:header|claims) encoding/i,
    code: 'malformed_token',
  },
];
