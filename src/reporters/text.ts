/**
 * Text laid out for the terminal it is printed in: the width comes from the terminal (80 when
 * piped, unless `COLUMNS` says otherwise), lines wrap at spaces — and a word too long for a line
 * at `_`, `.`, `/`, `-` and similar boundaries, so `user.authentication.sso` or a URL breaks
 * where a reader expects — and never inside `missing_claim`. Widths are measured with
 * `string-width` (wide and combining characters, colour codes) rather than `.length`.
 *
 * Colour is applied to whole lines after wrapping: a wrapped string never carries an escape code,
 * so no code can be cut in two.
 */
import { createRequire } from 'node:module';
import { stripVTControlCharacters } from 'node:util';
import type StringWidth from 'string-width';

let loadedStringWidth: typeof StringWidth | undefined;
/**
 * string-width, loaded on the first text that needs it (wide, emoji or combining characters):
 * loading it costs 25–75 ms, on the path of a run's first printed line, and most lines never
 * need it (see `displayWidth`). `require` of an ES module is synchronous on the Node.js lines
 * supported.
 */
function stringWidth(text: string): number {
  loadedStringWidth ??= (
    createRequire(import.meta.url)('string-width') as { default: typeof StringWidth }
  ).default;
  return loadedStringWidth(text);
}

/** The part of a stream the width is read from. */
export interface WidthStream {
  isTTY?: boolean;
  columns?: number;
}

/** The width a terminal gives when nothing says otherwise (a pipe, a CI log). */
export const DEFAULT_COLUMNS = 80;
/** Narrower than this, lines are laid out as if this wide (and the terminal wraps them). */
const MIN_COLUMNS = 40;

/**
 * The width to lay text out in: the terminal's own on a TTY, else `COLUMNS` when it is a whole
 * number, else 80.
 */
export function terminalWidth(stream: WidthStream, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = /^\d+$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : undefined;
  const columns = stream.isTTY && stream.columns ? stream.columns : (fromEnv ?? DEFAULT_COLUMNS);
  return Math.max(MIN_COLUMNS, columns);
}

/**
 * Printable ASCII and the symbols the renderers print (arrows, dashes, ticks, box drawing), each
 * one column wide in string-width's reckoning (a unit test checks every one against it).
 */
export const NARROW_SYMBOLS = '→…’‘“”—–·•✓✗✘│─┌┐└┘├┤┬┴┼≤≥›‹§×';
const NARROW_ONLY = new RegExp(`^[\\x20-\\x7e${NARROW_SYMBOLS}]*$`);

/** Strings longer than this are measured in pieces (see {@link displayWidth}). */
const MEASURE_CHUNK = 1024;

/**
 * Display width of a string (escape codes count zero, wide characters two). A long string is
 * measured a piece at a time: string-width segments non-ASCII text with Intl.Segmenter, and V8
 * copies the whole input into every segment, so one 200 kB claim value would take minutes and
 * gigabytes. (A grapheme cut at a piece's edge may count one column off: the width of such a
 * string only ever decides that it does not fit.)
 */
