/**
 * The Playwright reporter behind `oidc-harness run`: progress while cases run, then the result
 * table (or, with `--json`, exactly the documented JSON and nothing else on stdout).
 *
 * Each catalogue test carries a `oidc-harness-case` annotation (name, file, expectation) and, once
 * it ran, a `oidc-harness-result` attachment (a CaseResult). A test that died before producing a
 * result (a sign-in failure, a timeout) is reported from its annotation and its error.
 */
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import { readFileSync } from 'node:fs';
import type { CaseEvidence } from '../harness/execute.js';
import type { CaseResult, ExpectedResult, RunResult } from '../harness/result.js';
import { evidenceFromAttachments, secretsFromEnvironment } from '../reports/collect.js';
import { writeReports } from '../reports/write.js';
import { ProgressLine } from './progress.js';
import { colorsFor, formatDuration, renderResultTable, summaryLine } from './terminal.js';

/** Annotation type a catalogue test carries: JSON `{ name, file, expected }`. */
export const CASE_ANNOTATION = 'oidc-harness-case';
/** Attachment name of a test's CaseResult (JSON). */
export const RESULT_ATTACHMENT = 'oidc-harness-result';

export interface RunReporterOptions {
  /** `table` (default) or `json`. */
  format?: 'table' | 'json';
  /** Write report.json, report.html and junit.xml into this directory (`--report DIR`). */
  reportDir?: string;
}

interface CaseAnnotation {
  name: string;
  file: string;
  expected: ExpectedResult;
}

function caseAnnotation(test: TestCase): CaseAnnotation | undefined {
  const a = test.annotations.find((x) => x.type === CASE_ANNOTATION);
  return a?.description ? (JSON.parse(a.description) as CaseAnnotation) : undefined;
}

function firstLine(error: TestError | undefined): string {
  const text = (error?.message ?? error?.value ?? 'failed without a message').replace(
    // eslint-disable-next-line no-control-regex
    /\u001b\[[0-9;]*m/g,
    '',
  );
  return text.split('\n').find((l) => l.trim().length > 0) ?? text;
}

/** Builds the CaseResult of a finished test from its attachment, or from its error. */
export function caseResultOf(test: TestCase, result: TestResult): CaseResult {
  const attachment = result.attachments.find((a) => a.name === RESULT_ATTACHMENT);
  const meta = caseAnnotation(test);
  const base = {
    name: meta?.name ?? test.title,
    file: meta?.file ?? test.location.file,
    expected: meta?.expected ?? { outcome: 'accepted' as const },
    durationMs: result.duration,
  };
  if (result.status === 'skipped') {
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'skipped';
    return { ...base, passed: false, skipped: reason };
  }
  if (attachment?.body) {
    const recorded = JSON.parse(attachment.body.toString('utf8')) as CaseResult;
    return { ...recorded, durationMs: result.duration, passed: result.status === 'passed' };
  }
  return { ...base, passed: false, mismatches: [firstLine(result.errors[0] ?? result.error)] };
}

export default class RunReporter implements Reporter {
  private readonly format: 'table' | 'json';
  private readonly reportDir: string | undefined;
  private readonly results = new Map<TestCase, CaseResult>();
  private readonly evidence = new Map<TestCase, CaseEvidence>();
  private readonly errors: string[] = [];
  private total = 0;
  private done = 0;
  private started = Date.now();
  /** Live status line on a terminal, plain lines otherwise (table format only). */
  private progress: ProgressLine | undefined;
  private readonly c = colorsFor(process.stderr);
  private readonly out = colorsFor(process.stdout);

  constructor(options: RunReporterOptions = {}) {
    this.format = options.format ?? 'table';
    this.reportDir = options.reportDir;
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    this.started = Date.now();
    if (this.format === 'table') {
      process.stderr.write(`Running ${this.total} case${this.total === 1 ? '' : 's'}…\n`);
      this.progress = new ProgressLine(process.stderr, this.total, this.started);
    }
  }

  onTestBegin(): void {
    this.progress?.begin();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // Retries report each attempt: keep the last.
    const r = caseResultOf(test, result);
    this.results.set(test, r);
    const evidence = evidenceFromAttachments(result.attachments);
    if (evidence) this.evidence.set(test, evidence);
    this.done++;
    if (this.format !== 'table') return;
    const mark = r.skipped ? this.c.yellow('-') : r.passed ? this.c.green('✓') : this.c.red('✗');
    const elapsed = formatDuration(Date.now() - this.started);
    const lines = [
      `[${this.done}/${this.total} ${elapsed}] ${mark} ${r.name} ${this.c.dim(formatDuration(r.durationMs))}`,
    ];
    if (!r.passed && !r.skipped) {
      for (const m of r.mismatches ?? []) lines.push(`      ${this.c.red(m)}`);
    }
    this.progress?.end(lines);
  }

  onError(error: TestError): void {
    this.errors.push(firstLine(error));
  }

  async onEnd(_result: FullResult): Promise<void> {
    this.progress?.stop();
    const cases = [...this.results.values()];
    const passed = cases.filter((r) => r.passed).length;
    const skipped = cases.filter((r) => r.skipped).length;
    const failed = cases.length - passed - skipped;
    if (this.format === 'json') {
      const doc: RunResult = { cases, passed, failed, skipped };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      const width = process.stdout.columns ?? 120;
      process.stdout.write(`${renderResultTable(cases, this.out, width)}\n`);
      process.stdout.write(`${summaryLine(passed, failed, skipped, this.out)}\n`);
    }
    for (const e of this.errors) process.stderr.write(`error: ${e}\n`);
    if (this.reportDir) await this.writeReport();
  }

  private async writeReport(): Promise<void> {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const runs = [...this.results].map(([test, result]) => ({
      result,
      evidence: this.evidence.get(test),
    }));
    try {
      const { files } = await writeReports(
        this.reportDir as string,
        {
          startedAt: new Date(this.started).toISOString(),
          durationMs: Date.now() - this.started,
          runs,
          tool: { name: 'oidc-harness', version: pkg.version },
        },
        { secrets: secretsFromEnvironment() },
      );
      process.stderr.write(`report: ${files.join(', ')}\n`);
    } catch (err) {
      process.stderr.write(`error: ${(err as Error).message}\n`);
    }
  }
}
