import { test, expect } from '@playwright/test';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { caseResultOf } from '../../../src/reporters/run-reporter.js';
import { CASE_ANNOTATION, RESULT_ATTACHMENT } from '../../../src/run/contract.js';
import stripAnsi from 'strip-ansi';
import {
  caseLine,
  colorsFor,
  failureDetails,
  summaryLine,
} from '../../../src/reporters/terminal.js';
import { displayWidth } from '../../../src/reporters/text.js';
import type { CaseResult } from '../../../src/harness/result.js';

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

  test('a case line fits the width, shows whole diagnosis codes, and no colour off a TTY', () => {
    const c = colorsFor({ isTTY: false }, {});
    const row: CaseResult = {
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
    };
    expect(caseLine(row, 3, 26, 80, c)).toBe('  ✓  3 SP needs email · missing_claim (1.23 s)');
    // Too narrow for the code: it is left out whole rather than cut.
    expect(caseLine(row, 3, 26, 40, c)).toBe('  ✓  3 SP needs email (1.23 s)');
    const long = {
      ...row,
      name: 'SP keys users by email, the token carries only preferred_username',
    };
    const line = caseLine(long, 1, 9, 50, c);
    expect(displayWidth(line)).toBeLessThanOrEqual(50);
    expect(line).toMatch(/…/);
    expect(line).not.toContain('\u001b[');
    expect(summaryLine(3, 1, 2, c)).toBe('3 passed, 1 failed, 2 skipped');
  });

  test('the details of a failure: expected, observed, mismatch, diagnosis and fix, within the width', () => {
    const c = colorsFor({ isTTY: true }, { TERM: 'xterm' });
    const row: CaseResult = {
      name: 'SP needs email',
      file: 'cases/missing-claim-email.yaml',
      passed: false,
      expected: { outcome: 'rejected', status: 401, diagnosis: ['audience_mismatch'] },
      observed: {
        outcome: 'rejected',
        status: 401,
        diagnosis: [
          {
            code: 'missing_claim',
            summary: 'The token has no email claim',
            evidence: {},
            fix: 'Request the "email" scope at https://dev-123456.okta.com/oauth2/default/v1/authorize',
          },
        ],
      },
      mismatches: ['diagnosis: expected audience_mismatch, observed missing_claim'],
      durationMs: 10,
    };
    const lines = failureDetails(row, 1, 50, c);
    const plain = lines.map((l) => stripAnsi(l));
    expect(plain.every((l) => displayWidth(l) <= 50)).toBe(true);
    const text = plain.join('\n');
    for (const word of ['audience_mismatch', 'missing_claim', 'cases/missing-claim-email.yaml'])
      expect(text).toContain(word);
    expect(text).toMatch(/expected +rejected 401 audience_mismatch/);
    expect(text).toMatch(/fix +Request/);
    // Colour codes come in whole pairs: every line that opens one closes it.
    for (const l of lines) expect(l.split('\u001b[').length % 2).toBe(1);
  });

  test('NO_COLOR turns colours off even on a TTY', () => {
    expect(colorsFor({ isTTY: true }, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(colorsFor({ isTTY: true }, { TERM: 'xterm' }).red('x')).not.toBe('x');
  });
});
