/**
 * Reading a `-` argument from standard input. On a terminal nothing else would tell the user the
 * command is waiting for them: a prompt on stderr (stdout stays the command's output) says what to
 * paste and how to end it.
 */
import { readFileSync } from 'node:fs';

/**
 * All of standard input, after a prompt naming `what` when stdin is a terminal.
 * @param what what is expected, e.g. `the token (--token-file -)`
 */
export function readStdin(what: string): string {
  if (process.stdin.isTTY) {
    const end = process.platform === 'win32' ? 'Ctrl-Z then Enter' : 'Ctrl-D';
    process.stderr.write(`oidc-harness: paste ${what}, then press Enter and ${end}\n`);
  }
  return readFileSync(0, 'utf8');
}
