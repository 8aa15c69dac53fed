/**
 * `oidc-harness run [CASE_OR_DIR ...]`: the case catalogue through a real browser (interface.md).
 * It validates every case file first (exit 2 naming file and field, before any browser starts),
 * then hands the files to the same Playwright Test suite `npm test` runs (architecture.md "One
 * runner"), with the run reporter for the table or `--json`.
 *
 * Start-up: this process does not load Playwright (0.6 s). The browser is found by the run config
 * in Playwright's runner, which loads Playwright anyway; none found is still exit 2 with the
 * browser module's message, before any worker or browser starts (run.config.ts).
 */
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedCase } from '../case/types.js';
import { RUN_ENV } from '../run/contract.js';
import { UsageError, type CommandContext } from './context.js';
import { EXIT, readRunOutcome, type RunOutcome } from '../reporters/outcome.js';
import { checkBrowserFlags } from './browser-flags.js';
import { checkShard, selectCases } from './run-filters.js';
import { SP_OPTION_HELP, checkSpUrlsGiven, collectSp, parseSpUrls } from './sp-urls.js';

/** The built-in catalogue shipped with the package. */
export const CATALOGUE_DIR = fileURLToPath(new URL('../../../cases/', import.meta.url));
/** The Playwright config `run` uses (compiled next to this file). */
const RUN_CONFIG = fileURLToPath(new URL('./run.config.js', import.meta.url));

interface RunOptions {
  json?: boolean;
  report?: string;
  headed?: boolean;
  browserPath?: string;
  workers?: string;
  shard?: string;
  grep?: string;
  sp?: string[];
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description(
      'Run cases through a real browser and print one row per case: expected, observed, diagnosis',
    )
    .argument('[cases...]', 'case files or folders of them (default: the built-in catalogue)')
    .option('--json', 'print the result as JSON on stdout, nothing else')
    .option('--report <dir>', 'write report.json, an HTML report and JUnit XML into DIR')
    .option('--headed', 'show the browser')
    .option('--browser-path <path>', 'the Chromium to launch (default: discovered)')
    .option('--workers <n>', 'parallel workers (default: 2)')
    .option('--shard <i/n>', 'run only shard i of n, e.g. 1/3')
    .option('--grep <pattern>', 'run only the cases whose name or tag matches')
    .option('--sp <name=url>', SP_OPTION_HELP, collectSp)
    .addHelpText(
      'after',
      `
Exit codes: 0 every case observed what it expected, 1 some did not, 2 bad input
(a bad flag or case file, no browser, a report that can't be written, no case
matched), 130/143 interrupted (Ctrl-C, SIGTERM). --grep matches case names and
tags (@okta).

Examples:
  $ oidc-harness run     # every case of the built-in catalogue, on the emulator
  $ oidc-harness run cases/missing-claim-email.yaml --json
  $ oidc-harness run cases/ --grep audience --report out/ --workers 1
  $ oidc-harness run cases/real-sp/passport-expired.yaml \\
      --sp passport=http://127.0.0.1:3000/api`,
    )
    .action(async (cases: string[], options: RunOptions) => {
      ctx.exitCode = await runCases(cases, options);
    });
}

