import { expect, test } from '@playwright/test';
import pc from 'picocolors';
import { renderReproduction } from '../../src/cli/reproduce-render.js';
import type { CaseRun } from '../../src/harness/execute.js';
import { differentialLines } from '../../src/harness/differential-render.js';
import type { DifferentialResult } from '../../src/harness/differential.js';
import { caseDetails } from '../../src/report-files/html-case.js';

const result: DifferentialResult = {
  tried: [
    {
      change: 'nothing (re-signed with the current published key)',
      field: 'signature',
      status: 401,
      accepted: false,
    },
    {
      change: '`aud` is `0oa1client`',
      field: 'aud',
      from: 'x',
      to: '0oa1client',
      accepted: false,
      error: 'no key',
    },
    {
      change: '`aud` is `api://default`',
      field: 'aud',
      from: 'x',
      to: 'api://default',
      status: 200,
      accepted: true,
    },
  ],
  winner: {
    change: '`aud` is `api://default`',
    field: 'aud',
    from: 'x',
    to: 'api://default',
    status: 200,
    accepted: true,
  },
  diagnosis: {
    code: 'audience_mismatch',
    summary: 'The SP accepted the token once `aud` is `api://default`.',
    evidence: {
      aud: { token: 'x', expected: 'api://default', note: 'found by differential probing' },
    },
    fix: 'f',
  },
  stoppedBy: 'winner',
  untried: 12,
  note: 'found by differential probing',
};

const run: CaseRun = {
  result: {
    name: 'case <b>',
    file: 'cases/real-sp/x.yaml',
    passed: true,
    expected: { outcome: 'rejected', diagnosis: ['audience_mismatch'] },
    observed: { outcome: 'rejected', status: 401, diagnosis: [result.diagnosis!] },
    durationMs: 12,
  },
  evidence: {
    tokens: {},
    systemLog: [],
    diagnoses: [result.diagnosis!],
    timings: [{ step: 'differential', ms: 5 }],
    sp: { url: 'http://sp/api', status: 401, headers: {}, body: 'Unauthorized' },
    differential: result,
  },
};

test('the lines name the winner, each probe with its answer, and what was left untried', () => {
  const lines = differentialLines(result);
  expect(lines[0]).toBe('  accepted once `aud` is `api://default`');
  expect(lines[1]).toMatch(/· nothing \(re-signed.*401$/);
  expect(lines[2]).toMatch(/· `aud` is `0oa1client`\s+error: no key$/);
  expect(lines[3]).toMatch(/✓ `aud` is `api:\/\/default`\s+200$/);
  expect(lines[4]).toContain('12 more change(s) not tried: winner');
});

test('reproduce shows the differential probing before the diagnosis', () => {
  const out = renderReproduction(run, pc.createColors(false));
  const at = out.indexOf('Differential probing');
  expect(at).toBeGreaterThan(0);
  expect(out.indexOf('accepted once `aud` is `api://default`')).toBeGreaterThan(at);
  expect(out.indexOf('audience_mismatch')).toBeGreaterThan(at);
});

test('the HTML report lists each probe, the winner marked, values escaped', () => {
  const html = caseDetails({ ...run.result, evidence: run.evidence }, 0);
  expect(html).toContain('<h4>Differential probing</h4>');
  expect(html).toContain('<tr class="winner"><td>`aud` is `api://default`</td><td>200</td></tr>');
  expect(html).toContain('<td>error: no key</td>');
  expect(html).not.toContain('case <b>');
});
