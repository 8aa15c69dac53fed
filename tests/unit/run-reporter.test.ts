import { test, expect } from '@playwright/test';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import {
  CASE_ANNOTATION,
  RESULT_ATTACHMENT,
  caseResultOf,
} from '../../src/reporters/run-reporter.js';
import { colorsFor, renderResultTable, summaryLine } from '../../src/reporters/terminal.js';
import type { CaseResult } from '../../src/harness/result.js';

const annotation = {
  type: CASE_ANNOTATION,
  description: JSON.stringify({
    name: 'SP needs email',
    file: 'cases/missing-claim.yaml',
    expected: { outcome: 'rejected', status: 401, diagnosis: ['missing_claim'] },
  }),
};
const fakeTest = (annotations = [annotation]) =>
  ({
    title: 'title',
    location: { file: 'x.spec.ts', line: 1, column: 1 },
    annotations,
  }) as unknown as TestCase;
const fakeResult = (r: Partial<TestResult>) =>
  ({ status: 'passed', duration: 42, attachments: [], errors: [], ...r }) as unknown as TestResult;

test.describe('run reporter', () => {
  test('a test that died before its result is reported from its annotation and first error line', () => {
    const r = caseResultOf(
      fakeTest(),
      fakeResult({
        status: 'failed',
        errors: [
          { message: '\u001b[31mSignInError: the password field never appeared\u001b[39m\n  at …' },
        ],
      }),
    );
    expect(r).toEqual({
      name: 'SP needs email',
      file: 'cases/missing-claim.yaml',
      expected: { outcome: 'rejected', status: 401, diagnosis: ['missing_claim'] },
      durationMs: 42,
      passed: false,
      mismatches: ['SignInError: the password field never appeared'],
    });
  });

  test('the attached result wins, with the test status and duration', () => {
    const recorded: CaseResult = {
      name: 'n',
      file: 'f',
      passed: true,
      expected: { outcome: 'accepted' },
      observed: { outcome: 'accepted', status: 200, diagnosis: [] },
      durationMs: 1,
    };
    const r = caseResultOf(
      fakeTest(),
      fakeResult({
        status: 'failed',
        duration: 99,
        attachments: [
          {
            name: RESULT_ATTACHMENT,
            contentType: 'application/json',
            body: Buffer.from(JSON.stringify(recorded)),
          },
        ],
      }),
    );
    expect(r.passed).toBe(false);
    expect(r.durationMs).toBe(99);
    expect(r.observed?.status).toBe(200);
  });

  test('a skipped case carries its reason', () => {
    const r = caseResultOf(
      fakeTest([annotation, { type: 'skip', description: 'needs OKTA_DOMAIN' } as never]),
      fakeResult({ status: 'skipped' }),
    );
    expect(r.skipped).toBe('needs OKTA_DOMAIN');
  });

  test('the table shows expected, observed and the diagnosis codes; no colour off a TTY', () => {
    const c = colorsFor({ isTTY: false } as NodeJS.WriteStream, {});
    const text = renderResultTable(
      [
        {
          name: 'SP needs email',
          file: 'f',
          passed: true,
          expected: { outcome: 'rejected', status: 401, diagnosis: ['missing_claim'] },
          observed: {
            outcome: 'rejected',
            status: 401,
            diagnosis: [{ code: 'missing_claim', summary: '', evidence: {}, fix: '' }],
          },
          durationMs: 1234,
        },
      ],
      c,
    );
    const flat = text.replace(/[│\s]+/g, ' ');
    expect(flat).toContain('SP needs email');
    expect(flat).toContain('rejected 401');
    expect(flat).toContain('missing_claim');
    expect(text).toContain('1.23 s');
    expect(text).not.toContain('\u001b[');
    expect(summaryLine(3, 1, 2, c)).toBe('3 passed, 1 failed, 2 skipped');
  });

  test('NO_COLOR turns colours off even on a TTY', () => {
    expect(colorsFor({ isTTY: true } as NodeJS.WriteStream, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(colorsFor({ isTTY: true } as NodeJS.WriteStream, { TERM: 'xterm' }).red('x')).not.toBe(
      'x',
    );
  });
});
