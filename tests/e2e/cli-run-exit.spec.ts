/**
 * `oidc-harness run` exit codes never lie: bad flags, a pattern no case matches and an
 * unwritable report folder are exit 2 with one line before anything runs; an interrupted run is
 * exit 130 (SIGINT) or 143 (SIGTERM), says "interrupted" and lists what did not run, and leaves no
 * process behind. dist/ must be built (`npm run build`, which `npm test` runs first).
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, runBin } from '../support/run-node.js';

const CASE = 'cases/token-expired.yaml';

test.describe.configure({ mode: 'parallel' });

const refused: Array<[string, string[], RegExp]> = [
  ['a --grep that is not a regular expression', ['--grep', '('], /--grep "\(" is not a regular/],
  ['a --grep no case matches', ['--grep', 'no-such-case'], /no case matched --grep "no-such-case"/],
  ['a shard past its count', ['--shard', '4/3'], /--shard 4\/3/],
  ['--headed without a display', ['--headed'], /--headed needs a display/],
  ['a --browser-path that is not Chromium', ['--browser-path', '/bin/true'], /not a Chromium/],
];
for (const [what, flags, message] of refused) {
  test(`${what}: one line, exit 2, before Playwright starts`, async () => {
    const r = await runBin(['run', CASE, ...flags], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  });
}

test('--report naming a file: exit 2 before any case runs, no results printed', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'oidc-harness-exit-')), 'report');
  writeFileSync(file, 'in the way');
  const r = await runBin(['run', CASE, '--report', file]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^oidc-harness: --report: cannot write the report to .*report: a file/);
});

/** Processes still running with this marker in their environment (browsers inherit it too). */
function survivors(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker)) found.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} during a run: "interrupted", the rest not run, exit ${code}, nothing left`, async () => {
    test.setTimeout(90_000);
    const marker = `OIDC_HARNESS_TEST_MARK=${randomUUID()}`;
    const [key, value] = marker.split('=') as [string, string];
    const child = spawn(process.execPath, [BIN, 'run', '--workers', '1'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', [key]: value },
    });
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Interrupt once the first case finished, while the others wait or run.
      if (!sent && /\n {2}✓ +1 /.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    const exit = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(exit).toBe(code);
    expect(stdout).toMatch(/interrupted: \d+ cases? not run/);
    expect(stdout).toMatch(/not run: /);
    expect(stdout).not.toMatch(/failed without a message/);
    await expect.poll(() => survivors(marker), { timeout: 10_000 }).toEqual([]);
  });
}
