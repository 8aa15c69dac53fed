/**
 * The package as a user gets it: `npm pack`, then a fresh project installs the tarball (from
 * npm's cache where it can: `npm ci` cached the packages, not the registry's metadata), imports `{ test, expect }` from `oidc-harness/fixtures`
 * and runs one packaged case with its own `npx playwright test`; the installed `oidc-harness`
 * command answers `--help` and runs a case with `--json`. Also: the tarball ships what a user
 * needs and nothing else. dist/ must be built (`npm run build`).
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<Ran>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const show = (r: Ran) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** The user's spec: the package's fixtures and a case shipped in the package. */
const USER_SPEC = `import { fileURLToPath } from 'node:url';
import { test, expect } from 'oidc-harness/fixtures';
import { loadCaseFile } from 'oidc-harness';

test('a packaged case runs in a user project', async ({ harness }) => {
  const file = fileURLToPath(
    new URL('../node_modules/oidc-harness/cases/missing-claim-email.yaml', import.meta.url),
  );
  const run = await harness.runCase(await loadCaseFile(file));
  expect(run).toMatchCase();
  expect(run.evidence.diagnoses[0]?.code).toBe('missing_claim');
});
`;

/** The user's Playwright config: the package's browser discovery. */
const USER_CONFIG = `import { defineConfig } from '@playwright/test';
import { browserLaunchOptions } from 'oidc-harness';

export default defineConfig({
  testDir: './tests',
  reporter: 'list',
  workers: 1,
  timeout: 60_000,
  use: { launchOptions: browserLaunchOptions() },
});
`;

const EXPORTS = ['.', './fixtures', './mock-idp', './mock-sp'] as const;

test.describe.configure({ mode: 'serial' });

let dir: string;
let tarball: string;

test.beforeAll(() => {
  expect(
    existsSync(join(ROOT, 'dist/src/index.js')),
    'dist/ is missing: run `npm run build` first',
  ).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-package-'));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('npm pack ships bin, dist, cases, schema and the README, and nothing else', async () => {
  test.slow();
  // --ignore-scripts: `prepare` would rebuild dist/, which the test run has just built.
  const r = await sh(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  expect(r.code, show(r)).toBe(0);
  const [packed] = JSON.parse(r.stdout) as Array<{ filename: string; files: { path: string }[] }>;
  tarball = join(dir, packed!.filename);
  const files = packed!.files.map((f) => f.path);
  const top = new Set(files.map((f) => f.split('/')[0]));
  expect([...top].sort()).toEqual(['README.md', 'bin', 'cases', 'dist', 'package.json', 'schema']);
  expect(files).toContain('bin/oidc-harness.js');
  expect(files).toContain('dist/src/cli/main.js');
  expect(files).toContain('dist/fixtures/catalogue.run.js');
  expect(files).toContain('schema/case.schema.json');
  expect(files).toContain('cases/missing-claim-email.yaml');
  // No tests, benchmarks, CI files or source maps; no real-SP cases (their servers, real-sp/,
  // are a development tool and do not ship).
  const unwanted = files.filter((f) =>
    /(^|\/)(tests?|bench|\.ci|\.github|real-sp)\/|\.map$|\.(spec|test)\.(js|ts)$/.test(f),
  );
  expect(unwanted).toEqual([]);
  // Every entry point of `exports` is in the tarball, with its types.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, { types: string; default: string } | string>;
  };
  for (const key of EXPORTS) {
    const entry = pkg.exports[key];
    expect(typeof entry, key).toBe('object');
    const { types, default: js } = entry as { types: string; default: string };
    expect(files, `${key} → ${js}`).toContain(js.replace(/^\.\//, ''));
    expect(files, `${key} → ${types}`).toContain(types.replace(/^\.\//, ''));
  }
});

test('a fresh project installs the tarball offline and runs a packaged case with its own Playwright', async () => {
  test.setTimeout(300_000);
  expect(tarball, 'the pack test must run first').toBeTruthy();
  const project = join(dir, 'project');
  mkdirSync(join(project, 'tests'), { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  writeFileSync(join(project, 'playwright.config.ts'), USER_CONFIG);
  writeFileSync(join(project, 'tests', 'one-case.spec.ts'), USER_SPEC);

  await test.step('npm install <tarball> --prefer-offline', async () => {
    // `npm ci` put the packages in npm's cache but not the registry's metadata, which resolving
    // the tarball's dependency ranges needs: --offline fails on a cache that was empty before
    // `npm ci` (ENOTCACHED). --prefer-offline takes what the cache has and asks for the rest.
    const r = await sh(
      NPM,
      ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'],
      project,
    );
    expect(r.code, show(r)).toBe(0);
  });

  await test.step('the entry points import', async () => {
    const script = `
      const api = await import('oidc-harness');
      const idp = await import('oidc-harness/mock-idp');
      const sp = await import('oidc-harness/mock-sp');
      const pkg = (await import('oidc-harness/package.json', { with: { type: 'json' } })).default;
      console.log(JSON.stringify({
        api: [typeof api.startEmulator, typeof api.startMockSp, typeof api.verify, typeof api.diagnose,
              typeof api.loadCases, typeof api.loadCaseFile, typeof api.executeCase],
        idp: typeof idp.startEmulator, sp: typeof sp.startMockSp, name: pkg.name,
      }));`;
    const r = await sh(process.execPath, ['--input-type=module', '-e', script], project);
    expect(r.code, show(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      api: Array(7).fill('function'),
      idp: 'function',
      sp: 'function',
      name: 'oidc-harness',
    });
  });

  await test.step('npx playwright test with oidc-harness/fixtures', async () => {
    const r = await sh(NPX, ['playwright', 'test'], project);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain('1 passed');
    expect(r.stdout).toContain('a packaged case runs in a user project');
  });

  await test.step('npx oidc-harness --help', async () => {
    const r = await sh(NPX, ['oidc-harness', '--help'], project);
    expect(r.code, show(r)).toBe(0);
    for (const command of ['run', 'reproduce', 'diagnose', 'serve']) {
      expect(r.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    }
  });

  await test.step('npx oidc-harness run <a packaged case> --json', async () => {
    const r = await sh(
      NPX,
      ['oidc-harness', 'run', 'node_modules/oidc-harness/cases/token-expired.yaml', '--json'],
      project,
    );
    expect(r.code, show(r)).toBe(0);
    const doc = JSON.parse(r.stdout) as { passed: number; failed: number; cases: unknown[] };
    expect(doc).toMatchObject({ passed: 1, failed: 0 });
    expect(doc.cases).toHaveLength(1);
  });
});
