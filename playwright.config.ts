/**
 * One Playwright Test run for everything: `unit` (no browser, fast) and `e2e` (real browser
 * against the Okta emulator and SPs). `oidc-harness run` drives the same suite.
 */
import { defineConfig } from '@playwright/test';
import { browserLaunchOptions } from './src/browser.js';

const isCI = !!process.env.CI;

/** Unit tests need no browser, so a missing one is reported here and fails only e2e launches. */
function e2eLaunchOptions() {
  try {
    return browserLaunchOptions(undefined, !!process.env.OIDC_HARNESS_HEADED);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return {};
  }
}

export default defineConfig({
  testDir: './tests',
  globalSetup: './tests/support/global-setup.ts',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: 0,
  workers: isCI ? 2 : undefined,
  timeout: 30_000,
  reporter: [
    ['list'],
    ['./src/reporters/summary-reporter.ts'],
    ...(isCI ? [['junit', { outputFile: 'test-results/junit.xml' }] as const] : []),
  ],
  use: {
    // Traces stay off: recording one doubled every browser step (1.35 s against 0.6 s a case),
    // and a trace keeps whole tokens in its network bodies. A failure still has its screenshot,
    // the case's evidence and the sign-in driver's account of the screen; `--trace on` records.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'unit', testMatch: 'unit/**/*.test.ts' },
    {
      name: 'e2e',
      testMatch: 'e2e/**/*.spec.ts',
      use: { launchOptions: e2eLaunchOptions() },
    },
  ],
});
