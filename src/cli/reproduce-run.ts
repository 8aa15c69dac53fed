/**
 * The work behind `oidc-harness reproduce`: validate the case, start the emulator, the callback
 * listener and (only when the case needs a sign-in) Chromium, run the case through the executor,
 * print it, and tear everything down. Loaded by the command's action only, so `--help` and the
 * other commands never pay for Playwright, oidc-provider or the emulator.
 */
import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { loadCaseFile } from '../case/load.js';
import type { CaseEvidence, CaseRun } from '../harness/execute.js';
import { signsInThroughBrowser } from '../harness/idp.js';
import type { CaseResult } from '../harness/result.js';
import { redactDeep, redactSecrets } from '../token/redact.js';
import { colorsFor } from '../reporters/terminal.js';
import { UsageError } from './context.js';
import { isBadInput } from './exit-codes.js';
import { planIdp } from './reproduce-idp.js';
import { renderReproduction, renderVerdict } from './reproduce-render.js';
import { checkSpUrlsGiven, parseSpUrls } from './sp-urls.js';

/** Options of {@link reproduce} (the command's flags). */
export interface ReproduceOptions {
  json?: boolean;
  report?: string;
  headed?: boolean;
  browserPath?: string;
  /** `--sp NAME=URL` pairs, for the case's `${sp.urls.NAME}`. */
  sp?: string[];
}

function packageVersion(): string {
  const url = new URL('../../../package.json', import.meta.url);
  return String((JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown }).version);
}

/** An empty evidence record, for a case that failed before the executor could return one. */
function emptyEvidence(): CaseEvidence {
  return { tokens: {}, systemLog: [], diagnoses: [], timings: [] };
}

/**
 * A screenshot of what the browser showed when the case stopped. It goes to a temp folder, never
 * into `--report DIR`: a report is meant to be attached to a ticket, and a page may show a user's
 * details.
 */
async function failureScreenshot(page: Page | undefined): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  const path = join(await mkdtemp(join(tmpdir(), 'oidc-harness-')), 'reproduce-failure.png');
  try {
    await page.screenshot({ path, timeout: 3000 });
    return path;
  } catch {
    return undefined;
  }
}

/**
 * Runs one case verbosely and prints it (text on stdout, or `{ case, evidence }` with `--json`).
 * @returns the exit code: 0 the case observed what it expects, 1 it did not or could not finish.
 * @throws {UsageError} for an unreadable or invalid case file, or no browser (exit 2).
 */
export async function reproduce(file: string, options: ReproduceOptions): Promise<number> {
  const loaded = await loadCaseFile(file);
  const { definition } = loaded;
  const spUrls = parseSpUrls(options.sp);
  checkSpUrlsGiven([loaded], spUrls);
  const startIdp = await planIdp(loaded.file, definition);
  const { findBrowser, browserLaunchOptions } = await import('../browser.js');
  const needsBrowser = signsInThroughBrowser(definition);
  // No browser throws BrowserNotFoundError (bad input, exit 2), before anything starts.
  if (needsBrowser) {
    findBrowser(options.browserPath, process.env, undefined, { headless: !options.headed });
  }

  const out = colorsFor(process.stdout);
  const err = colorsFor(process.stderr);
  if (!options.json) process.stderr.write(err.dim(`Reproducing ${definition.name}…\n`));

  const [envMod, exec] = await Promise.all([
    import('../harness/environment.js'),
    import('../harness/execute.js'),
  ]);
  const startedAt = new Date();
  const { idp, callback, close } = await startIdp();
  const secrets = idp.secrets();
  let browser: Browser | undefined;
  let page: Page | undefined;
  const openPage = async (): Promise<Page> => {
    if (page) return page;
    const { chromium } = await import('playwright');
    browser = await chromium.launch(browserLaunchOptions(options.browserPath, !!options.headed));
    page = await (await browser.newContext()).newPage();
    return page;
  };

  let run: CaseRun;
  let failure: string | undefined;
  try {
    try {
      run = await exec.executeCase(loaded, {
        ...envMod.caseEnvironment({ idp, page: openPage, callback }),
        spUrls,
      });
    } catch (error) {
      const e = error as Error;
      // The case as written can't run here (its emulator set-up, a symbol): bad input, exit 2.
      if (isBadInput(e)) {
        throw new UsageError(
          e.message.startsWith(loaded.file) ? e.message : `${loaded.file}: ${e.message}`,
        );
      }
      // A sign-in failure names its own screenshot; any other stop (a timeout waiting for the
      // callback, an unreachable SP) gets one of what the browser showed.
      failure = e.message;
      if (!/screenshot: /.test(failure)) {
        const shot = await failureScreenshot(page);
        if (shot) failure += `\n  screenshot: ${shot}`;
      }
      const result: CaseResult = {
        name: definition.name,
        file: loaded.file,
        passed: false,
        expected: {
          outcome: definition.expect.outcome,
          ...(definition.expect.status !== undefined ? { status: definition.expect.status } : {}),
          ...(definition.expect.diagnosis.length ? { diagnosis: definition.expect.diagnosis } : {}),
          ...(definition.expect.error !== undefined ? { error: definition.expect.error } : {}),
        },
        durationMs: Date.now() - startedAt.getTime(),
        mismatches: [`the case could not finish: ${failure.split('\n')[0]}`],
      };
      run = { result, evidence: emptyEvidence() };
    }
  } finally {
    await browser?.close().catch(() => {});
    await close();
  }

  const safe = redactDeep(run, secrets);
  if (options.report) {
    const { writeReports } = await import('../report-files/write.js');
    // A report that can't be written throws ReportWriteError (bad input, exit 2).
    const { files } = await writeReports(
      options.report,
      {
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        runs: [safe],
        tool: { name: 'oidc-harness', version: packageVersion() },
      },
      { secrets },
    );
    if (!options.json) process.stderr.write(err.dim(`Report: ${files.join(', ')}\n`));
  }

  if (options.json) {
    if (failure !== undefined) process.stderr.write(`${redactSecrets(failure, secrets)}\n`);
    process.stdout.write(
      `${JSON.stringify({ case: safe.result, evidence: safe.evidence }, null, 2)}\n`,
    );
  } else if (failure !== undefined) {
    process.stdout.write(
      `${out.red('The case could not finish:')}\n${redactSecrets(failure, secrets)}\n\n`,
    );
    process.stdout.write(`${renderVerdict(safe.result, out).join('\n')}\n`);
  } else {
    // The width: the terminal's, else COLUMNS, else 80 (renderReproduction's default).
    process.stdout.write(renderReproduction(safe, out, { secrets }));
  }
  return safe.result.passed ? 0 : 1;
}
