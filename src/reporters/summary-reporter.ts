/**
 * A reporter for `npm test` beside Playwright's own: it prints why each skipped test was skipped
 * (a real-tenant case names the variables it needs) and ends with one plain line,
 * `tests: N passed, N failed, N skipped`, that any CI log reader can count.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<TestCase, TestResult['status']>();
  private readonly skipped: string[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test, result.status);
    if (result.status === 'skipped') {
      const reason =
        test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
      this.skipped.push(`skipped: ${test.titlePath().slice(1).join(' › ')} — ${reason}`);
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
    const lines = [
      ...this.skipped,
      `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
