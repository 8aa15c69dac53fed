/**
 * How a `run` ended, as the run reporter saw it, handed back to the `run` command through a file.
 * Playwright's own exit code says only "passed" or "not": it is 1 for a failed case, for an
 * interrupted run and for a browser that would not start alike. The command decides its exit code
 * from this account instead, so CI can tell a regression from a typo or a Ctrl-C.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** The reporter's account of a run. */
export interface RunOutcome {
  /** Cases the run was given (after `--grep` and `--shard`). */
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Cases that never finished: the run was interrupted first. */
  notRun: number;
  /** Playwright stopped the run on a signal. */
  interrupted: boolean;
  /** The browser could not be launched: one line saying so (the run's input, not a case, is bad). */
  browserError?: string;
  /** `--report DIR` could not be written after the run: what went wrong. */
  reportError?: string;
}

/** Writes the outcome where the command will look for it. */
export function writeRunOutcome(file: string, outcome: RunOutcome): void {
  writeFileSync(file, JSON.stringify(outcome), 'utf8');
}

/** The outcome the reporter wrote, or undefined when the run ended before the reporter could. */
export function readRunOutcome(file: string): RunOutcome | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunOutcome;
  } catch {
    return undefined;
  }
}

/** Exit codes of `run` (interface.md), with the two signal codes a shell gives a killed job. */
export const EXIT = {
  ok: 0,
  failed: 1,
  badInput: 2,
  /** 128 + SIGINT. */
  sigint: 130,
  /** 128 + SIGTERM. */
  sigterm: 143,
} as const;
