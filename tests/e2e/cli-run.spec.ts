/**
 * `oidc-harness run` end to end through the built bin (npm test builds dist/ first): the JSON
 * contract, exit codes, a deliberately broken case, and a malformed case file refused before any
 * browser starts.
 */
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/harness/result.js';
import { ROOT, runBin } from '../support/run-node.js';

/** The bin with the test's own environment: no NO_COLOR, so "no colours off a TTY" is real. */
const runCli = (args: string[]) => runBin(args, {}, { noColor: false });

test.describe.configure({ mode: 'parallel' });
test.slow();

/** Temp folders the tests made, removed after them. */
const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-cli-run-'));
  made.push(dir);
  return dir;
}
test.afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

test('a case with the wrong expected diagnosis fails: exit 1, valid JSON showing expected vs observed', async () => {
  const dir = await tempDir();
  const good = await readFile(join(ROOT, 'cases/token-expired.yaml'), 'utf8');
  const broken = good
    .replace(/^name: .*$/m, 'name: deliberately broken expectation')
    .replace('diagnosis: [token_expired]', 'diagnosis: [issuer_mismatch]');
  expect(broken).toContain('diagnosis: [issuer_mismatch]');
  const file = join(dir, 'broken.yaml');
  await writeFile(file, broken.replace('../schema/', `${ROOT}schema/`));

  const r = await runCli(['run', file, '--json']);
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout) as RunResult; // nothing but JSON on stdout
  expect(doc.passed).toBe(0);
  expect(doc.failed).toBe(1);
  expect(doc.skipped).toBe(0); // always there, for scripts
  const [c] = doc.cases;
  expect(c?.passed).toBe(false);
  expect(c?.expected.diagnosis).toEqual(['issuer_mismatch']);
  expect(c?.observed?.diagnosis.map((d) => d.code)).toContain('token_expired');
  expect(c?.mismatches?.join('\n')).toContain(
    'diagnosis: expected issuer_mismatch, observed token_expired',
  );
});

test('the table run of a passing case exits 0, shows expected, observed and the diagnosis, and leaves no temp folder', async () => {
  // The run's own temp dir, so other tests' folders don't count.
  const tmp = await mkdtemp(join(tmpdir(), 'oidc-harness-cli-run-tmp-'));
  try {
    const r = await runBin(
      ['run', join(ROOT, 'cases/token-expired.yaml')],
      { TMPDIR: tmp },
      {
        noColor: false,
      },
    );
    expect(r.code).toBe(0);
    // A passing case is one line (details are printed for failures only).
    expect(r.stdout).toMatch(/✓ 1 expired access token, SP allows 60 s of clock skew/);
    expect(r.stdout).toContain('1 passed, 0 failed');
    expect(r.stdout).not.toContain('\u001b['); // not a TTY: no colours
    expect(await readdir(tmp)).toEqual([]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('a malformed case file is refused with exit 2, naming file, line and field, before any browser starts', async () => {
  const dir = await tempDir();
  const file = join(dir, 'bad.yaml');
  await writeFile(
    file,
    'name: bad\nclient:\n  flow: sideways\nexpect:\n  outcome: accepted\nsp:\n  send: access_token\n',
  );
  const started = Date.now();
  const r = await runCli(['run', file, '--json']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`${file}:3 client.flow`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(Date.now() - started).toBeLessThan(15_000);
});

test('--sp NAME=URL points a case at a running SP; without it, exit 2 naming the flag', async () => {
  // An API that says why it refuses, as RFC 6750 has it, and keeps what it was sent.
  const seen: string[] = [];
  const api = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    res
      .writeHead(401, {
        'www-authenticate':
          'Bearer error="invalid_token", error_description="The access token expired"',
      })
      .end();
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/orders`;
  try {
    const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-cli-sp-'));
    const file = join(dir, 'external-api.yaml');
    await writeFile(
      file,
      [
        'name: an API of the user, named on the command line',
        'idp: { server: default }',
        'token: { mint: { kind: access_token, expiresInSeconds: -120 } }',
        'sp: { type: url, url: "${sp.urls.orders}", send: access_token }',
        'expect: { outcome: rejected, status: 401, diagnosis: [token_expired] }',
        '',
      ].join('\n'),
    );

    const missing = await runCli(['run', file, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(file);
    expect(missing.stderr).toContain('sp.url uses ${sp.urls.orders}');
    expect(missing.stderr).toContain('--sp orders=URL');

    const bad = await runCli(['run', file, '--json', '--sp', 'orders=not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sp orders=not a url: "not a url" is not a URL');
    expect(seen).toEqual([]);

    const r = await runCli(['run', file, '--json', '--sp', `orders=${url}`]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as RunResult;
    expect(doc.passed).toBe(1);
    expect(doc.cases[0]?.observed?.diagnosis.map((d) => d.code)).toContain('token_expired');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^Bearer ey/);
  } finally {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
  }
});
