/**
 * `oidc-harness run` on a case whose user has only Okta Verify push: the case fails at once
 * (not by a timeout) and its message names the factor and how to enrol a TOTP factor instead.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runBin } from '../support/run-node.js';

/** The push-only case's name. */
const PUSH = 'sign-on policy asks for Okta Verify push';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfa-push-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a push-only sign-in fails clearly in under 5 s, exit 1', async () => {
  // The catalogue's TOTP case, with the user's only second factor made Okta Verify push.
  const warm = join(ROOT, 'cases/mfa-totp-sign-in.yaml');
  const totp = readFileSync(warm, 'utf8');
  const file = join(dir, 'mfa-push-only.yaml');
  writeFileSync(
    file,
    totp.replace(/totpSecret: \S+/, 'pushOnly: true').replace(/^name: .*$/m, `name: ${PUSH}`),
  );
  expect(readFileSync(file, 'utf8')).toContain('pushOnly: true');
  // The TOTP case runs first in the one worker, so the worker's browser has started (a one-off
  // a second or more on a busy machine) before the push case, whose own time is what is judged.
  const ran = await runBin(['run', warm, file, '--workers', '1', '--json']);
  expect(ran.code, ran.stderr).toBe(1);
  const result = JSON.parse(ran.stdout) as {
    cases: Array<{ name: string; passed: boolean; durationMs: number; mismatches?: string[] }>;
  };
  expect(result.cases.map((c) => [c.name === PUSH, c.passed])).toEqual([
    [false, true],
    [true, false],
  ]);
  const only = result.cases.find((c) => c.name === PUSH);
  expect(only?.passed).toBe(false);
  const message = only?.mismatches?.join(' ') ?? '';
  expect(message).toContain('mfa_push');
  expect(message).toContain('Okta Verify push');
  expect(message).toContain('OKTA_TOTP_SECRET');
  expect(only?.durationMs, 'a push factor fails fast, not by a timeout').toBeLessThan(5_000);
});
