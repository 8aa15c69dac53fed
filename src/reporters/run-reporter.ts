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
import stripAnsi from 'strip-ansi';
import type { CaseEvidence } from '../harness/execute.js';
import type { CaseResult, ExpectedResult, RunResult } from '../harness/result.js';
import { evidenceFromAttachments, secretsFromEnvironment } from '../report-files/collect.js';
import { writeRunOutcome, type RunOutcome } from './outcome.js';
import { ProgressLine } from './progress.js';
import { caseLine, colorsFor, failureDetails, skippedLines, summaryLine } from './terminal.js';
import { terminalWidth, truncate, wrapText } from './text.js';

import { CASE_ANNOTATION, RESULT_ATTACHMENT } from '../run/contract.js';
import { redactDeep, redactSecrets } from '../token/redact.js';

/** The real tenant's secrets this process knows (the emulator's never leave its worker). */
const SECRETS = secretsFromEnvironment();

export interface RunReporterOptions {
  /** `table` (default) or `json`. */
  format?: 'table' | 'json';
  /** Write report.json, report.html and junit.xml into this directory (`--report DIR`). */
  reportDir?: string;
  /** Where to write how the run ended, for the `run` command (src/reporters/outcome.ts). */
  outcomeFile?: string;
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
  const text = stripAnsi(error?.message ?? error?.value ?? 'failed without a message');
  // A test's error is free text from anywhere (an assertion, a page, a library): redacted here,
  // as it goes to the terminal, --json and the report.
  return redactSecrets(text.split('\n').find((l) => l.trim().length > 0) ?? text, SECRETS);
}

/**
 * Playwright's launch errors (`browserType.launch: …` and its call log): the browser, not the
 * case, is at fault, and every case would say so again.
 */
function browserLaunchError(error: TestError | undefined): string | undefined {
  const line = firstLine(error);
  return /browserType\.launch|Failed to launch|Executable doesn't exist/.test(line)
    ? line.replace(/^(Error: )?browserType\.launch: /, '')
    : undefined;
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
    const recorded = redactDeep(
      JSON.parse(attachment.body.toString('utf8')) as CaseResult,
      SECRETS,
    );
    return { ...recorded, durationMs: result.duration, passed: result.status === 'passed' };
  }
  return { ...base, passed: false, mismatches: [firstLine(result.errors[0] ?? result.error)] };
}

export default class RunReporter implements Reporter {
  private readonly format: 'table' | 'json';
  private readonly reportDir: string | undefined;
  private readonly outcomeFile: string | undefined;
  private readonly results = new Map<TestCase, CaseResult>();
  private readonly evidence = new Map<TestCase, CaseEvidence>();
  private readonly errors: string[] = [];
  private tests: TestCase[] = [];
  private browserError: string | undefined;
  private done = 0;
  private started = Date.now();
  /** Live status line on a terminal, plain lines otherwise (table format only). */
  private progress: ProgressLine | undefined;
  private readonly out = colorsFor(process.stdout);
  private readonly width = terminalWidth(process.stdout);

  constructor(options: RunReporterOptions = {}) {
    this.format = options.format ?? 'table';
    this.reportDir = options.reportDir;
    this.outcomeFile = options.outcomeFile;
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.tests = suite.allTests();
    this.started = Date.now();
    if (this.format === 'table') {
      const n = this.tests.length;
      const workers = Math.min(config.workers, n);
      process.stdout.write(
        `Running ${n} case${n === 1 ? '' : 's'} with ${workers} worker${workers === 1 ? '' : 's'}\n\n`,
      );
      this.progress = new ProgressLine(process.stdout, n, this.started);
    }
  }

  onTestBegin(): void {
    this.progress?.begin();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const launch = browserLaunchError(result.errors[0] ?? result.error);
    if (launch) {
      // Not the case's failure: counted as not run, and said once at the end.
      this.browserError ??= launch;
      this.results.delete(test);
      this.progress?.end([]);
      return;
    }
    // An interrupted case did not finish: it is listed as not run at the end.
    if (result.status === 'interrupted') {
      this.progress?.end([]);
      return;
    }
    // Retries report each attempt: keep the last.
    const r = caseResultOf(test, result);
    this.results.set(test, r);
    const evidence = evidenceFromAttachments(result.attachments);
    if (evidence) this.evidence.set(test, evidence);
    this.done++;
    if (this.format !== 'table') return;
    this.progress?.end([caseLine(r, this.done, this.tests.length, this.width, this.out)]);
  }

