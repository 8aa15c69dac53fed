import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// These run the built CLI (npm test builds dist/ first).
const BIN = fileURLToPath(new URL('../../../bin/oidc-harness.js', import.meta.url));

test('--help lists every command', () => {
  const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  for (const command of ['run', 'diagnose', 'serve']) expect(r.stdout).toContain(command);
});

test('an unknown flag is bad input: exit 2 with a one-line reason and no stack trace', () => {
  const r = spawnSync(process.execPath, [BIN, '--no-such-flag'], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("unknown option '--no-such-flag'");
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('output piped into a reader that closes early ends quietly (no EPIPE crash)', async () => {
  const child = spawn(process.execPath, [BIN, 'diagnose', '--help'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Read nothing and close our end at once, as `| head -0` would.
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(stderr).not.toContain('EPIPE');
  expect(code).toBe(0);
});

test('an error line quoting what the user gave shows a token without its signature', () => {
  const signature = 'c2lnbmF0dXJlLWJ5dGVzLW5vdC10by1iZS1wcmludGVk';
  const token = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${signature}`;
  for (const args of [
    ['run', '--workers', token],
    ['run', '--grep', token],
  ]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.');
    expect(r.stderr).not.toContain(signature);
  }
});
