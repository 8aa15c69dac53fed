/**
 * The time claims: `exp`, `nbf`, `iat` against an explicit clock and tolerance
 * (architecture.md "Time is explicit"; the comparisons are jose's, so the mock SP agrees with it).
 */
import type { CheckFailure } from './types.js';

function iso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/**
 * Checks `exp` (required), `nbf` and `iat` (when present) against `now` (epoch seconds) with
 * `toleranceSeconds` of allowed clock skew. A token without `exp` fails as `token_expired`: an SP
 * cannot tell whether it is still valid, and jose, Spring and .NET all refuse it.
 */
export function checkTimes(
  payload: Record<string, unknown>,
  now: number,
  toleranceSeconds: number,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const tolerance =
    Number.isFinite(toleranceSeconds) && toleranceSeconds > 0 ? toleranceSeconds : 0;
  const skew = tolerance ? ` with ${tolerance} s of clock tolerance` : '';
  const { exp, nbf, iat } = payload;
  if (exp === undefined) {
    failures.push({
      code: 'token_expired',
      message: 'the token has no exp claim, so it never expires: the SP refuses it',
      claim: 'exp',
      expected: 'a NumericDate',
    });
  } else if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    failures.push({
      code: 'token_expired',
      message: 'exp is not a number (a NumericDate, seconds since 1970)',
      claim: 'exp',
      token: exp,
      expected: 'a NumericDate',
    });
  } else if (exp <= now - tolerance) {
    failures.push({
      code: 'token_expired',
      message: `the token expired at ${iso(exp)}, ${Math.round(now - exp)} s before ${iso(now)}${skew}`,
      claim: 'exp',
      token: exp,
      expected: `after ${now - tolerance}`,
    });
  }
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' || !Number.isFinite(nbf)) {
      failures.push({
        code: 'token_not_yet_valid',
        message: 'nbf is not a number (a NumericDate, seconds since 1970)',
        claim: 'nbf',
        token: nbf,
        expected: 'a NumericDate',
      });
    } else if (nbf > now + tolerance) {
      failures.push({
        code: 'token_not_yet_valid',
        message: `the token is not valid before ${iso(nbf)}, ${Math.round(nbf - now)} s after ${iso(now)}${skew}`,
        claim: 'nbf',
        token: nbf,
        expected: `at most ${now + tolerance}`,
      });
    }
  }
  if (iat !== undefined) {
    if (typeof iat !== 'number' || !Number.isFinite(iat)) {
      failures.push({
        code: 'token_not_yet_valid',
        message: 'iat is not a number (a NumericDate, seconds since 1970)',
        claim: 'iat',
        token: iat,
        expected: 'a NumericDate',
      });
    } else if (iat > now + tolerance) {
      failures.push({
        code: 'token_not_yet_valid',
        message: `the token was issued in the future (${iso(iat)}, ${Math.round(iat - now)} s after ${iso(now)})${skew}: the IdP's and the SP's clocks disagree`,
        claim: 'iat',
        token: iat,
        expected: `at most ${now + tolerance}`,
      });
    }
  }
  return failures;
}
