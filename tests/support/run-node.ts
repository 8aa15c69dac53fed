/**
 * Running the built bin (or any Node script) as a user's shell would, for the CLI tests: in the
 * project root, output collected, exit code and duration returned.
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The bin a user runs (`npm test` builds dist/ first). */
export const BIN = join(ROOT, 'bin/oidc-harness.js');

/** How a process ended and what it printed. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `node ARGS…` in the project root with the test's environment plus `env`. `NO_COLOR` is
 * set unless `noColor: false` (a test that checks colours stay off without it).
 */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { noColor?: boolean } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...(options.noColor === false ? {} : { NO_COLOR: '1' }), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Runs `oidc-harness ARGS…` through the bin. */
export function runBin(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { noColor?: boolean } = {},
): Promise<Ran> {
  return runNode([BIN, ...args], env, options);
}

/**
 * The command names `oidc-harness --help` lists (without `help`), read from the built bin, so a
 * test over "every command" covers a command as soon as it is registered.
 */
export function commandNames(): string[] {
  const help = execFileSync(process.execPath, [BIN, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const at = help.split('\n').findIndex((l) => l.startsWith('Commands:'));
  return help
    .split('\n')
    .slice(at + 1)
    .map((l) => /^ {2}([a-z][\w-]*)\b/.exec(l)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

/** The examples of a help text, `$ ` and trailing comments dropped, `\`-continued lines joined. */
export function helpExamples(help: string): string[] {
  const lines = help.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Examples:'));
  if (at < 0) return [];
  const out: string[] = [];
  let current = '';
  for (const line of lines.slice(at + 1)) {
    if (!line.startsWith('  ')) break;
    current += ` ${line.trim().replace(/\\$/, '')}`;
    if (!line.trimEnd().endsWith('\\')) {
      out.push(
        current
          .trim()
          .replace(/^\$ /, '')
          .replace(/\s+#.*$/, ''),
      );
      current = '';
    }
  }
  return out;
}
