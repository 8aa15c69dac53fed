/**
 * The one base class of the harness's errors (modelled on jose's `JOSEError`): every error the
 * harness throws on purpose carries a stable string `code`, so programs — and the CLI's table from
 * code to exit code (`src/cli/exit-codes.ts`) — branch on the code, never on the message text.
 */
import type { DiscoveryErrorCode } from './okta/tenant-discovery.js';
import type { FlowErrorCode } from './flow/errors.js';
import type { SignInFailure } from './flow/pages/sign-in-error.js';
import type { SystemLogErrorCode } from './okta/system-log-client.js';

/**
 * Every code a {@link HarnessError} may carry. A code keeps its meaning once published; the
 * lower-case ones are the reasons of the flow runner, the sign-in drivers, tenant discovery and
 * the System Log client (each class documents its own).
 */
export type HarnessErrorCode =
  /** A bad flag, argument or combination of them (`UsageError`). */
  | 'USAGE'
  /** An input file that is missing, a directory, unreadable, too large or not text. */
  | 'UNUSABLE_INPUT_FILE'
  /** A case file that does not parse or does not follow the case schema or rules. */
  | 'INVALID_CASE_FILE'
  /** A case that cannot run as written (not a failure the IdP or SP produced). */
  | 'CASE_RUN_ERROR'
  /** A `${symbol}` in a case with no value at run time. */
  | 'UNRESOLVED_SYMBOL'
  /** An emulator configuration that does not follow its schema or rules. */
  | 'INVALID_EMULATOR_CONFIG'
  /** Options for minting a token the emulator cannot honour. */
  | 'INVALID_MINT_OPTIONS'
  /** A HAR file that is not JSON or not shaped like a HAR. */
  | 'INVALID_HAR'
  /** An OKTA_* variable missing or malformed. */
  | 'OKTA_SETTINGS'
  /** No Chromium to drive. */
  | 'BROWSER_NOT_FOUND'
  /** A report directory or file that cannot be written. */
  | 'REPORT_WRITE_ERROR'
  /** A service provider that gave no HTTP answer. */
  | 'SP_UNREACHABLE'
  /** The mock SP could not get the keys to verify with. */
  | 'KEY_SOURCE_UNAVAILABLE'
  /** The emulator's System Log API answers with an Okta error body. */
  | 'OKTA_API_ERROR'
  /** A request body a server of the harness refuses (too large, unreadable). */
  | 'INVALID_REQUEST_BODY'
  /** A sign-in driver's selector that is not CSS (a fault in the driver, not the user's input). */
  | 'INVALID_SELECTOR'
  | FlowErrorCode
  | SignInFailure
  | DiscoveryErrorCode
  | SystemLogErrorCode;

/** An error the harness throws on purpose: a one-line message for people, a `code` for programs. */
export abstract class HarnessError<Code extends HarnessErrorCode = HarnessErrorCode> extends Error {
  /** Stable: what went wrong, for programs. */
  abstract readonly code: Code;
}

/** True for an error the harness threw on purpose (it has a stable {@link HarnessError.code}). */
export function isHarnessError(value: unknown): value is HarnessError {
  return value instanceof HarnessError;
}
