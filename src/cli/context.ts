/** State a command shares with the CLI entry point. */
export interface CommandContext {
  /** The exit code the process ends with: 0 success, 1 a failure found, 2 bad input. */
  exitCode: number;
}

/**
 * Bad input from the user (a flag, a file, a case): printed as one line and exit code 2,
 * never as a stack trace.
 */
import { HarnessError } from '../errors.js';
export class UsageError extends HarnessError<'USAGE'> {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
