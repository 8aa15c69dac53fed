import { test, expect } from '@playwright/test';
import { renderSetup } from '../../../src/setup/index.js';
import {
  apacheMissingMessage,
  REAL_SP_FILES,
  realSpFilesMissing,
} from '../../../src/setup/real-sp-packages.js';
import {
  aptCommand,
  systemInstaller,
  systemInstallsDisabled,
  SYSTEM_INSTALL_ENV,
} from '../../../src/setup/system-packages.js';
import SummaryReporter from '../../../src/reporters/summary-reporter.js';
import type { TestCase, TestResult } from '@playwright/test/reporter';

test('OIDC_HARNESS_SYSTEM_INSTALL=0 (or false/no/off) switches system installs off, anything else leaves them on', () => {
  for (const value of ['0', 'false', 'NO', ' off ']) {
    expect(systemInstallsDisabled({ [SYSTEM_INSTALL_ENV]: value }), value).toBe(true);
    expect(systemInstaller({ [SYSTEM_INSTALL_ENV]: value }).kind, value).toBe('none');
  }
  for (const value of [undefined, '', '1', 'yes']) {
    expect(systemInstallsDisabled({ [SYSTEM_INSTALL_ENV]: value }), String(value)).toBe(false);
  }
});

test('the install command a person types: sudo unless root', () => {
  expect(aptCommand(['apache2', 'x'], true)).toBe('apt-get install -y apache2 x');
  expect(aptCommand(['apache2'], false)).toBe('sudo apt-get install -y apache2');
});

test('Apache counts as installed only with both its binary and mod_auth_openidc', () => {
  expect(realSpFilesMissing(() => true)).toEqual([]);
  expect(realSpFilesMissing((p) => p === REAL_SP_FILES[0])).toEqual([REAL_SP_FILES[1]]);
  const message = apacheMissingMessage([...REAL_SP_FILES]);
  expect(message).toContain('/usr/sbin/apache2');
  expect(message).toMatch(/apt-get install -y apache2 libapache2-mod-auth-openidc`$/);
});

test('set-up closing lines: ✓ or ✗ with what was found or what to run', () => {
  expect(
    renderSetup([
      { what: 'browser', ok: true, detail: '/usr/bin/x starts' },
      { what: 'Apache', ok: false, detail: 'install it' },
    ]),
  ).toEqual(['✓ browser: /usr/bin/x starts', '✗ Apache: install it']);
});

test('the closing line of npm test counts the specs not run here, with the fix', () => {
  const reporter = new SummaryReporter();
  const fake = (title: string, reason?: string) =>
    ({
      titlePath: () => ['', 'file', title],
      annotations: reason ? [{ type: 'skip', description: reason }] : [],
    }) as unknown as TestCase;
  const result = (status: TestResult['status']) => ({ status }) as TestResult;
  reporter.onTestEnd(fake('a'), result('passed'));
  reporter.onTestEnd(fake('b', 'not run: Apache is missing: install it'), result('skipped'));
  reporter.onTestEnd(fake('c', 'not run: Apache is missing: install it'), result('skipped'));
  reporter.onTestEnd(fake('d', 'needs OKTA_DOMAIN'), result('skipped'));
  let printed = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof write;
  try {
    reporter.onEnd({ status: 'passed' } as never);
  } finally {
    process.stdout.write = write;
  }
  const closing = printed.trim().split('\n').at(-1);
  expect(closing).toBe(
    'tests: 1 passed, 0 failed, 3 skipped (2 not run: Apache is missing: install it)',
  );
});