async function runCases(paths: string[], options: RunOptions): Promise<number> {
  const { loadCases } = await import('../case/load.js');
  const all: LoadedCase[] = await loadCases(paths.length > 0 ? paths : [CATALOGUE_DIR]);
  if (all.length === 0) throw new UsageError(`no case files found in ${paths.join(', ')}`);
  if (options.workers !== undefined && !/^[1-9]\d*$/.test(options.workers)) {
    throw new UsageError(`--workers must be a positive whole number (got "${options.workers}")`);
  }
  checkShard(options.shard);
  // Filtered here rather than by Playwright's --grep: a pattern no case matches is then one line
  // naming the pattern, not Playwright's "No tests found" after an empty table.
  const loaded = selectCases(all, options.grep);
  const spUrls = parseSpUrls(options.sp);
  checkSpUrlsGiven(loaded, spUrls);
  // A pinned port (`idp.port`) that something else holds can't work: say so before any browser.
  const pinned = loaded.flatMap((c) =>
    c.definition.idp.port !== undefined ? [{ file: c.file, port: c.definition.idp.port }] : [],
  );
  if (pinned.length > 0) {
    const { takenPinnedPort } = await import('../harness/port-holder.js');
    const taken = await takenPinnedPort(pinned);
    if (taken) throw new UsageError(taken);
  }
  checkBrowserFlags(options);
  if (options.report) {
    const { prepareReportDir } = await import('../report-files/write.js');
    try {
      await prepareReportDir(options.report);
    } catch (err) {
      throw new UsageError(`--report: ${(err as Error).message}`);
    }
  }

  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const args = [cli, 'test', '--config', RUN_CONFIG];
  if (options.workers) args.push('--workers', options.workers);
  if (options.shard) args.push('--shard', options.shard);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [RUN_ENV.cases]: JSON.stringify(loaded.map((c) => c.file)),
    [RUN_ENV.format]: options.json ? 'json' : 'table',
    // The config, the reporter and the test file are compiled JavaScript: Playwright's ESM loader
    // (a hooks thread that runs every file outside node_modules through Babel) would cost about
    // 0.5 s of CPU in the runner and in each worker and change nothing. Playwright's own switch.
    PW_DISABLE_TS_ESM: '1',
  };
  if (options.report) env[RUN_ENV.reportDir] = options.report;
  const { signsInThroughBrowser } = await import('../harness/idp.js');
  if (loaded.some((c) => signsInThroughBrowser(c.definition))) env[RUN_ENV.browserCases] = '1';
  else delete env[RUN_ENV.browserCases];
  // A folder of this run's own, so concurrent runs never clear each other's failure screenshots.
  // Playwright empties its output folder as it starts, so the validated cases lie beside it.
  const runDir = await mkdtemp(join(tmpdir(), 'oidc-harness-run-'));
  env.OIDC_HARNESS_OUTPUT_DIR = join(runDir, 'output');
  const casesFile = join(runDir, 'cases.bin');
  const outcomeFile = join(runDir, 'outcome.json');
  env[RUN_ENV.outcome] = outcomeFile;
  const { writeLoadedCases } = await import('../case/handoff.js');
  await writeLoadedCases(casesFile, loaded);
  env[RUN_ENV.loadedCases] = casesFile;
  if (options.headed) env[RUN_ENV.headed] = '1';
  if (Object.keys(spUrls).length > 0) env[RUN_ENV.spUrls] = JSON.stringify(spUrls);
  else delete env[RUN_ENV.spUrls];
  if (options.browserPath) env[RUN_ENV.browserPath] = options.browserPath;
  else delete env[RUN_ENV.browserPath];

  let ran: { code: number | null; signal: NodeJS.Signals | undefined };
  let outcome: RunOutcome | undefined;
  try {
    ran = await runPlaywright(args, env);
    outcome = readRunOutcome(outcomeFile);
  } finally {
    // The run's folder (validated cases, the outcome, Playwright's output) goes with the run:
    // nothing is left in the temp dir. Evidence a user keeps is in --report DIR.
    await rm(runDir, { recursive: true, force: true });
    await rm(outcomeFile, { force: true });
  }
  const { code, signal } = ran;
  return exitCode(code, signal, outcome, options);
}

/**
 * Runs Playwright's runner in its own process group, so a Ctrl-C reaches this process only and is
 * passed on once as SIGINT: Playwright's graceful stop (workers torn down, browsers closed, the
 * reporter's end). SIGTERM is passed on as SIGINT too, since Playwright stops gracefully only on
 * SIGINT. Whatever is still running 15 s later is killed, group and all.
 */
async function runPlaywright(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; signal: NodeJS.Signals | undefined }> {
  const child = spawn(process.execPath, args, { env, stdio: 'inherit', detached: true });
  let signal: NodeJS.Signals | undefined;
  let killer: NodeJS.Timeout | undefined;
  const forward = (received: NodeJS.Signals) => {
    if (signal) return;
    signal = received;
    child.kill('SIGINT');
    killer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 15_000);
  };
  process.on('SIGINT', forward).on('SIGTERM', forward);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  process.off('SIGINT', forward).off('SIGTERM', forward);
  if (killer) clearTimeout(killer);
  return { code, signal };
}

/**
 * The exit code from the reporter's account (src/reporters/outcome.ts) rather than Playwright's,
 * which is 1 for a failed case, an interrupted run and a browser that would not start alike.
 */
function exitCode(
  code: number | null,
  signal: NodeJS.Signals | undefined,
  outcome: RunOutcome | undefined,
  options: RunOptions,
): number {
  if (signal) return signal === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
  // No account: the run stopped before its end (a bad config: the message is already printed).
  if (!outcome) return code === 0 || code === 1 ? EXIT.badInput : (code ?? EXIT.badInput);
  if (outcome.interrupted) return EXIT.sigint;
  if (outcome.browserError || outcome.reportError) return EXIT.badInput;
  if (outcome.total === 0) {
    process.stderr.write(`oidc-harness: no case in --shard ${options.shard ?? ''}\n`);
    return EXIT.badInput;
  }
  return outcome.failed > 0 ? EXIT.failed : EXIT.ok;
}
