/**
 * What `oidc-harness run` and the processes it starts agree on, in one small module: the
 * environment variables the command sets for Playwright's runner and workers, and the names of
 * the annotation and attachments the catalogue's tests carry to the run reporter. Workers import
 * it without loading the command or the reporters.
 */

/** Environment variables `run` sets for the Playwright config and the catalogue test file. */
export const RUN_ENV = {
  cases: 'OIDC_HARNESS_CASES',
  /** The validated cases themselves (src/case/handoff.ts), so the run need not load them again. */
  loadedCases: 'OIDC_HARNESS_LOADED_CASES',
  format: 'OIDC_HARNESS_FORMAT',
  reportDir: 'OIDC_HARNESS_REPORT_DIR',
  headed: 'OIDC_HARNESS_HEADED',
  browserPath: 'OIDC_HARNESS_BROWSER_PATH',
  /** `--sp NAME=URL` as a JSON object, for the cases' `${sp.urls.NAME}`. */
  spUrls: 'OIDC_HARNESS_SP_URLS',
  /**
   * `1` when a case of the run signs in through a browser: each worker starts its browser as it
   * starts, alongside the emulator, instead of when its first case asks for a page.
   */
  browserCases: 'OIDC_HARNESS_BROWSER_CASES',
  /** Where the run reporter writes how the run ended (src/reporters/outcome.ts). */
  outcome: 'OIDC_HARNESS_OUTCOME_FILE',
} as const;

/** Annotation type a catalogue test carries: JSON `{ name, file, expected }`. */
export const CASE_ANNOTATION = 'oidc-harness-case';
/** Attachment name of a test's CaseResult (JSON). */
export const RESULT_ATTACHMENT = 'oidc-harness-result';
/** Attachment with the whole CaseEvidence as JSON (preferred: nothing is lost). */
export const EVIDENCE_ATTACHMENT = 'oidc-harness-evidence';
