/**
 * The built bin run as a user runs it in a terminal: under a real pseudo-terminal of a given width
 * (util-linux `script`, which every Linux has, rather than a native npm module), its bytes then
 * drawn by a terminal emulator (@xterm/headless) so the test sees the screen a user sees — where a
 * line too long wraps, where an escape code is drawn as text — not only the bytes.
 */
import { execFileSync, spawn } from 'node:child_process';
import xterm from '@xterm/headless';
import stripAnsi from 'strip-ansi';
import { BIN, ROOT } from './run-node.js';

/** `script` from util-linux, when the machine has it. */
export function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The escape character that starts every colour code. */
export const ESC = String.fromCharCode(27);

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** What a command printed on a terminal, and its exit code. */
export interface PtyRun {
  code: number | null;
  /** The bytes written to the terminal (stdout and stderr, as a terminal mixes them). */
  raw: string;
}

/**
 * Runs `oidc-harness ARGS…` on a pseudo-terminal `cols` wide. Colour is left on (no `NO_COLOR`),
 * as in a user's terminal, so the escape codes are there to go wrong.
 */
export function runInPty(
  args: string[],
  cols: number,
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<PtyRun> {
  const command = `stty cols ${cols} rows 50; exec ${quote(process.execPath)} ${[BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve) => {
    const { NO_COLOR: _noColor, COLUMNS: _columns, FORCE_COLOR: _force, ...base } = process.env;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...base, TERM: 'xterm-256color', ...env },
    });
    // Bytes kept whole and decoded once: a chunk may end inside a multi-byte character (a box
    // drawing line, a dash), which decoded on its own becomes three replacement characters.
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => chunks.push(d));
    if (input !== undefined) child.stdin.end(input);
    child.on('close', (code) => resolve({ code, raw: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** A screen line: its text, and whether the terminal wrapped it (the line before was too long). */
export interface ScreenLine {
  text: string;
  wrapped: boolean;
}

/** Draws `raw` on a headless terminal `cols` wide and returns every line, scrollback included. */
export async function render(raw: string, cols: number): Promise<ScreenLine[]> {
  const term = new xterm.Terminal({ cols, rows: 50, scrollback: 100_000, allowProposedApi: true });
  // A pipe's output has bare `\n`; a terminal in raw mode would not return the cursor.
  const data = raw.includes('\r\n') ? raw : raw.replace(/\n/g, '\r\n');
  await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const lines: ScreenLine[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (line) lines.push({ text: line.translateToString(true), wrapped: line.isWrapped });
  }
  term.dispose();
  while (lines.length && lines[lines.length - 1]!.text === '') lines.pop();
  return lines;
}

/** Characters after which a long word may break (text.ts wraps at the same ones). */
const BOUNDARY = /[_./\-,:;=&?#]/;

/**
 * Whether `token` reads whole on the screen: on one line, or cut with `…`, or broken only right
 * after a `_`, `.`, `/`… boundary and continued at the start of the same column on the next line.
 */
export function readsWhole(lines: ScreenLine[], token: string): boolean {
  const texts = lines.map((l) => l.text);
  if (texts.some((t) => t.includes(token))) return true;
  for (let i = 0; i < texts.length - 1; i++) {
    for (let k = token.length - 1; k >= 4; k--) {
      if (!BOUNDARY.test(token[k - 1]!) && !token.slice(0, k).endsWith('…')) continue;
      const head = token.slice(0, k);
      const at = texts[i]!.indexOf(head);
      if (at < 0) continue;
      const after = texts[i]!.slice(at + head.length);
      if (after.startsWith('…')) return true;
      if (!/^(\s|│|$)/.test(after)) continue;
      const rest = token.slice(k);
      // The rest continues in the same column (a table cell) or at the line's indent.
      const next = texts[i + 1]!;
      const col = next.indexOf(rest.slice(0, Math.min(rest.length, 8)));
      if (col >= 0 && (col === at || /^\s*$/.test(next.slice(0, col)))) {
        if (readsWhole([{ text: next.slice(col), wrapped: false }, ...lines.slice(i + 2)], rest))
          return true;
      }
    }
  }
  // Cut with an ellipsis: the line shows a prefix of at least half the token, then `…`.
  return texts.some((t) => {
    const cut = t.indexOf('…');
    if (cut < 0) return false;
    const before = t.slice(0, cut);
    for (let k = token.length - 1; k >= Math.ceil(token.length / 2); k--) {
      if (before.endsWith(token.slice(0, k))) return true;
    }
    return false;
  });
}

/** Escape codes drawn as text: what is left when a code is cut in two or printed to a pipe. */
export const LEAKED_CODE = new RegExp(`${ESC}|\\[\\d{1,3}(?:;\\d{1,3})*m`);

/** The text of a run without any escape code, for a pipe's reference output. */
export const plain = (s: string) => stripAnsi(s);

/**
 * Whether `token` is split mid-word across two screen lines: one line ends (at its end or a table
 * border) with the token's start, cut where no `_ . /` boundary is, and the next line carries on
 * with the rest at the start of a cell or of its text.
 */
export function splitAcross(lines: ScreenLine[], token: string): boolean {
  const texts = lines.map((l) => l.text);
  for (let i = 0; i < texts.length - 1; i++) {
    for (let k = 2; k <= token.length - 2; k++) {
      if (BOUNDARY.test(token[k - 1]!)) continue;
      const head = token.slice(0, k);
      const rest = token.slice(k);
      const ends = new RegExp(`(^|[\\s│"'(])${escapeRe(head)}\\s*(│|$)`).test(texts[i]!);
      if (!ends) continue;
      const starts = new RegExp(`(^|[\\s│])${escapeRe(rest.slice(0, 12))}`).test(texts[i + 1]!);
      if (starts) return true;
    }
  }
  return false;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
