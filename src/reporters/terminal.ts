/**
 * Terminal rendering of `oidc-harness run`, modelled on Playwright's `list` reporter: one line per
 * case as it finishes, then the details of the failed cases only (expected, observed, what did not
 * match, the diagnosis and its fix), then the closing count. Every line fits the width it is given
 * (src/reporters/text.ts); a case name too long for its line is cut with `…` (the full name is in
 * `--json` and the report). Colours only on a TTY and never with `NO_COLOR` (https://no-color.org).
 */
import pc from 'picocolors';
import type { CaseResult } from '../harness/result.js';
import { displayWidth, truncate, wrapText } from './text.js';

/** Colour functions, enabled only when the stream is a TTY and `NO_COLOR` is unset or empty. */
export function colorsFor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Colors {
  const enabled = !!stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  return pc.createColors(enabled);
}

export type Colors = ReturnType<typeof pc.createColors>;

/** `1234` → `1.23 s`; under a second in ms. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `rejected 401 missing_claim`: what a case expects. */
export function expectedText(r: CaseResult): string {
  const e = r.expected;
  return [e.outcome, e.status, e.error, e.diagnosis?.join(', ')]
    .filter((p) => p !== undefined && p !== '')
    .join(' ');
}

/** `rejected 401 missing_claim, thin_id_token`: what a case observed. */
export function observedText(r: CaseResult): string {
  if (r.skipped) return 'skipped';
  const o = r.observed;
  if (!o) return 'nothing (the case did not finish)';
  const codes = o.diagnosis.map((d) => d.code).join(', ');
  return [o.outcome, o.status, o.error, codes].filter((p) => p !== undefined && p !== '').join(' ');
}

/** The mark a case's line starts with. */
function mark(r: CaseResult, c: Colors): string {
  return r.skipped ? c.yellow('-') : r.passed ? c.green('✓') : c.red('✘');
}

/**
 * A finished case's line: `  ✓  3 name · diagnosis codes (1.23 s)`, cut to `width` (the codes go
 * first, then the end of the name).
 * @param index the case's number in finishing order, right-aligned to `total`'s digits
 */
export function caseLine(
  r: CaseResult,
  index: number,
  total: number,
  width: number,
  c: Colors,
): string {
  const number = String(index).padStart(String(total).length);
  const head = `  ${mark(r, c)} ${number} `;
  const time = ` (${formatDuration(r.durationMs)})`;
  const codes = r.skipped ? [] : (r.observed?.diagnosis ?? []).map((d) => d.code);
  const room = Math.max(10, width - displayWidth(head) - displayWidth(time));
  const name = truncate(r.name, room);
  // The diagnosis codes follow the name while whole codes fit; the rest are in the details.
  let after = '';
  for (const [i, code] of codes.entries()) {
    const next = `${i === 0 ? ' · ' : ', '}${code}`;
    if (displayWidth(name + after + next) > room) {
      if (i > 0 && displayWidth(`${name}${after}, …`) <= room) after += ', …';
      break;
    }
    after += next;
  }
  const shown = `${name}${c.dim(after)}`;
  return `${head}${r.passed || r.skipped ? shown : c.red(shown)}${c.dim(time)}`;
}

/** Label column of the failure details. */
const LABEL = 11;

function field(label: string, value: string, width: number, c: Colors, indent: string): string[] {
  const lines = wrapText(value, width, indent + ' '.repeat(LABEL), indent + label.padEnd(LABEL));
  // Colour the label only: it is the start of the first line, which wrapping never cuts.
  const first = lines[0] ?? '';
  const at = indent.length + label.length;
  return [`${first.slice(0, indent.length)}${c.dim(label)}${first.slice(at)}`, ...lines.slice(1)];
}

/**
 * A failed case's details: its file, expected and observed, each mismatch, each diagnosis with its
 * summary and its fix, wrapped to `width`.
 */
export function failureDetails(r: CaseResult, n: number, width: number, c: Colors): string[] {
  const indent = '     ';
  const title = wrapText(`${n}) ${r.name}`, width, indent, '  ');
  const lines = [...title.map((l) => c.red(l))];
  lines.push(...wrapText(r.file, width, indent, indent).map((l) => c.dim(l)));
  lines.push(...field('expected', expectedText(r), width, c, indent));
  lines.push(...field('observed', observedText(r), width, c, indent));
  for (const m of r.mismatches ?? []) lines.push(...field('mismatch', m, width, c, indent));
  for (const d of r.observed?.diagnosis ?? []) {
    lines.push(...field('diagnosis', `${d.code}: ${d.summary}`, width, c, indent));
    lines.push(...field('fix', d.fix, width, c, indent));
  }
  return lines;
}

/** The skipped cases' reasons, once per reason: `3 skipped: needs a real Okta tenant: …`. */
export function skippedLines(results: CaseResult[], width: number, c: Colors): string[] {
  const byReason = new Map<string, number>();
  for (const r of results) {
    if (r.skipped) byReason.set(r.skipped, (byReason.get(r.skipped) ?? 0) + 1);
  }
  return [...byReason].flatMap(([reason, n]) =>
    wrapText(`${n} skipped: ${reason}`, width, '    ', '  ').map((l) => c.yellow(l)),
  );
}

/** The closing count, e.g. `14 passed, 1 failed, 2 skipped (12.31 s)`. */
export function summaryLine(
  passed: number,
  failed: number,
  skipped: number,
  c: Colors,
  durationMs?: number,
): string {
  const parts = [c.green(`${passed} passed`), (failed ? c.red : c.dim)(`${failed} failed`)];
  if (skipped) parts.push(c.yellow(`${skipped} skipped`));
  const time = durationMs === undefined ? '' : c.dim(` (${formatDuration(durationMs)})`);
  return `${parts.join(', ')}${time}`;
}
