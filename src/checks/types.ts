import type { DiagnosisCode } from '../diagnosis/codes.js';

/** A JWT split into its decoded JOSE header and payload (the signature is never kept). */
export interface TokenParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/**
 * One reason a token fails an SP's expectation, with the values side by side. Produced by the
 * pure checks in `src/checks/` (used by the mock SP's verify() and by the diagnosis engine).
 */
export interface CheckFailure {
  code: DiagnosisCode;
  /** A short technical message, e.g. `aud "api://default" is not "0oa1…"`. */
  message: string;
  /** The claim or header field concerned (`aud`, `iss`, `email`, `typ`, `cnf.jkt`…). */
  claim?: string;
  /** The token's value (absent when the claim is missing). */
  token?: unknown;
  /** What the SP expected. */
  expected?: unknown;
  /**
   * Other claims or header fields that bear on this failure, by name: the `preferred_username`
   * a token carries instead of the missing `email`, the `at_hash` that marks a thin ID token, the
   * `scp` array an RFC 9068 SP does not read. Values are claim values, never key material.
   */
  related?: Record<string, unknown>;
}

/** How the token reached the SP, for the checks that depend on it (DPoP, token use). */
export type Presentation = 'bearer' | 'dpop' | 'form_post';
