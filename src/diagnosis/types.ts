import type { DiagnosisCode } from './codes.js';

/**
 * One row of evidence: what the token (or the IdP, or the SP) showed beside what was expected.
 * `token` is the observed value, `expected` what the SP or the request wanted; `note` explains
 * a row that is not a plain comparison (an authorize error, a System Log event).
 */
export interface EvidenceRow {
  token?: unknown;
  expected?: unknown;
  note?: string;
}

/** Evidence keyed by the claim or field it is about (`aud`, `iss`, `email`, `error_description`…). */
export type Evidence = Record<string, EvidenceRow>;

/** One explanation of a failure (interface.md): code, one-line summary, evidence and fix. */
export interface Diagnosis {
  code: DiagnosisCode;
  /** One line: what is wrong. */
  summary: string;
  /** The observed value beside the expected one, per claim or field. */
  evidence: Evidence;
  /** Concrete steps in Okta's terms: which scope to request, which server to use, … */
  fix: string;
}
