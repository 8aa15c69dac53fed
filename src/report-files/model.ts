/**
 * What a report is made of: the run's case results (interface.md "JSON result") and, per case, the
 * evidence behind it (decoded tokens, the SP's answer, System Log events, diagnoses, timings).
 */
import type { CaseEvidence } from '../harness/execute.js';
import type { CaseResult, RunResult } from '../harness/result.js';

/** One case of a run: its result and, when it ran far enough, its evidence. */
export interface ReportRun {
  result: CaseResult;
  evidence?: CaseEvidence;
}

/** Everything {@link writeReports} needs. */
export interface ReportInput {
  /** ISO 8601 start of the run. */
  startedAt: string;
  /** Wall time of the whole run. */
  durationMs: number;
  runs: ReportRun[];
  tool: { name: 'oidc-harness'; version: string };
}

/** A case row of `report.json`: the `run --json` row plus its evidence. */
export type ReportCase = CaseResult & { evidence?: CaseEvidence };

/** The `report.json` document: `run --json`'s shape (interface.md) plus run metadata. */
export interface ReportDocument extends RunResult {
  tool: ReportInput['tool'];
  startedAt: string;
  durationMs: number;
  cases: ReportCase[];
}

/** The status a case row shows. */
export type CaseStatus = 'passed' | 'failed' | 'skipped';

/** `skipped` wins over `passed`: a skipped case did not observe anything. */
export function statusOf(result: CaseResult): CaseStatus {
  if (result.skipped !== undefined) return 'skipped';
  return result.passed ? 'passed' : 'failed';
}

/** Builds the `report.json` document (counts computed from the cases, never taken on trust). */
export function reportDocument(input: ReportInput): ReportDocument {
  const cases: ReportCase[] = input.runs.map(({ result, evidence }) =>
    evidence ? { ...result, evidence } : { ...result },
  );
  const count = (s: CaseStatus) => cases.filter((c) => statusOf(c) === s).length;
  return {
    tool: input.tool,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    cases,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
  };
}
