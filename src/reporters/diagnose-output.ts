/**
 * `oidc-harness diagnose` output: readable text with the evidence side by side in a small table,
 * or the JSON of interface.md. Tokens appear decoded (header and payload), never with a signature.
 * The table is drawn here rather than with cli-table3: loading that library took ~200 ms of the
 * command's 400 ms start-up budget on a busy machine.
 */
import type { Diagnosis } from '../diagnosis/types.js';
import { displayWidth, fitLines, terminalWidth, withDates, wrapText } from './text.js';
import { decodeForDisplay, redactSecrets } from '../token/redact.js';

/** What the text header says about the token. */
export interface RenderInfo {
  token?: string;
  signatureChecked: boolean;
  /** False when neither an SP expectation nor an SP answer was given: little could be checked. */
  comparedWithSp?: boolean;
  /** Terminal width; default: the terminal's, else `COLUMNS`, else 80. */
  columns?: number;
}

/** `diagnose --json`: exactly `{"diagnoses":[…]}` (interface.md). */
export function renderJson(diagnoses: Diagnosis[]): string {
  return `${redactSecrets(JSON.stringify({ diagnoses }, null, 2))}\n`;
}

const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;
const bold = (s: string) => (useColor ? `\x1b[1m${s}\x1b[22m` : s);
const green = (s: string) => (useColor ? `\x1b[32m${s}\x1b[39m` : s);

/** A cell's lines: wrapped at spaces, and a long word at its `_ . /` boundaries. */
const wrap = (text: string, width: number): string[] => (text ? wrapText(text, width) : ['']);
const pad = (text: string, width: number) =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** A boxed table; every row is one record, cells wrap within their column. */
function table(head: string[], rows: string[][], widths: number[]): string {
  const rule = (l: string, m: string, r: string) =>
    l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const render = (cells: string[]) => {
    const wrapped = cells.map((c, i) => wrap(c, widths[i] ?? 10));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let y = 0; y < height; y++) {
      lines.push(`│ ${wrapped.map((w, i) => pad(w[y] ?? '', widths[i] ?? 10)).join(' │ ')} │`);
    }
    return lines;
  };
  return [
    rule('┌', '┬', '┐'),
    ...render(head),
    ...rows.flatMap((r) => [rule('├', '┼', '┤'), ...render(r)]),
    rule('└', '┴', '┘'),
  ].join('\n');
}

function cell(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return redactSecrets(text);
}

function tokenLine(token: string | undefined, signatureChecked: boolean): string {
  const sig = signatureChecked
    ? 'signature checked'
    : 'signature not checked (no keys given: --jwks FILE)';
  if (!token) return `No token given; ${sig.replace(/ \(.*\)$/, '')}.`;
  const { header, payload } = decodeForDisplay(token);
  const parts = [
    header?.typ !== undefined ? `typ ${cell(header.typ)}` : undefined,
    `alg ${cell(header?.alg)}`,
    `iss ${cell(payload?.iss)}`,
    `aud ${cell(payload?.aud)}`,
  ].filter(Boolean);
  return `Token: ${parts.join(', ')}; ${sig}.`;
}

/** The readable report: one block per diagnosis, most likely first. */
export function renderText(diagnoses: Diagnosis[], info: RenderInfo): string {
  const width = Math.min(info.columns ?? terminalWidth(process.stdout), 160);
  // Prose lines wrap to the width; colour goes on after, so no code is ever cut.
  const fit = (text: string) => fitLines(text, width);
  const lines: string[] = [fit(tokenLine(info.token, info.signatureChecked)), ''];
  if (diagnoses.length === 0) {
    if (info.comparedWithSp === false) {
      // Without the SP's settings or answer, "would accept" would be a guess.
      lines.push(
        green(
          fit(
            'No problem found in what could be checked: the token decodes and its time window is current.',
          ),
        ),
        fit(
          `Not checked: issuer, audience, required claims and scopes (give --issuer, --audience, --require-claim, --require-scope or the SP's answer)${info.signatureChecked ? '' : ', signature (give --jwks FILE)'}.`,
        ),
      );
    } else {
      lines.push(green('No problem found: the SP would accept this token as described.'));
    }
    return `${lines.join('\n')}\n`;
  }
  diagnoses.forEach((d, i) => {
    const head = `${i + 1}. ${d.code}`;
    const summary = fit(`${head} — ${cell(d.summary)}`);
    lines.push(bold(head) + summary.slice(head.length));
    const rows = Object.entries(d.evidence).map(([field, row]) => [
      field,
      withDates(field, cell(row.token)),
      withDates(field, cell(row.expected)),
      cell(row.note),
    ]);
    if (rows.length > 0) {
      // A note column nobody filled in only takes room from the values.
      const notes = rows.some((r) => r[3]);
      const head = notes ? ['', 'token', 'expected', 'note'] : ['', 'token', 'expected'];
      const cells = notes ? rows : rows.map((r) => r.slice(0, 3));
      const first = Math.min(22, Math.max(8, ...rows.map((r) => displayWidth(r[0] ?? ''))));
      const n = head.length - 1;
      const col = Math.max(10, Math.floor((width - first - 1 - 3 * head.length) / n));
      lines.push(table(head, cells, [first, ...Array<number>(n).fill(col)]));
    }
    lines.push(`${bold('Fix:')}${fit(`Fix: ${cell(d.fix)}`).slice(4)}`, '');
  });
  return `${lines.join('\n')}\n`;
}
