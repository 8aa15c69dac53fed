/**
 * The one way an input file is read (case files, HAR files, JWKS, userinfo and token files):
 * every failure — missing, a directory, no permission, too large, not UTF-8 text — becomes one
 * {@link InputFileError} whose message names the file and what is wrong, for exit code 2.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { HarnessError } from '../errors.js';

/** An input file that cannot be used; the message is one line naming the file. */
export class InputFileError extends HarnessError<'UNUSABLE_INPUT_FILE'> {
  override readonly name = 'InputFileError';
  readonly code = 'UNUSABLE_INPUT_FILE';
  constructor(
    /** The path as given. */
    readonly file: string,
    /** What is wrong, without the file name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** The longest value quoted whole in a message; longer ones are cut and their size noted. */
export const SHOWN_VALUE_CHARS = 60;

/** `1234567` → `1,234,567` (a fixed locale, so messages and tests read the same everywhere). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A value cut to a readable length for a message: short strings unchanged, long ones to their
 * first characters followed by `…` and the full size, e.g. `xxxx… (200,000 characters)`.
 * Cuts on a code point boundary, so a message never carries half a surrogate pair.
 */
export function clip(value: string, max = SHOWN_VALUE_CHARS): string {
  const chars = Array.from(value.length > max * 2 + 8 ? value.slice(0, max * 2 + 8) : value);
  if (value.length <= max) return value;
  return `${chars.slice(0, max).join('')}… (${count(value.length)} characters)`;
}

/** {@link clip}, quoted as JSON inside the cut, for "got …" parts of messages. */
export function clipQuoted(value: string, max = SHOWN_VALUE_CHARS): string {
  if (value.length <= max) return JSON.stringify(value);
  const shown = clip(value, max);
  const cut = shown.lastIndexOf('… (');
  return `${JSON.stringify(shown.slice(0, cut))}…${shown.slice(cut + 1)}`;
}

/** How an input file is described in messages ("case file", "HAR file", "JWKS file"). */
export interface ReadOptions {
  /** What the file should be, for "is a directory, expected a …" messages. */
  what: string;
  /** The largest file accepted, in bytes. */
  maxBytes: number;
}

function ioReason(code: string | undefined, err: unknown, what: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return `is a directory, expected a ${what}`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the file cannot be read';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return `cannot be read (${code ?? clip((err as Error).message ?? String(err))})`;
  }
}

/**
 * Reads a whole input file as UTF-8 text, once. Throws {@link InputFileError} for every failure.
 * `fileName` shown in messages is cut when it is absurdly long.
 */
export function readInputText(file: string, options: ReadOptions): { text: string; bytes: number } {
  const name = clip(file, 200);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory())
      throw new InputFileError(name, `is a directory, expected a ${options.what}`);
    if (stat.size > options.maxBytes) {
      throw new InputFileError(
        name,
        `${count(stat.size)} bytes is larger than a ${options.what} can be (at most ${count(options.maxBytes)} bytes)`,
      );
    }
    const buffer = readFileSync(fd);
    // A device or pipe reports size 0: the limit is checked on what was read too.
    if (buffer.length > options.maxBytes) {
      throw new InputFileError(
        name,
        `larger than a ${options.what} can be (at most ${count(options.maxBytes)} bytes)`,
      );
    }
    return { text: buffer.toString('utf8'), bytes: buffer.length };
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputFileError(name, ioReason(code, err, options.what));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Parses JSON text read from `file`; a syntax error names the file, line and column. */
export function parseInputJson(text: string, file: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    if (!at) return failJson(file, what, undefined);
    const offset = Number(at[1]);
    const before = body.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return failJson(file, what, { line, column });
  }
}

function failJson(
  file: string,
  what: string,
  at: { line: number; column: number } | undefined,
): never {
  const where = at ? ` at line ${at.line}, column ${at.column}` : '';
  throw new InputFileError(clip(file, 200), `not JSON${where}: expected a ${what} (JSON)`);
}
