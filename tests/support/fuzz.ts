/**
 * Property-based runs with fast-check: a fixed seed in `npm test` (FUZZ_SEED and FUZZ_RUNS change
 * it), and failures that print the seed, the path to replay and the generated input with token
 * signatures removed and long values cut, so a failure can be replayed and posted safely.
 */
import fc from 'fast-check';
import type { run as Run } from '../../src/cli/main.js';
import { redactSecrets } from '../../src/token/redact.js';

/** The seed every property starts from unless FUZZ_SEED says otherwise. */
export const SEED = Number(process.env.FUZZ_SEED ?? 1616);

/** How many inputs a property tries: `base` in `npm test`, FUZZ_RUNS for a longer search. */
export function runs(base: number): number {
  return process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : base;
}

/** Text safe to print: compact JWTs lose their signature; the whole is cut to `max` characters. */
export function printable(value: unknown, max = 4000): string {
  const text = redactSecrets(typeof value === 'string' ? value : fc.stringify(value));
  return text.length > max
    ? `${Array.from(text.slice(0, max)).slice(0, -1).join('')}… (${text.length} characters)`
    : text;
}

/**
 * Runs a property; on failure throws one error naming the seed, the replay path and the input.
 * `show` turns the counterexample into what a reader needs (e.g. the file text written).
 */
export async function check<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  numRuns: number,
  show: (value: T) => unknown = (v) => v,
): Promise<void> {
  const result = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    seed: SEED,
    numRuns,
    endOnFailure: true,
  });
  if (!result.failed) return;
  const input = result.counterexample ? printable(show(result.counterexample[0])) : '(none)';
  const cause = result.errorInstance instanceof Error ? result.errorInstance.message : '';
  throw new Error(
    `${name}: failed after ${result.numRuns} runs (FUZZ_SEED=${result.seed}, path ${result.counterexamplePath})\n` +
      `${printable(cause, 2000)}\ninput: ${input}`,
  );
}

/** What one in-process CLI call did. */
export interface Called {
  code: number;
  output: string;
  ms: number;
}

/**
 * Runs the CLI's entry function in this process with stdout and stderr captured, as the bin
 * does (`process.exitCode = await run(argv)`). A throw is what the bin would print as a stack
 * trace, so it is returned as output with code 1 for the invariants to catch.
 */
export async function callCli(args: string[]): Promise<Called> {
  const chunks: string[] = [];
  const capture = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  // The compiled entry, as the bin loads it (`npm test` builds dist/ first).
  const { run } = (await import(new URL('../../dist/src/cli/main.js', import.meta.url).href)) as {
    run: typeof Run;
  };
  const started = performance.now();
  let code: number;
  try {
    code = await run(['node', 'oidc-harness', ...args]);
  } catch (thrown) {
    chunks.push(`${(thrown as Error)?.stack ?? String(thrown)}\n`);
    code = 1;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { code, output: chunks.join(''), ms: performance.now() - started };
}

/** A stack frame line as Node prints one. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
