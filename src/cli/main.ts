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

/** Every command of the CLI by name, in the order `--help` lists them. */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  run: () => import('./run.js'),
  reproduce: () => import('./reproduce.js'),
  diagnose: () => import('./diagnose.js'),
  serve: () => import('./serve.js'),
  'rotate-check': () => import('./rotate-check.js'),
  doctor: () => import('./doctor.js'),
  setup: () => import('./setup.js'),
};

/**
 * The command modules a start needs: only the named command's when the first argument names one
 * (its own `--help` included), so `serve` does not load what `doctor` renders with; every one
 * for the program's help, `--version`, or a name that is not a command (whose error suggests
 * the closest).
 */
function commandsFor(argv: string[]): Array<() => Promise<CommandModule>> {
  const name = argv[2];
  const one = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  return one ? [one] : Object.values(COMMANDS);
}

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
  for (const load of commandsFor(argv)) (await load()).register(program, ctx);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; a bad flag with a non-zero code.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isHarnessError(err)) {
      // Through the one redaction: a message may quote what the user gave (a token, a URL).
      // Loaded here, off the path of every start.
      const { redactSecrets } = await import('../token/redact.js');
      process.stderr.write(`oidc-harness: ${redactSecrets(err.message)}\n`);
      return exitCodeFor(err);
    }
    // Anything else is a fault, not the user's input: the bin prints it as one line (exit 1).
    throw err;
  }
  return ctx.exitCode;
}