  onError(error: TestError): void {
    const launch = browserLaunchError(error);
    if (launch) this.browserError ??= launch;
    else this.errors.push(firstLine(error));
  }

  async onEnd(result: FullResult): Promise<void> {
    this.progress?.stop();
    const cases = [...this.results.values()];
    const passed = cases.filter((r) => r.passed).length;
    const skipped = cases.filter((r) => r.skipped).length;
    const failed = cases.length - passed - skipped;
    const notRun = this.tests.filter((t) => !this.results.has(t));
    const interrupted = result.status === 'interrupted';
    const durationMs = Date.now() - this.started;
    if (this.format === 'json') {
      const doc: RunResult = { cases, passed, failed, skipped };
      const extra = interrupted ? { interrupted, notRun: notRun.map((t) => this.nameOf(t)) } : {};
      process.stdout.write(`${JSON.stringify({ ...doc, ...extra }, null, 2)}\n`);
    } else {
      this.printEnd(cases, { passed, failed, skipped, durationMs });
      if (interrupted) this.printInterrupted(notRun);
    }
    for (const e of this.errors) process.stderr.write(`error: ${e}\n`);
    if (this.browserError) {
      process.stderr.write(`oidc-harness: the browser could not start: ${this.browserError}\n`);
    }
    const outcome: RunOutcome = {
      total: this.tests.length,
      passed,
      failed,
      skipped,
      notRun: notRun.length,
      interrupted,
      ...(this.browserError ? { browserError: this.browserError } : {}),
    };
    if (this.reportDir) {
      const reportError = await this.writeReport(durationMs);
      if (reportError) outcome.reportError = reportError;
    }
    if (this.outcomeFile) writeRunOutcome(this.outcomeFile, outcome);
  }

  private nameOf(test: TestCase): string {
    return caseAnnotation(test)?.name ?? test.title;
  }

  /** The failed cases' details, the skipped cases' reasons and the closing count. */
  private printEnd(
    cases: CaseResult[],
    n: { passed: number; failed: number; skipped: number; durationMs: number },
  ): void {
    const lines: string[] = [''];
    const failures = cases.filter((r) => !r.passed && !r.skipped);
    failures.forEach((r, i) => lines.push(...failureDetails(r, i + 1, this.width, this.out), ''));
    const skips = skippedLines(cases, this.width, this.out);
    if (skips.length > 0) lines.push(...skips, '');
    lines.push(`  ${summaryLine(n.passed, n.failed, n.skipped, this.out, n.durationMs)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  /** `interrupted` and each case that did not finish, as not run. */
  private printInterrupted(notRun: TestCase[]): void {
    const c = this.out;
    const lines = [
      '',
      c.yellow(
        wrapText(
          `interrupted: ${notRun.length} case${notRun.length === 1 ? '' : 's'} not run`,
          this.width,
          '  ',
          '  ',
        ).join('\n'),
      ),
      ...notRun.map(
        (t) => `  ${c.dim('·')} ${truncate(`not run: ${this.nameOf(t)}`, this.width - 4)}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  /** Writes the report; a failure is said on stderr and returned, so the run exits non-zero. */
  private async writeReport(durationMs: number): Promise<string | undefined> {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const runs = [...this.results].map(([test, result]) => ({
      result,
      evidence: this.evidence.get(test),
    }));
    try {
      // Loaded only for --report: a run without one never loads the HTML and JUnit writers.
      const { writeReports } = await import('../report-files/write.js');
      const { files } = await writeReports(
        this.reportDir as string,
        {
          startedAt: new Date(this.started).toISOString(),
          durationMs,
          runs,
          tool: { name: 'oidc-harness', version: pkg.version },
        },
        { secrets: SECRETS },
      );
      if (this.format === 'table') process.stderr.write(`report: ${files.join(', ')}\n`);
      return undefined;
    } catch (err) {
      const message = (err as Error).message;
      process.stderr.write(`oidc-harness: ${message}\n`);
      return message;
    }
  }
}
