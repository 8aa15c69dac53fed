/**
 * Reading a HAR file (HTTP Archive 1.2) exported by Chrome, Firefox or Playwright's `recordHar`
 * (issue item 3). The file is read once into one string and parsed once: a 50 MB HAR costs its
 * text plus the parsed objects, never a second copy. Every way a file can be wrong gets one
 * sentence naming the file and what is wrong: empty, not JSON (with the byte, line and column),
 * cut short (the byte where the JSON ends early), JSON that is not a HAR (the missing key), or a
 * HAR without entries.
 */
import type { Entry, Har } from 'har-format';
import { InputFileError, readInputText } from '../input/read-file.js';
import { lineAndColumn, locateJsonError } from './json-error.js';
import { HarnessError } from '../errors.js';

/** A HAR file that cannot be used; the message names the file and what is wrong. */
export class HarError extends HarnessError<'INVALID_HAR'> {
  readonly code = 'INVALID_HAR';
  constructor(message: string) {
    super(message);
    this.name = 'HarError';
  }
}

/** A parsed, shape-checked HAR. */
export interface HarFile {
  /** The path as given. */
  file: string;
  /** The file's size in bytes. */
  bytes: number;
  har: Har;
  /** `log.entries`, never empty. */
  entries: Entry[];
}

/** V8's longest string (2^29 - 24 characters on 64-bit): a larger file cannot be one string. */
const MAX_STRING = 2 ** 29 - 24;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function keysOf(o: object): string {
  const keys = Object.keys(o);
  if (keys.length === 0) return 'no keys';
  const shown = keys.slice(0, 6).map((k) => JSON.stringify(k.slice(0, 40)));
  return `keys ${shown.join(', ')}${keys.length > 6 ? ', …' : ''}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks one entry; returns what is wrong with it, or undefined. */
function entryProblem(e: unknown, i: number): string | undefined {
  const at = `log.entries[${i}]`;
  if (!isObject(e)) return `${at} is ${describe(e)}, expected an object`;
  if (!isObject(e.request)) return `${at} has no "request" object`;
  if (!isObject(e.response)) return `${at} has no "response" object`;
  if (typeof e.request.url !== 'string') return `${at}.request has no "url" string`;
  if (typeof e.request.method !== 'string') return `${at}.request has no "method" string`;
  if (typeof e.response.status !== 'number') return `${at}.response has no "status" number`;
  for (const side of ['request', 'response'] as const) {
    const headers = (e[side] as Record<string, unknown>).headers;
    if (headers !== undefined && !Array.isArray(headers))
      return `${at}.${side}.headers is ${describe(headers)}, expected an array`;
  }
  return undefined;
}

/**
 * Checks that a parsed JSON value is a HAR: `{ log: { entries: [ { request, response } … ] } }`.
 * Throws {@link HarError} naming the missing or wrong key; `name` is the file, for the message.
 */
export function checkHarShape(value: unknown, name: string): { har: Har; entries: Entry[] } {
  const notHar = (what: string) => new HarError(`${name}: JSON but not a HAR: ${what}`);
  if (!isObject(value))
    throw notHar(`the top level is ${describe(value)}, expected an object with a "log" key`);
  if (!('log' in value))
    throw notHar(`the top-level object has no "log" key (it has ${keysOf(value)})`);
  const log = value.log;
  if (!isObject(log)) throw notHar(`"log" is ${describe(log)}, expected an object`);
  if (!('entries' in log)) throw notHar(`"log" has no "entries" key (it has ${keysOf(log)})`);
  if (!Array.isArray(log.entries))
    throw notHar(`"log.entries" is ${describe(log.entries)}, expected an array`);
  if (log.entries.length === 0) {
    throw new HarError(
      `${name}: the HAR has no entries (log.entries is empty): record the sign-in with the browser's Network panel open (and "Preserve log" on), then export again`,
    );
  }
  for (let i = 0; i < log.entries.length; i++) {
    const problem = entryProblem(log.entries[i], i);
    if (problem) throw notHar(problem);
  }
  return { har: value as unknown as Har, entries: log.entries as Entry[] };
}

/**
 * Parses HAR text (one `JSON.parse` of the given string, no copy). On a syntax error, finds where
 * and why without quoting the input. `bytes` is the file's size, for the truncation message.
 */
export function parseHar(text: string, name: string, bytes = Buffer.byteLength(text)): HarFile {
  // A UTF-8 byte order mark (some Windows tools write one) is not JSON; slicing shares the string.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim().length === 0) {
    throw new HarError(
      `${name}: the file is empty (${bytes} byte${bytes === 1 ? '' : 's'}${bytes > 0 ? ' of white space' : ''}): expected a HAR (JSON with log.entries)`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw syntaxError(body, name, bytes, body === text ? 0 : 3);
  }
  const { har, entries } = checkHarShape(value, name);
  return { file: name, bytes, har, entries };
}

function syntaxError(text: string, name: string, bytes: number, bomBytes: number): HarError {
  const err = locateJsonError(text);
  if (!err) return new HarError(`${name}: not JSON (the parser refused it)`);
  const { line, column } = lineAndColumn(text, err.index);
  if (err.truncated) {
    return new HarError(
      `${name}: the file looks truncated: its JSON ends early at byte ${bytes} (line ${line}, column ${column}) where ${err.expected} was expected — the export or the download was cut short; export the HAR again`,
    );
  }
  const byte = bomBytes + Buffer.byteLength(text.slice(0, err.index));
  const found = err.found === undefined ? '' : ` ${JSON.stringify(err.found)}`;
  return new HarError(
    `${name}: not JSON: unexpected character${found} at byte ${byte} (line ${line}, column ${column}), expected ${err.expected}; a HAR file is JSON`,
  );
}

/** Reads and checks a HAR file. Throws {@link HarError} for every problem, I/O included. */
export function readHar(file: string): HarFile {
  let read: { text: string; bytes: number };
  try {
    read = readInputText(file, { what: 'HAR file', maxBytes: MAX_STRING });
  } catch (err) {
    throw err instanceof InputFileError ? new HarError(err.message) : err;
  }
  return parseHar(read.text, file, read.bytes);
}
