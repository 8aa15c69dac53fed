/**
 * A case's result in the shape of interface.md ("JSON result"): what the case expected beside
 * what was observed. The e2e catalogue attaches one per test; `oidc-harness run` reports them.
 */
import type { DiagnosisCode } from '../diagnosis/codes.js';
import type { Diagnosis } from '../diagnosis/types.js';

/** How a case ends: the SP accepted the token, rejected it, or the flow stopped at /authorize. */
export type Outcome = 'accepted' | 'rejected' | 'authorize_error';

/** The `expect` section of a case file. */
export interface ExpectedResult {
  outcome: Outcome;
  status?: number;
  diagnosis?: DiagnosisCode[];
  /** The OAuth error of an `authorize_error` case (e.g. `invalid_scope`). */
  error?: string;
}

/** What a run observed. */
export interface ObservedResult {
  outcome: Outcome;
  status?: number;
  error?: string;
  diagnosis: Diagnosis[];
}

/** One row of `run --json` (interface.md). `skipped` carries the reason a case did not run. */
export interface CaseResult {
  name: string;
  file: string;
  passed: boolean;
  expected: ExpectedResult;
  observed?: ObservedResult;
  durationMs: number;
  skipped?: string;
  /** Why the case failed: each line names the field, the expected and the observed value. */
  mismatches?: string[];
}

/** The whole `run --json` document. `skipped` is always there (0 when none), for scripts. */
export interface RunResult {
  cases: CaseResult[];
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Compares an observed result with the case's expectation. Diagnosis matching: every expected code
 * must be among the observed ones, and the most likely observed cause (the first) must be one of
 * the expected codes — so a case names the cause it is about, and an extra secondary finding (say
 * `tokens_not_issued` beside `user_not_assigned`) doesn't fail it.
 * @returns the mismatches, one line each; empty when the case passed.
 */
export function compareResult(expected: ExpectedResult, observed: ObservedResult): string[] {
  const mismatches: string[] = [];
  if (observed.outcome !== expected.outcome) {
    mismatches.push(`outcome: expected ${expected.outcome}, observed ${observed.outcome}`);
  }
  if (expected.status !== undefined && observed.status !== expected.status) {
    mismatches.push(`status: expected ${expected.status}, observed ${observed.status ?? 'none'}`);
  }
  if (expected.error !== undefined && observed.error !== expected.error) {
    mismatches.push(`error: expected ${expected.error}, observed ${observed.error ?? 'none'}`);
  }
  const want = expected.diagnosis ?? [];
  const got = observed.diagnosis.map((d) => d.code);
  const missing = want.filter((code) => !got.includes(code));
  if (missing.length > 0) {
    mismatches.push(
      `diagnosis: expected ${want.join(', ')}, observed ${got.join(', ') || 'none'} (missing ${missing.join(', ')})`,
    );
  } else if (want.length > 0 && got[0] !== undefined && !want.includes(got[0])) {
    mismatches.push(
      `diagnosis: expected ${want.join(', ')} as the most likely cause, observed ${got.join(', ')} (first: ${got[0]})`,
    );
  } else if (want.length === 0 && expected.outcome === 'accepted' && got.length > 0) {
    mismatches.push(`diagnosis: expected none, observed ${got.join(', ')}`);
  }
  return mismatches;
}
