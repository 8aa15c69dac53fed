import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import {
  BrowserNotFoundError,
  BROWSER_PATH_ENV,
  SYSTEM_BROWSER_CANDIDATES,
  findBrowser,
  managedHeadlessShellCandidates,
} from '../../src/browser.js';

// Every call passes the Playwright-managed path (or none), so the machine's own install can't
// change the outcome.
const NO_MANAGED = undefined;
const MANAGED = join('/home/u/.cache/ms-playwright', 'chromium-1255', 'chrome-linux64', 'chrome');
const MANAGED_SHELL = join(
  '/home/u/.cache/ms-playwright',
  'chromium_headless_shell-1255',
  'chrome-headless-shell-linux64',
  'chrome-headless-shell',
);

test.describe('browser discovery', () => {
  test('an explicit path wins over everything else', () => {
    const found = findBrowser(
      '/opt/my/chrome',
      {},
      (p) => p === '/opt/my/chrome' || p === '/usr/bin/chromium' || p === MANAGED,
      {},
      MANAGED,
    );
    expect(found).toEqual({
      executablePath: '/opt/my/chrome',
      source: 'explicit',
      headlessShell: false,
    });
  });

  test('the environment variable is an explicit setting', () => {
    const found = findBrowser(
      undefined,
      { [BROWSER_PATH_ENV]: '/x/chrome' },
      (p) => p === '/x/chrome',
      {},
      NO_MANAGED,
    );
    expect(found.source).toBe('explicit');
  });

  test('an explicit path that does not exist is an error naming it, not a silent fallback', () => {
    expect(() =>
      findBrowser('/nope/chrome', {}, (p) => p === '/usr/bin/chromium', {}, NO_MANAGED),
    ).toThrow(/--browser-path=\/nope\/chrome \(does not exist\)/);
  });

  test('the Playwright-managed Chromium comes before a system one', () => {
    const found = findBrowser(
      undefined,
      {},
      (p) => p === MANAGED || p === '/usr/bin/chromium',
      {},
      MANAGED,
    );
    expect(found).toEqual({ executablePath: MANAGED, source: 'playwright', headlessShell: false });
  });

  test("a headless run takes Playwright's headless shell when it is installed beside its Chromium", () => {
    const exists = (p: string) => p === MANAGED || p === MANAGED_SHELL;
    expect(findBrowser(undefined, {}, exists, { headless: true }, MANAGED)).toEqual({
      executablePath: MANAGED_SHELL,
      source: 'playwright',
      headlessShell: true,
    });
    // A headed run needs a window: the full browser.
    expect(findBrowser(undefined, {}, exists, { headless: false }, MANAGED).executablePath).toBe(
      MANAGED,
    );
  });

  test("the headless shell's place is derived from the managed Chromium's, on every platform", () => {
    const mac = join(
      '/Users/u/Library/Caches/ms-playwright',
      'chromium-1255',
      'chrome-mac-arm64',
      'Google Chrome for Testing.app',
      'Contents',
      'MacOS',
      'Google Chrome for Testing',
    );
    expect(managedHeadlessShellCandidates(mac)).toContain(
      join(
        '/Users/u/Library/Caches/ms-playwright',
        'chromium_headless_shell-1255',
        'chrome-headless-shell-mac-arm64',
        'chrome-headless-shell',
      ),
    );
    expect(managedHeadlessShellCandidates(MANAGED)).toContain(MANAGED_SHELL);
    expect(managedHeadlessShellCandidates('/opt/chrome/chrome')).toEqual([]);
  });

  test("a headless run prefers Debian's chromium-headless-shell; a headed run skips it", () => {
    const exists = (p: string) =>
      p === '/usr/bin/chromium-headless-shell' || p === '/usr/bin/chromium';
    expect(findBrowser(undefined, {}, exists, {}, NO_MANAGED)).toEqual({
      executablePath: '/usr/bin/chromium-headless-shell',
      source: 'system',
      headlessShell: true,
    });
    expect(findBrowser(undefined, {}, exists, { headless: false }, NO_MANAGED)).toEqual({
      executablePath: '/usr/bin/chromium',
      source: 'system',
      headlessShell: false,
    });
  });

  test('falls back to a system Chromium when Playwright has none installed', () => {
    const found = findBrowser(undefined, {}, (p) => p === '/usr/bin/chromium-browser', {}, MANAGED);
    expect(found).toEqual({
      executablePath: '/usr/bin/chromium-browser',
      source: 'system',
      headlessShell: false,
    });
  });

  test('nothing found: the error lists what was tried and how to fix it', () => {
    let error: unknown;
    try {
      findBrowser(undefined, {}, () => false, {}, MANAGED);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrowserNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain(MANAGED);
    expect(message).toContain(SYSTEM_BROWSER_CANDIDATES[0]);
    expect(message).toContain('npx playwright install chromium');
    expect(message).toContain('--browser-path');
  });
});
