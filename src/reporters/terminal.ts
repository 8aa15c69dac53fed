/**
 * Terminal rendering shared by the commands: colours only on a TTY and never with `NO_COLOR`
 * (https://no-color.org), and the result table of `oidc-harness run`.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { CaseResult } from '../harness/result.js';

/** Colour functions, enabled only when the stream is a TTY and `NO_COLOR` is unset or empty. */
export function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env) {
  const enabled = !!stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  return pc.createColors(enabled);
}

export type Colors = ReturnType<typeof colorsFor>;

/** `1234` → `1.23 s`; under a second in ms. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function expectedText(r: CaseResult): string {
  const e = r.expected;
  const parts: string[] = [e.outcome];
  if (e.status !== undefined) parts.push(String(e.status));
  if (e.error) parts.push(e.error);
  if (e.diagnosis?.length) parts.push(e.diagnosis.join(', '));
  return parts.join(' ');
}

function observedText(r: CaseResult): string {
  if (r.skipped) return 'skipped';
  const o = r.observed;
  if (!o) return 'no result';
  const parts: string[] = [o.outcome];
  if (o.status !== undefined) parts.push(String(o.status));
  if (o.error) parts.push(o.error);
  return parts.join(' ');
}

/** The final table: a row per case with expected, observed, diagnosis and time. */
export function renderResultTable(results: CaseResult[], c: Colors, width = 120): string {
  const table = new Table({
    head: ['', 'case', 'expected', 'observed', 'diagnosis', 'time'].map((h) => (h ? c.bold(h) : h)),
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: false,
    colWidths: [3, Math.max(24, width - 3 - 26 - 20 - 34 - 10 - 7), 26, 20, 34, 10],
  });
  for (const r of results) {
    const mark = r.skipped ? c.yellow('-') : r.passed ? c.green('✓') : c.red('✗');
    const diagnosis = r.observed?.diagnosis.map((d) => d.code).join(', ') || (r.skipped ?? '');
    table.push([
      // Never wrapped: hard-wrapping a one-character column splits the colour codes around it.
      { content: mark, wordWrap: false },
      r.name,
      expectedText(r),
      r.passed || r.skipped ? observedText(r) : c.red(observedText(r)),
      diagnosis,
      formatDuration(r.durationMs),
    ]);
  }
  return table.toString();
}

/** The line under the table, e.g. `14 passed, 1 failed, 2 skipped`. */
export function summaryLine(passed: number, failed: number, skipped: number, c: Colors): string {
  const parts = [c.green(`${passed} passed`), (failed ? c.red : c.dim)(`${failed} failed`)];
  if (skipped) parts.push(c.yellow(`${skipped} skipped`));
  return parts.join(', ');
}
