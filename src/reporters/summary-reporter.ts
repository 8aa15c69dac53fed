/**
 * A reporter for `npm test` beside Playwright's own: it prints why each skipped test was skipped
 * (a real-tenant case names the variables it needs) and ends with one plain line,
 * `tests: N passed, N failed, N skipped`, that any CI log reader can count; tests that could not
 * run on this machine ("not run: install …") are counted there with the command that fixes it.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** The reason prefix of a test that could not run on this machine (a system package missing). */
export const NOT_RUN = 'not run:';

export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<TestCase, TestResult['status']>();
  private readonly skipped: string[] = [];
  /** Reasons of the tests that could not run here ("not run: install …"), with their counts. */
  private readonly notRun = new Map<string, number>();

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test, result.status);
    if (result.status === 'skipped') {
      const reason =
        test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
      this.skipped.push(`skipped: ${test.titlePath().slice(1).join(' › ')} — ${reason}`);
      if (reason.startsWith(NOT_RUN)) {
        const why = reason.slice(NOT_RUN.length).trim();
        this.notRun.set(why, (this.notRun.get(why) ?? 0) + 1);
      }
    }
  }

  onEnd(_result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const status of this.outcomes.values()) {
      if (status === 'passed') passed++;
      else if (status === 'skipped') skipped++;
      else failed++;
    }
    // The closing line stays countable ("N passed, N failed, N skipped"); what could not run on
    // this machine is said on the same line, so nobody takes a partial run for a full one.
    const notRun = [...this.notRun].map(([why, n]) => `${n} not run: ${why}`);
    const lines = [
      ...this.skipped,
      `tests: ${passed} passed, ${failed} failed, ${skipped} skipped` +
        (notRun.length > 0 ? ` (${notRun.join('; ')})` : ''),
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
