/**
 * One code path: every catalogue case that needs no real tenant runs through `oidc-harness run`
 * and through `oidc-harness reproduce`, and both must observe the same thing — outcome, status,
 * authorize error and diagnosis codes. A setting honoured by one and not the other (a pinned
 * port, a key rotation step, a refresh) shows up here as a difference.
 */
import { test, expect } from '@playwright/test';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCases } from '../../src/case/load.js';
import { requiresOkta } from '../../src/case/emulator.js';
import type { RunResult } from '../../src/harness/result.js';
import { runBin } from '../support/run-node.js';

test.describe.configure({ timeout: 15 * 60_000 });

interface Observed {
  outcome?: string;
  status?: number;
  error?: string;
  diagnosis?: Array<{ code: string }>;
}

/** What a case observed, in the words both commands share. */
const seen = (o: Observed | undefined) => ({
  outcome: o?.outcome,
  status: o?.status,
  error: o?.error,
  diagnosis: (o?.diagnosis ?? []).map((d) => d.code).sort(),
});

test('run and reproduce observe the same for every emulator case of the catalogue', async () => {
  const files = (await readdir('cases'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join('cases', f));
  const cases = (await loadCases(files)).filter((c) => !requiresOkta(c.definition));
  expect(cases.length).toBeGreaterThan(20);

  const ran = await runBin(['run', ...cases.map((c) => c.file), '--json', '--workers', '2']);
  const doc = JSON.parse(ran.stdout) as RunResult;
  const byFile = new Map(doc.cases.map((c) => [c.file, c]));

  const differences: string[] = [];
  for (const c of cases) {
    const fromRun = byFile.get(c.file);
    const r = await runBin(['reproduce', c.file, '--json']);
    const fromReproduce = (JSON.parse(r.stdout) as { case?: { observed?: Observed } }).case;
    const a = seen(fromRun?.observed as Observed | undefined);
    const b = seen(fromReproduce?.observed);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      differences.push(`${c.file}: run ${JSON.stringify(a)} vs reproduce ${JSON.stringify(b)}`);
    }
  }
  expect(differences).toEqual([]);
  // And both agree with the case files: the catalogue passes through run.
  expect(doc.failed, ran.stderr).toBe(0);
});
