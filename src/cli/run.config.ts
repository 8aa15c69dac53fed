/**
 * The Playwright config behind `oidc-harness run`: the catalogue test file over the case files
 * that `run` validated, reported by the run reporter (table or JSON) and, with `--report`, JUnit
 * and HTML too. Settings arrive through the RUN_ENV variables.
 */
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { browserLaunchOptions } from '../browser.js';

const env = process.env;
const reportDir = env.OIDC_HARNESS_REPORT_DIR;
const format = env.OIDC_HARNESS_FORMAT === 'json' ? 'json' : 'table';

const reporter: ReporterDescription[] = [
  [fileURLToPath(new URL('../reporters/run-reporter.js', import.meta.url)), { format }],
];
if (reportDir) {
  reporter.push(['junit', { outputFile: join(reportDir, 'junit.xml') }]);
  reporter.push(['html', { outputFolder: join(reportDir, 'playwright'), open: 'never' }]);
}

export default defineConfig({
  testDir: fileURLToPath(new URL('../../fixtures/', import.meta.url)),
  testMatch: 'catalogue.run.js',
  outputDir: reportDir ? join(reportDir, 'artifacts') : join(tmpdir(), 'oidc-harness-run'),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter,
  use: {
    launchOptions: browserLaunchOptions(env.OIDC_HARNESS_BROWSER, env.OIDC_HARNESS_HEADED === '1'),
    headless: env.OIDC_HARNESS_HEADED !== '1',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
