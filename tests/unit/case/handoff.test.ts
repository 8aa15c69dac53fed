/**
 * The validated cases `oidc-harness run` hands to Playwright's runner and workers come back
 * exactly as loaded, and a missing or foreign file is an error naming it.
 */
import { test, expect } from '@playwright/test';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readLoadedCases, writeLoadedCases } from '../../../src/case/handoff.js';
import { loadCases } from '../../../src/case/load.js';
import type { LoadedCase } from '../../../src/case/types.js';

test('the catalogue comes back exactly as loaded, undefined fields included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-handoff-'));
  const loaded = await loadCases(['cases', 'cases/real-sp']);
  expect(loaded.length).toBeGreaterThan(20);
  // A field present but undefined, which a JSON round trip would drop.
  const [first, ...rest] = loaded;
  const withUndefined: LoadedCase = {
    ...first!,
    definition: { ...first!.definition, sp: undefined },
  };
  const cases = [withUndefined, ...rest];
  const file = join(dir, 'cases.bin');
  await writeLoadedCases(file, cases);

  const back = readLoadedCases(file);
  expect(isDeepStrictEqual(back, cases)).toBe(true);
  expect('sp' in back[0]!.definition).toBe(true);
});

test('a missing file or one that holds something else is an error naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-handoff-'));
  const missing = join(dir, 'missing.bin');
  expect(() => readLoadedCases(missing)).toThrow(`cannot read the validated cases from ${missing}`);
  const foreign = join(dir, 'foreign.bin');
  await writeFile(foreign, 'not a serialised list');
  expect(() => readLoadedCases(foreign)).toThrow(foreign);
  const other = join(dir, 'other.bin');
  await writeLoadedCases(other, [{ not: 'a case' }] as unknown as LoadedCase[]);
  expect(() => readLoadedCases(other)).toThrow(`${other} does not hold validated cases`);
});
