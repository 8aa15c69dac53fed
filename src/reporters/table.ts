/**
 * Tables that fit the terminal: drawn by cli-table3, laid out here. Each column gets its content's
 * width while the table fits; when it does not, the widest columns give way first. Cells are
 * wrapped before cli-table3 sees them ({@link wrapText}: at spaces, and a long word only at its
 * `_ . /` boundaries), so the library never cuts a word — or a colour code — itself; colour is put
 * on each wrapped line afterwards.
 */
import Table from 'cli-table3';
import type { Colors } from './terminal.js';
import { displayWidth, wrapText } from './text.js';

/** A cell: plain text, or text with the colour its every line is drawn in. */
export type Cell = string | { text: string; color?: (s: string) => string };

/** Narrowest a column is squeezed to (content, without padding). */
const MIN_COLUMN = 10;

const textOf = (cell: Cell) => (typeof cell === 'string' ? cell : cell.text);

/**
 * Content widths (padding excluded) for columns whose natural widths are `natural`, within
 * `room` columns of content: unchanged when they fit, else the widest shrunk one at a time.
 */
export function fitWidths(natural: number[], room: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > room) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if (widths[i]! > widths[widest]!) widest = i;
    if (widths[widest]! <= MIN_COLUMN) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

/** A table of `rows` under `head`, at most `width` columns wide. */
export function fitTable(head: string[], rows: Cell[][], width: number, c: Colors): string {
  const n = head.length;
  const natural = head.map((h, i) =>
    Math.max(
      1,
      displayWidth(h),
      ...rows.map((r) =>
        Math.max(
          0,
          ...textOf(r[i] ?? '')
            .split('\n')
            .map(displayWidth),
        ),
      ),
    ),
  );
  // Each column has one space of padding either side and one border line; plus the last border.
  const widths = fitWidths(natural, width - 3 * n - 1);
  const table = new Table({
    head: head.map((h) => (h ? c.bold(h) : h)),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    // No rule between body rows: a token has twenty claims and the table must stay scannable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
    colWidths: widths.map((w) => w + 2),
  });
  for (const row of rows) {
    table.push(
      head.map((_, i) => {
        const cell = row[i] ?? '';
        const color = typeof cell === 'string' ? undefined : cell.color;
        const text = textOf(cell);
        const lines = text ? wrapText(text, widths[i]!) : [''];
        return lines.map((l) => (color ? color(l) : l)).join('\n');
      }),
    );
  }
  return table.toString();
}
