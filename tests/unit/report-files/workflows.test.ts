/**
 * The GitHub Actions workflows (issue item 7): the workflow linter from the npm registry accepts
 * them and really rejects a broken copy, and the policies a linter does not check hold — least
 * privilege, actions pinned by commit, a timeout on every job, sharded e2e with merged reports,
 * and a real-Okta job that is skipped without its secrets.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const WORKFLOWS = '.github/workflows';
const VALIDATOR = 'node_modules/@action-validator/cli/cli.mjs';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on'?: string;
  'timeout-minutes'?: number;
  needs?: string[];
  if?: string;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
  outputs?: Record<string, string>;
}
interface Workflow {
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

function validate(file: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

async function workflowFiles(): Promise<string[]> {
  return (await readdir(WORKFLOWS))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(WORKFLOWS, f));
}

async function load(name: string): Promise<{ text: string; doc: Workflow }> {
  const text = await readFile(join(WORKFLOWS, name), 'utf8');
  return { text, doc: parse(text) as Workflow };
}

test('the workflow linter accepts every workflow file, through the npm script too', async () => {
  const files = await workflowFiles();
  expect(files.sort()).toEqual([join(WORKFLOWS, 'ci.yml'), join(WORKFLOWS, 'okta.yml')]);
  for (const f of files) {
    const r = validate(f);
    expect(r.output, f).toBe('');
    expect(r.status, f).toBe(0);
  }
  const npm = spawnSync('npm', ['run', '--silent', 'lint:workflows'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(`${npm.stdout}${npm.stderr}`).toBe('');
  expect(npm.status).toBe(0);
});

test('the workflow linter rejects broken copies (it really runs)', async () => {
  const { text } = await load('ci.yml');
  const dir = await mkdtemp(join(tmpdir(), 'workflows-'));
  const broken: Array<[string, string, RegExp]> = [
    ['permission', text.replace('contents: read', 'contents: reed'), /\/permissions/],
    ['needs', text.replace('needs: [e2e]', 'needs: [e2ee]'), /unresolved job e2ee/],
    ['key', text.replace('timeout-minutes: 10', 'timeout-minutes: ten'), /timeout-minutes/],
  ];
  try {
    for (const [what, content, error] of broken) {
      expect(content, what).not.toBe(text);
      const file = join(dir, `${what}.yml`);
      await writeFile(file, content);
      const r = validate(file);
      expect(r.status, what).toBe(1);
      expect(r.output, what).toMatch(error);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('least privilege, actions pinned by commit with their version, a timeout on every job', async () => {
  for (const file of await workflowFiles()) {
    const name = file.split('/').pop()!;
    const { text, doc } = await load(name);
    expect(doc.permissions, name).toEqual({ contents: 'read' });
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    expect(uses.length, name).toBeGreaterThan(0);
    for (const u of uses) {
      expect(u, `${name}: ${u}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
    for (const [id, job] of Object.entries(doc.jobs)) {
      expect(job['timeout-minutes'], `${name} ${id}`).toBeGreaterThan(0);
      expect(job['timeout-minutes'], `${name} ${id}`).toBeLessThanOrEqual(30);
    }
    // No secret is ever echoed: secrets reach steps through env only.
    for (const line of text.split('\n').filter((l) => l.includes('secrets.'))) {
      expect(line, name).toMatch(/^\s+OKTA_[A-Z_]+: \$\{\{ secrets\.OKTA_[A-Z_]+ \}\}$/);
    }
  }
});

test('ci.yml: lint, unit, e2e sharded over 3 machines, merged reports uploaded', async () => {
  const { doc } = await load('ci.yml');
  expect(Object.keys(doc.jobs)).toEqual(['lint', 'unit', 'e2e', 'merge-reports']);
  expect(doc.concurrency?.['cancel-in-progress']).toBe(true);
  const runs = (job: string) => (doc.jobs[job]?.steps ?? []).map((s) => s.run ?? '');
  expect(runs('lint')).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^npm ci/),
      'npm run lint',
      'npm run typecheck',
      'npm run lint:workflows',
    ]),
  );
  expect(runs('unit')).toContain('npm run test:unit');
  const e2e = doc.jobs.e2e!;
  expect(e2e.strategy?.matrix?.shard).toEqual([1, 2, 3]);
  // The README's set-up: `npm ci` installs the browser and Apache itself, with no step of its own.
  const readmeBlock = (await readFile('README.md', 'utf8'))
    .split('## Set up and run')[1]!
    .split('```sh\n')[1]!
    .split('```')[0]!;
  const install = readmeBlock.split('\n')[0]!.replace(/\s+#.*$/, '');
  expect(install).toBe('npm ci');
  for (const job of ['unit', 'e2e']) {
    expect(
      runs(job).some((r) => r.startsWith(install)),
      job,
    ).toBe(true);
    expect(runs(job).join('\n'), job).not.toMatch(/playwright install|apt-get/);
  }
  expect(runs('e2e')).toContain(
    'npx playwright test --project=e2e --shard=${{ matrix.shard }}/3 --reporter=blob',
  );
  const blob = e2e.steps!.find((s) => s.with?.path === 'blob-report/');
  expect(blob?.if).toBe('${{ !cancelled() }}');
  expect(e2e.steps!.find((s) => s.with?.path === 'test-results/')?.if).toBe('failure()');
  const merge = doc.jobs['merge-reports']!;
  expect(merge.needs).toEqual(['e2e']);
  expect(merge.if).toBe('${{ !cancelled() }}');
  expect(runs('merge-reports')).toContain(
    'npx playwright merge-reports --reporter html,junit ./all-blob-reports',
  );
  const download = merge.steps!.find((s) => s.uses?.startsWith('actions/download-artifact@'));
  expect(download?.with).toMatchObject({ path: 'all-blob-reports', pattern: 'blob-report-*' });
  const upload = merge.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  expect(upload?.if).toBe('${{ !cancelled() }}');
});

test('okta.yml: skipped with a printed reason without secrets, report uploaded when it runs', async () => {
  const { doc } = await load('okta.yml');
  const check = doc.jobs.check!;
  expect(check.outputs?.configured).toBe('${{ steps.check.outputs.configured }}');
  const script = check.steps![0]!.run!;
  expect(script).toContain('::notice');
  expect(script).toContain('GITHUB_STEP_SUMMARY');
  const okta = doc.jobs.okta!;
  expect(okta.needs).toEqual(['check']);
  expect(okta.if).toBe("${{ needs.check.outputs.configured == 'true' }}");
  const run = okta.steps!.find((s) => s.run?.includes('oidc-harness run'))!;
  expect(run.run).toBe('npx oidc-harness run --grep @okta --report okta-report');
  expect(Object.keys(run.env ?? {})).toEqual(
    expect.arrayContaining(['OKTA_DOMAIN', 'OKTA_CLIENT_ID', 'OKTA_USERNAME', 'OKTA_PASSWORD']),
  );
  expect(okta.steps!.find((s) => s.with?.path === 'okta-report/')?.if).toBe('${{ !cancelled() }}');

  // The presence check itself: run its script with and without the variables.
  const env = (extra: Record<string, string>) => {
    const e: Record<string, string> = { PATH: process.env.PATH ?? '' };
    return { ...e, ...extra };
  };
  const dir = await mkdtemp(join(tmpdir(), 'okta-check-'));
  try {
    const outFile = join(dir, 'out');
    const summary = join(dir, 'summary');
    const runCheck = async (vars: Record<string, string>) => {
      await writeFile(outFile, '');
      await writeFile(summary, '');
      const r = spawnSync('bash', ['-e', '-c', script], {
        encoding: 'utf8',
        env: env({ ...vars, GITHUB_OUTPUT: outFile, GITHUB_STEP_SUMMARY: summary }),
      });
      expect(r.status).toBe(0);
      return { stdout: r.stdout, output: await readFile(outFile, 'utf8') };
    };
    const none = await runCheck({ OKTA_DOMAIN: 'dev-1.okta.com' });
    expect(none.output).toBe('configured=false\n');
    expect(none.stdout).toContain('OKTA_CLIENT_ID OKTA_REDIRECT_URI OKTA_USERNAME OKTA_PASSWORD');
    const all = await runCheck({
      OKTA_DOMAIN: 'd',
      OKTA_CLIENT_ID: 'c',
      OKTA_REDIRECT_URI: 'r',
      OKTA_USERNAME: 'u',
      OKTA_PASSWORD: 'p',
    });
    expect(all.output).toBe('configured=true\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
