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

// The run reporter writes the table or JSON and, with --report, report.json, report.html and
// junit.xml — each scrubbed of token signatures and secrets. Playwright's own HTML report and
// traces are left out: they record typed values and network bodies (full tokens).
const reporter: ReporterDescription[] = [
  [
    fileURLToPath(new URL('../reporters/run-reporter.js', import.meta.url)),
    { format, ...(reportDir ? { reportDir } : {}) },
  ],
];

export default defineConfig({
  testDir: fileURLToPath(new URL('../../fixtures/', import.meta.url)),
  testMatch: 'catalogue.run.js',
  // Failure screenshots; kept out of the report directory, which may be attached to a ticket.
  outputDir: env.OIDC_HARNESS_OUTPUT_DIR ?? join(tmpdir(), 'oidc-harness-run'),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter,
  use: {
    launchOptions: browserLaunchOptions(env.OIDC_HARNESS_BROWSER, env.OIDC_HARNESS_HEADED === '1'),
    headless: env.OIDC_HARNESS_HEADED !== '1',
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
