/**
 * One base error class, one table from its `code` to the exit code: every error class the
 * harness throws extends HarnessError, and the CLI's edge maps bad input to 2, failures to 1.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../../src/errors.js';
import { exitCodeFor, isBadInput } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/cli/context.js';
import { CaseFileError } from '../../src/case/load.js';
import { SymbolResolutionError } from '../../src/case/resolve.js';
import { InputFileError } from '../../src/input/read-file.js';
import { HarError } from '../../src/har/read.js';
import { OktaSettingsError } from '../../src/okta/tenant-settings.js';
import { BrowserNotFoundError } from '../../src/browser.js';
import { ReportWriteError } from '../../src/report-files/write.js';
import { CaseRunError } from '../../src/harness/evidence.js';
import { ReplayError } from '../../src/harness/replay.js';
import { FlowError } from '../../src/flow/errors.js';
import { DiscoveryError } from '../../src/okta/tenant-discovery.js';
import { SystemLogError } from '../../src/okta/system-log-client.js';
import { ConfigError } from '../../mock-idp/config.js';
import { MintError } from '../../mock-idp/mint.js';
import { KeySourceError } from '../../mock-sp/keys.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The built command (npm test builds dist/ first).
const BIN = join(ROOT, 'bin', 'oidc-harness.js');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

test('every error class the harness throws extends HarnessError, none extends Error directly', () => {
  const direct: string[] = [];
  for (const dir of ['src', 'mock-idp', 'mock-sp', 'fixtures']) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/class (\w+)(?:<[^{]*>)? extends Error\b/g)) {
        if (m[1] !== 'HarnessError') direct.push(`${relative(ROOT, file)}: ${m[1]}`);
      }
    }
  }
  expect(direct).toEqual([]);
});

test('bad input the user can fix is exit 2, with its code', () => {
  const badInput: HarnessError[] = [
    new UsageError('--workers must be a positive whole number'),
    new CaseFileError('case.yaml', [{ path: 'name', message: 'is required' }]),
    new SymbolResolutionError('sp.url', 'sp.url', 'has no value'),
    new InputFileError('x.har', 'no such file'),
    new HarError('x.har: not JSON'),
    new OktaSettingsError('OKTA_DOMAIN', 'is not set'),
    new BrowserNotFoundError(['/usr/bin/chromium (does not exist)']),
    new ReportWriteError('out/', 'permission denied'),
    new CaseRunError('case.yaml', 'needs a real tenant'),
    new ConfigError('servers.default.audience', 'expected a non-empty string'),
  ];
  for (const err of badInput) {
    expect(err, err.name).toBeInstanceOf(HarnessError);
    expect(exitCodeFor(err), `${err.name} (${err.code})`).toBe(2);
    expect(isBadInput(err)).toBe(true);
  }
  expect(badInput.map((e) => e.code)).toEqual([
    'USAGE',
    'INVALID_CASE_FILE',
    'UNRESOLVED_SYMBOL',
    'UNUSABLE_INPUT_FILE',
    'INVALID_HAR',
    'OKTA_SETTINGS',
    'BROWSER_NOT_FOUND',
    'REPORT_WRITE_ERROR',
    'CASE_RUN_ERROR',
    'INVALID_EMULATOR_CONFIG',
  ]);
});

test('a failure met while doing the work is exit 1, and so is an error that is not ours', () => {
  const failures: unknown[] = [
    new ReplayError('http://127.0.0.1:1/api', 'connection refused'),
    new FlowError('callback_timeout', 'no callback within 30 s'),
    new DiscoveryError('unreachable', 'dev-1.okta.com did not answer'),
    new SystemLogError('rate_limited', 'Okta answered 429'),
    new MintError('user: no user has the login "bob"'),
    new KeySourceError('the JWKS answered 500'),
    new TypeError('a fault'),
    'a thrown string',
  ];
  for (const err of failures) {
    expect(exitCodeFor(err), String(err)).toBe(1);
    expect(isBadInput(err)).toBe(false);
  }
});

test('the command prints a fault that is not ours as one line, exit 1, no stack trace', async () => {
  // A preloaded module makes commander's parse throw a plain error, as a bug in a command would.
  await mkdir(join(ROOT, '.cache'), { recursive: true });
  const dir = await mkdtemp(join(ROOT, '.cache', 'exit-codes-'));
  try {
    const preload = join(dir, 'fault.mjs');
    await writeFile(
      preload,
      "import { Command } from 'commander';\n" +
        "Command.prototype.parseAsync = async () => { throw new TypeError('boom'); };\n",
    );
    const r = spawnSync(process.execPath, ['--import', preload, BIN, 'run'], { encoding: 'utf8' });
    expect(r.stderr).toBe('oidc-harness: unexpected error: TypeError: boom\n');
    expect(r.status).toBe(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad input thrown by a command is one line and exit 2 at the edge', () => {
  const r = spawnSync(process.execPath, [BIN, 'run', join(ROOT, 'no-such-case.yaml')], {
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^oidc-harness: .*no-such-case\.yaml.*\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
