/**
 * The one table from an error's stable `code` to the process exit code (interface.md): 2 for bad
 * input — a flag, a file, a case or a setting the user can fix — and 1 for a failure met while
 * doing the work. Commands throw; the CLI's edge (`main.ts`) prints the message and looks the exit
 * code up here.
 */
import { isHarnessError, type HarnessErrorCode } from '../errors.js';

/** The exit codes an error can end the process with. */
export type ErrorExitCode = 1 | 2;

/** Bad input: exit 2. */
const BAD_INPUT = 2;
/** A failure met while doing the work (the case could not finish): exit 1. */
const FAILED = 1;

/** Every error code's exit code; the type makes a new code's author choose one. */
export const EXIT_CODE_BY_ERROR = {
  USAGE: BAD_INPUT,
  UNUSABLE_INPUT_FILE: BAD_INPUT,
  INVALID_CASE_FILE: BAD_INPUT,
  CASE_RUN_ERROR: BAD_INPUT,
  UNRESOLVED_SYMBOL: BAD_INPUT,
  INVALID_EMULATOR_CONFIG: BAD_INPUT,
  INVALID_HAR: BAD_INPUT,
  OKTA_SETTINGS: BAD_INPUT,
  BROWSER_NOT_FOUND: BAD_INPUT,
  REPORT_WRITE_ERROR: BAD_INPUT,
  // A token the emulator can't mint for a case fails that case, under `run` as under `reproduce`.
  INVALID_MINT_OPTIONS: FAILED,
  SP_UNREACHABLE: FAILED,
  KEY_SOURCE_UNAVAILABLE: FAILED,
  OKTA_API_ERROR: FAILED,
  INVALID_REQUEST_BODY: FAILED,
  INVALID_SELECTOR: FAILED,
  // The flow runner (src/flow/errors.ts).
  discovery_failed: FAILED,
  callback_timeout: FAILED,
  callback_cancelled: FAILED,
  state_mismatch: FAILED,
  nonce_mismatch: FAILED,
  id_token_invalid: FAILED,
  authorize_page_error: FAILED,
  response_invalid: FAILED,
  request_invalid: FAILED,
  // The sign-in drivers (src/flow/pages/sign-in-error.ts).
  invalid_credentials: FAILED,
  mfa_required: FAILED,
  mfa_push: FAILED,
  mfa_code_rejected: FAILED,
  field_not_found: FAILED,
  no_redirect: FAILED,
  // Tenant discovery (src/okta/tenant-discovery.ts) and the System Log client.
  unreachable: FAILED,
  not_found: FAILED,
  http_error: FAILED,
  invalid: FAILED,
  issuer: FAILED,
  // The System Log client's `bad_input` is its caller's arguments (a program's), not the user's.
  bad_input: FAILED,
  bad_request: FAILED,
  unauthorized: FAILED,
  forbidden: FAILED,
  rate_limited: FAILED,
  network: FAILED,
  invalid_response: FAILED,
  foreign_next_link: FAILED,
} as const satisfies Record<HarnessErrorCode, ErrorExitCode>;

/**
 * The exit code `err` ends the process with: the table's for a harness error, 1 for anything
 * else (a fault, not the user's input).
 */
export function exitCodeFor(err: unknown): ErrorExitCode {
  return isHarnessError(err) ? EXIT_CODE_BY_ERROR[err.code] : FAILED;
}

/** True when `err` is bad input the user can fix (exit 2). */
export function isBadInput(err: unknown): boolean {
  return exitCodeFor(err) === BAD_INPUT;
}
