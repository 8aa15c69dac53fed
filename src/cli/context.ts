/** State a command shares with the CLI entry point. */
export interface CommandContext {
  /** The exit code the process ends with: 0 success, 1 a failure found, 2 bad input. */
  exitCode: number;
}

/**
 * Bad input from the user (a flag, a file, a case): printed as one line and exit code 2,
 * never as a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
