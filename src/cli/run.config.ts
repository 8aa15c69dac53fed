/**
 * The Playwright config behind `oidc-harness run`: the catalogue test file over the case files
 * that `run` validated, reported by the run reporter (table or JSON) and, with `--report`, JUnit
 * and HTML too. Settings arrive through the RUN_ENV variables.
 */
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BrowserNotFoundError, browserLaunchOptions } from '../browser.js';
import { RUN_ENV } from '../run/contract.js';
import { exitCodeFor } from './exit-codes.js';

const env = process.env;
const headed = env[RUN_ENV.headed] === '1';

/**
 * The browser is found here, not in the `run` command, which thereby starts without loading
 * Playwright. None found ends the run as bad input does: `oidc-harness: ` and the message (what was
 * tried, how to fix it) on stderr, exit 2 (interface.md), before any worker or browser starts.
 */
function launchOptions() {
  try {
    return browserLaunchOptions(env[RUN_ENV.browserPath], headed);
  } catch (err) {
    if (!(err instanceof BrowserNotFoundError)) throw err;
    process.stderr.write(`oidc-harness: ${err.message}\n`);
    process.exit(exitCodeFor(err));
  }
}

const reportDir = env[RUN_ENV.reportDir];
const format = env[RUN_ENV.format] === 'json' ? 'json' : 'table';

// The run reporter writes the table or JSON and, with --report, report.json, report.html and
// junit.xml — each scrubbed of token signatures and secrets. Playwright's own HTML report and
// traces are left out: they record typed values and network bodies (full tokens).
const reporter: ReporterDescription[] = [
  [
    fileURLToPath(new URL('../reporters/run-reporter.js', import.meta.url)),
    {
      format,
      ...(reportDir ? { reportDir } : {}),
      ...(env[RUN_ENV.outcome] ? { outcomeFile: env[RUN_ENV.outcome] } : {}),
    },
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
    launchOptions: launchOptions(),
    headless: !headed,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
