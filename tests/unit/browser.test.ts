import { test, expect } from '@playwright/test';
import {
  BrowserNotFoundError,
  BROWSER_PATH_ENV,
  SYSTEM_BROWSER_CANDIDATES,
  findBrowser,
} from '../../src/browser.js';

test.describe('browser discovery', () => {
  test('an explicit path wins over everything else', () => {
    const found = findBrowser(
      '/opt/my/chrome',
      {},
      (p) => p === '/opt/my/chrome' || p === '/usr/bin/chromium',
    );
    expect(found).toEqual({ executablePath: '/opt/my/chrome', source: 'explicit' });
  });

  test('the environment variable is an explicit setting', () => {
    const found = findBrowser(
      undefined,
      { [BROWSER_PATH_ENV]: '/x/chrome' },
      (p) => p === '/x/chrome',
    );
    expect(found.source).toBe('explicit');
  });

  test('an explicit path that does not exist is an error naming it, not a silent fallback', () => {
    expect(() => findBrowser('/nope/chrome', {}, (p) => p === '/usr/bin/chromium')).toThrow(
      /--browser-path=\/nope\/chrome \(does not exist\)/,
    );
  });

  test('falls back to a system Chromium when Playwright has none installed', () => {
    const found = findBrowser(undefined, {}, (p) => p === '/usr/bin/chromium-browser');
    expect(found).toEqual({ executablePath: '/usr/bin/chromium-browser', source: 'system' });
  });

  test('nothing found: the error lists what was tried and how to fix it', () => {
    let error: unknown;
    try {
      findBrowser(undefined, {}, () => false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrowserNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain(SYSTEM_BROWSER_CANDIDATES[0]);
    expect(message).toContain('npx playwright install chromium');
    expect(message).toContain('--browser-path');
  });
});
