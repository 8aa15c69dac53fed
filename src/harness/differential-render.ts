/**
 * Differential probing in words, for `reproduce` and the HTML report: the winning change first,
 * then every probe tried (change, SP status) and why probing stopped.
 */
import type { DifferentialResult } from './differential.js';

/** One row per probe: what changed and what the SP answered. */
export interface DifferentialRow {
  change: string;
  /** The SP's status, `error: …` when the probe could not run. */
  answer: string;
  accepted: boolean;
}

/** The probes as rows (no token: a probe is a change and a status). */
export function differentialRows(result: DifferentialResult): DifferentialRow[] {
  return result.tried.map((p) => ({
    change: p.change,
    answer: p.error !== undefined ? `error: ${p.error}` : String(p.status ?? ''),
    accepted: p.accepted,
  }));
}

/** The headline: "accepted once `aud` is `api://default`", or what was tried without a winner. */
export function differentialHeadline(result: DifferentialResult): string {
  if (result.winner && result.diagnosis) return `accepted once ${result.winner.change}`;
  return result.note;
}

/** Plain text lines (colour is the caller's). */
export function differentialLines(result: DifferentialResult): string[] {
  const width = Math.max(...result.tried.map((p) => p.change.length), 6);
  const lines = [
    `  ${differentialHeadline(result)}`,
    ...differentialRows(result).map(
      (r) => `  ${r.accepted ? '✓' : '·'} ${r.change.padEnd(width)}  ${r.answer}`,
    ),
  ];
  if (result.untried > 0) {
    lines.push(
      `  (${result.untried} more change(s) not tried: ${result.stoppedBy.replace('_', ' ')})`,
    );
  }
  return lines;
}
