import { test, expect } from '@playwright/test';
import { compareResult, type ObservedResult } from '../../../src/harness/result.js';
import type { DiagnosisCode } from '../../../src/diagnosis/codes.js';

const diag = (...codes: DiagnosisCode[]) =>
  codes.map((code) => ({ code, summary: code, evidence: {}, fix: '' }));
const observed = (o: Partial<ObservedResult>): ObservedResult => ({
  outcome: 'rejected',
  status: 401,
  diagnosis: [],
  ...o,
});

test.describe('compareResult', () => {
  test('passes when outcome, status and the diagnosis agree', () => {
    expect(
      compareResult(
        { outcome: 'rejected', status: 401, diagnosis: ['missing_claim'] },
        observed({ diagnosis: diag('missing_claim') }),
      ),
    ).toEqual([]);
  });

  test('names expected and observed for each field that differs', () => {
    const m = compareResult(
      { outcome: 'rejected', status: 401, diagnosis: ['audience_mismatch'] },
      observed({ outcome: 'accepted', status: 200, diagnosis: diag('issuer_mismatch') }),
    );
    expect(m).toEqual([
      'outcome: expected rejected, observed accepted',
      'status: expected 401, observed 200',
      'diagnosis: expected audience_mismatch, observed issuer_mismatch (missing audience_mismatch)',
    ]);
  });

  test('a secondary finding is allowed, but the first cause must be an expected one', () => {
    const expected = {
      outcome: 'authorize_error' as const,
      diagnosis: ['user_not_assigned' as const],
    };
    expect(
      compareResult(
        expected,
        observed({
          outcome: 'authorize_error',
          diagnosis: diag('user_not_assigned', 'tokens_not_issued'),
        }),
      ),
    ).toEqual([]);
    expect(
      compareResult(
        expected,
        observed({
          outcome: 'authorize_error',
          diagnosis: diag('tokens_not_issued', 'user_not_assigned'),
        }),
      ),
    ).toEqual([
      'diagnosis: expected user_not_assigned as the most likely cause, observed tokens_not_issued, user_not_assigned (first: tokens_not_issued)',
    ]);
  });

  test('an accepted case fails when a diagnosis was found anyway', () => {
    expect(
      compareResult(
        { outcome: 'accepted', status: 200 },
        observed({ outcome: 'accepted', status: 200, diagnosis: diag('token_expired') }),
      ),
    ).toEqual(['diagnosis: expected none, observed token_expired']);
  });

  test('the authorize error code is compared when the case names one', () => {
    expect(
      compareResult(
        { outcome: 'authorize_error', error: 'invalid_scope' },
        observed({ outcome: 'authorize_error', status: undefined, error: 'access_denied' }),
      ),
    ).toEqual(['error: expected invalid_scope, observed access_denied']);
  });
});
