/**
 * `oidc-harness` command line: parses argv with commander and hands each command to its module.
 * Exit codes (interface.md): 0 success / accepted, 1 a failure found, 2 bad input. This is the
 * CLI's edge for errors: commands throw, and a harness error is printed here as one line with the
 * exit code `exit-codes.ts` gives its `code`.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { isHarnessError } from '../errors.js';
import type { CommandContext } from './context.js';
import { exitCodeFor } from './exit-codes.js';

/** A command module registers itself on the program and sets `ctx.exitCode` when it runs. */
export type CommandModule = { register(program: Command, ctx: CommandContext): void };

/** Every command of the CLI, in the order `--help` lists them. */
const COMMANDS: Array<() => Promise<CommandModule>> = [
  () => import('./run.js'),
  () => import('./reproduce.js'),
  () => import('./diagnose.js'),
  () => import('./serve.js'),
  () => import('./rotate-check.js'),
  () => import('./doctor.js'),
  () => import('./setup.js'),
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

/** Runs the CLI and resolves to the process exit code. */
export async function run(argv: string[]): Promise<number> {
  const ctx: CommandContext = { exitCode: 0 };
  const program = new Command('oidc-harness')
    .description(
      'Reproduce and diagnose why a service provider answers 401 to Okta tokens: a real browser ' +
        'login against Okta or a local Okta emulator, token capture, replay to an SP, and a ' +
        'diagnosis with the fix in Okta terms.',
    )
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const load of COMMANDS) (await load()).register(program, ctx);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; a bad flag with a non-zero code.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isHarnessError(err)) {
      process.stderr.write(`oidc-harness: ${err.message}\n`);
      return exitCodeFor(err);
    }
    // Anything else is a fault, not the user's input: the bin prints it as one line (exit 1).
    throw err;
  }
  return ctx.exitCode;
}