export function displayWidth(text: string): number {
  // Most lines are printable ASCII and the symbols the renderers draw, one column each: counted
  // as they are, without string-width's first call (its segmenter and emoji tables take tens of
  // milliseconds to build, on the path of a run's first printed line).
  // Escape codes take no column (Node's own stripping, as string-width strips them).
  const plain = text.includes('\x1b') ? stripVTControlCharacters(text) : text;
  if (NARROW_ONLY.test(plain)) return plain.length;
  if (text.length <= MEASURE_CHUNK) return stringWidth(text);
  let width = 0;
  for (let i = 0; i < text.length; i += MEASURE_CHUNK)
    width += stringWidth(text.slice(i, i + MEASURE_CHUNK));
  return width;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The graphemes of the start of `text`, enough to fill `width` columns. Only a bounded prefix is
 * segmented: V8 gives every segment a copy of the whole input, so segmenting a 200 kB claim value
 * whole would take gigabytes.
 */
function leadingGraphemes(text: string, width: number): string[] {
  const head = text.slice(0, width * 8 + 64);
  return [...segmenter.segment(head)].map((s) => s.segment);
}

/**
 * A word's pieces, each ending where a reader accepts a break: after `_ . / , ; = & ? #`, and
 * after `-` or `:` unless a digit or `/` follows — so `2026-12-05T15:55:25Z`, a port and
 * `https://` stay whole.
 */
function atoms(word: string): string[] {
  return word.split(/(?<=[_./,;=&?#])|(?<=[-:])(?![\d/])/).filter((a) => a !== '');
}

/**
 * Wraps plain text (no escape codes) to `width` columns. Each paragraph (`\n`) starts a new line;
 * `first` prefixes the first line and `indent` every other, and both count in the width. A piece
 * of a word with no boundary that is wider than a whole line (a key id, a nonce) is cut with `…`
 * rather than split where no reader expects: the full value is in `--json` and the report.
 */
export function wrapText(text: string, width: number, indent = '', first = indent): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let prefix = out.length === 0 ? first : indent;
    let line = '';
    const avail = () => Math.max(10, width - displayWidth(prefix));
    const flush = () => {
      out.push((prefix + line).trimEnd());
      prefix = indent;
      line = '';
    };
    /** Places a piece that fits a line; false when it is wider than a whole line. */
    const place = (piece: string, joiner: string): boolean => {
      if (line && displayWidth(line + joiner + piece) <= avail()) {
        line += joiner + piece;
        return true;
      }
      if (displayWidth(piece) > avail()) return false;
      if (line) flush();
      line = piece;
      return true;
    };
    for (const word of paragraph.split(' ').filter((w) => w.length > 0)) {
      if (displayWidth(word) <= avail()) {
        place(word, ' ');
        continue;
      }
      // A word longer than a line: break it at its boundaries, filling the current line first.
      const pieces = atoms(word);
      for (const [i, piece] of pieces.entries()) {
        if (place(piece, i === 0 ? ' ' : '')) continue;
        // No boundary within a line's width: the rest of the word, cut, on a line of its own.
        if (line) flush();
        line = truncate(pieces.slice(i).join(''), avail());
        break;
      }
    }
    flush();
  }
  return out;
}

/**
 * Cuts text to `width` columns, ending with `…` when anything was cut: at the last space when one
 * lies in the last third of the room (whole words), else at the last character that fits.
 */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const g of leadingGraphemes(text, width)) {
    if (displayWidth(`${out}${g}…`) > width) break;
    out += g;
  }
  const space = out.lastIndexOf(' ');
  if (space > 0 && displayWidth(out.slice(0, space)) >= (width * 2) / 3) out = out.slice(0, space);
  return `${out.replace(/[\s,·]+$/, '')}…`;
}

/**
 * Fits lines of plain text to `width`: a line wider than that wraps ({@link wrapText}), its
 * continuation indented two columns past the line's own indent, so a block of prose keeps its
 * shape. Lines that fit are left as they are.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (displayWidth(line) <= width) return [line];
      const indent = /^ */.exec(line)![0];
      return wrapText(line.slice(indent.length), width, `${indent}  `, indent);
    })
    .join('\n');
}

/** Claims whose numbers are NumericDate seconds (RFC 7519 §2). */
const NUMERIC_DATE_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

/**
 * `1796486125` → `1796486125 (2026-12-05T15:55:25Z)` in a value of a date claim (`exp`, `iat`,
 * `nbf`…): epoch seconds a reader can't read, beside the time they are. Other values unchanged.
 */
export function withDates(claim: string, value: string): string {
  if (!NUMERIC_DATE_CLAIMS.has(claim)) return value;
  return value.replace(/\b\d{9,11}\b/g, (s) => {
    const date = new Date(Number(s) * 1000);
    return Number.isNaN(date.getTime()) ? s : `${s} (${date.toISOString().replace('.000Z', 'Z')})`;
  });
}
