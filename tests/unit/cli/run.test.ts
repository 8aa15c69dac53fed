/**
 * `oidc-harness run` start-up, through the bin with no browser: the command hands over to
 * Playwright's runner without loading Playwright itself, and a browser that cannot be found is
 * still bad input (exit 2, the browser module's message) found before any worker or browser starts.
 * dist/ must be built (`npm run build`, which `npm test` runs first).
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runNode } from '../../support/run-node.js';

const CASE = 'cases/token-expired.yaml';

/**
 * A preload for the command's own process (not its children): when the process spawns, it writes
 * down which Playwright modules it has loaded so far. Modules imported as ESM that are CommonJS,
 * as Playwright is, are in `require.cache` too.
 */
const PROBE = `
const cp = require('node:child_process');
const { syncBuiltinESMExports } = require('node:module');
const { writeFileSync } = require('node:fs');
const spawn = cp.spawn;
cp.spawn = function (...args) {
  const loaded = Object.keys(require.cache).filter((f) =>
    /[\\\\/]node_modules[\\\\/](playwright|playwright-core|@playwright[\\\\/]test)[\\\\/]/.test(f),
  );
  writeFileSync(process.env.PROBE_OUT, JSON.stringify({ spawned: args[1], loaded }));
  return spawn.apply(this, args);
};
syncBuiltinESMExports();
`;

interface Probe {
  spawned: string[];
  loaded: string[];
}

function probeFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'oidc-harness-run-probe-'));
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, PROBE);
  return { probe, out: join(dir, 'probe.json') };
}

test.describe.configure({ mode: 'parallel' });

test('the probe sees Playwright when a process has loaded it before spawning', async () => {
  // The control for the next test: the probe can tell a process that loaded Playwright.
  const { probe, out } = probeFiles();
  const script =
    "await import('playwright'); const { spawn } = await import('node:child_process');" +
    "spawn(process.execPath, ['-e', '0']);";
  const r = await runNode(['--require', probe, '--input-type=module', '-e', script], {
    PROBE_OUT: out,
  });
  expect(r.code).toBe(0);
  const seen = JSON.parse(readFileSync(out, 'utf8')) as Probe;
  expect(seen.loaded.length).toBeGreaterThan(0);
});

test('run hands over to the Playwright runner without loading Playwright itself', async () => {
  const { probe, out } = probeFiles();
  // No browser at this path: the runner stops at its config, so nothing is launched.
  const r = await runNode(
    ['--require', probe, BIN, 'run', CASE, '--json', '--browser-path', '/no/such/chromium'],
    { PROBE_OUT: out },
  );
  const seen = JSON.parse(readFileSync(out, 'utf8')) as Probe;
  expect(seen.spawned.join(' ')).toContain('test --config');
  expect(seen.loaded).toEqual([]);
  expect(r.code).toBe(2);
});

test('no browser at --browser-path: exit 2 naming the flag, nothing on stdout, no stack', async () => {
  const r = await runNode([BIN, 'run', CASE, '--json', '--browser-path', '/no/such/chromium']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^oidc-harness: No Chromium browser found\. Tried:\n/);
  expect(r.stderr).toContain('--browser-path=/no/such/chromium (does not exist)');
  expect(r.stderr).toContain('Fix: run `npx playwright install chromium`');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain('Error:');
});

test('no browser at OIDC_HARNESS_BROWSER: exit 2 naming the variable, not the flag', async () => {
  const r = await runNode([BIN, 'run', CASE], { OIDC_HARNESS_BROWSER: '/no/such/chrome' });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('OIDC_HARNESS_BROWSER=/no/such/chrome (does not exist)');
  expect(r.stderr).not.toContain('--browser-path=');
});

test('a malformed case is refused before the runner starts, even with no browser', async () => {
  const { probe, out } = probeFiles();
  const r = await runNode(
    [
      '--require',
      probe,
      BIN,
      'run',
      'tests/unit/fixtures/cases/invalid/missing-required.yaml',
      '--browser-path',
      '/no/such/chromium',
    ],
    { PROBE_OUT: out },
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('missing-required.yaml');
  expect(r.stderr).not.toContain('/no/such/chromium');
  expect(() => readFileSync(out)).toThrow(); // nothing was spawned
});
