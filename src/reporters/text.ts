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
import stringWidth from 'string-width';

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

/** Display width of a string (escape codes count zero, wide characters two). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

/** A word's pieces, each ending where a reader accepts a break: after `_ . / - , : ; = & ? #`. */
function atoms(word: string): string[] {
  return word.match(/[^_./\-,:;=&?#]*[_./\-,:;=&?#]+|[^_./\-,:;=&?#]+$/g) ?? [word];
}

/** Last resort for a piece without any boundary that is wider than a whole line. */
function hardSplit(piece: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const g of graphemes(piece)) {
    if (line && displayWidth(line + g) > width) {
      out.push(line);
      line = '';
    }
    line += g;
  }
  if (line) out.push(line);
  return out;
}

/**
 * Wraps plain text (no escape codes) to `width` columns. Each paragraph (`\n`) starts a new line;
 * `first` prefixes the first line and `indent` every other, and both count in the width.
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
    const place = (piece: string, joiner: string) => {
      if (line && displayWidth(line + joiner + piece) <= avail()) {
        line += joiner + piece;
        return;
      }
      if (line) flush();
      if (displayWidth(piece) <= avail()) {
        line = piece;
        return;
      }
      const parts = hardSplit(piece, avail());
      for (const part of parts.slice(0, -1)) {
        line = part;
        flush();
      }
      line = parts[parts.length - 1] ?? '';
    };
    for (const word of paragraph.split(' ').filter((w) => w.length > 0)) {
      if (displayWidth(word) <= avail()) {
        place(word, ' ');
        continue;
      }
      // A word longer than a line: break it at its boundaries, filling the current line first.
      atoms(word).forEach((a, i) => place(a, i === 0 ? ' ' : ''));
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
  for (const g of graphemes(text)) {
    if (displayWidth(`${out}${g}…`) > width) break;
    out += g;
  }
  const space = out.lastIndexOf(' ');
  if (space > 0 && displayWidth(out.slice(0, space)) >= (width * 2) / 3) out = out.slice(0, space);
  return `${out.replace(/[\s,·]+$/, '')}…`;
}
