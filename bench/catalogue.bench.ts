/**
 * Catalogue benchmark: the catalogue rows of the speed table, each floor measured in the same run.
 *
 * 1. Wall time of `oidc-harness run --json` over the built-in catalogue, as a user runs it
 *    (process start, case validation, Playwright, browser start, every case), median of 5 runs.
 *    Goal: ≤ 8 s. Its floor, measured alternately: a bare Playwright Test project with as many
 *    tests, the browser ones doing only the bare sign-in steps (`catalogue-floor.ts`).
 * 2. The median duration of the cases that went through a browser sign-in, from the same runs.
 * 3. The floor: the same browser steps — a redirect, the identifier form, submit, the password
 *    form, submit, a redirect to the callback — as bare Playwright calls (goto, fill, click)
 *    against a trivial server that serves the emulator's own sign-in markup and does no OIDC
 *    work; one reused page per lane, cookies cleared after each run, 2 lanes at once in one
 *    headless shell, like the run. Goal: median case ≤ 1.2× this.
 * 4. A second floor, measured alternately with the first: the same steps through the harness's
 *    own sign-in driver and page pool (`CasePagePool`, its wipe between runs), so the ratio to it
 *    is what the IdP, the token exchange, the replay and the harness add to the driver.
 * 5. Where a browser case's time goes: the median of each step the cases time (prepare,
 *    authorize, sign-in, callback, token, userinfo, replay, System Log, differential; the rest is
 *    diagnosis, evidence and attachments), from one more run with `--report`; and the driver's own steps
 *    (each look and action) and the page wipe, from the driver floor.
 * Prints the figures and the ratios; exits 1 when the run itself failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { browserLaunchOptions } from '../src/browser.js';
import { loadCases } from '../src/case/load.js';
import { signsInThroughBrowser } from '../src/harness/idp.js';
import type { RunResult } from '../src/harness/result.js';
import { startCallbackListener } from '../src/flow/callback.js';
import { CasePagePool } from '../fixtures/case-pages.js';
import { AutoDetectSignIn } from '../src/flow/pages/index.js';
import { catalogueFloor } from './catalogue-floor.js';
import { machineLoad, median } from './measure.js';
import { bareSignIn, startTrivialServer } from './trivial-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/oidc-harness.js`;
const WALL_GOAL_MS = 8_000;
const RATIO_GOAL = 1.2;
const FLOOR_RUNS = 12;
/** Runs of the whole catalogue: the wall time is their median. */
const WALL_RUNS = 5;
const PARALLEL = 2;

type FloorMode = 'driver' | 'bare';

/** One lane: the driver floor leases the harness's page pool; the bare floor keeps one page. */
interface Lane {
  browser: Browser;
  pool: CasePagePool;
  bare: { context: BrowserContext; page: Page } | undefined;
}

/** Driver steps and the wipe, by name, from the driver floor's runs. */
const driverSteps = new Map<string, number[]>();
const record = (name: string, ms: number) => {
  const key = name.replace(/alice@example\.com/, 'USER');
  driverSteps.set(key, [...(driverSteps.get(key) ?? []), ms]);
};

async function floorRun(lane: Lane, i: number, mode: FloorMode): Promise<number> {
  const callback = await startCallbackListener();
  const server = await startTrivialServer(callback.redirectUri);
  try {
    const started = performance.now();
    const done = callback.next(10_000);
    if (mode === 'driver') {
      const lease = lane.pool.lease();
      const page = await lease.page();
      let t = performance.now();
      await page.goto(`${server.url}/authorize?state=s${i}`, { waitUntil: 'domcontentloaded' });
      record('goto /authorize (redirect, identifier page)', performance.now() - t);
      await new AutoDetectSignIn().signIn(
        page,
        { username: 'alice@example.com', password: 'x' },
        {
          done,
          step: async (name, body) => {
            const s0 = performance.now();
            try {
              return await body();
            } finally {
              record(name, performance.now() - s0);
            }
          },
        },
      );
      await done;
      t = performance.now();
      await lease.release();
      record('page wipe (CasePagePool release)', performance.now() - t);
    } else {
      lane.bare ??= await (async () => {
        const context = await lane.browser.newContext();
        return { context, page: await context.newPage() };
      })();
      const { context, page } = lane.bare;
      const bare = async (name: string, body: () => Promise<unknown>) => {
        const t = performance.now();
        await body();
        record(`bare: ${name}`, performance.now() - t);
      };
      await bareSignIn(page, server.url, `s${i}`, bare);
      await bare('wait for the callback', () => done);
      await bare('clear cookies', () => context.clearCookies());
    }
    return performance.now() - started;
  } finally {
    server.close();
    await callback.close();
  }
}

/** Both floors, interleaved batch by batch so machine noise falls on both alike. */
async function measureFloors(): Promise<Record<FloorMode, number[]>> {
  const browser = await chromium.launch(browserLaunchOptions());
  const lanes: Lane[] = Array.from({ length: PARALLEL }, () => ({
    browser,
    pool: new CasePagePool(browser),
    bare: undefined,
  }));
  const samples: Record<FloorMode, number[]> = { driver: [], bare: [] };
  try {
    // Warm-up: each lane's first run opens its page and pays one-off costs.
    for (const mode of ['driver', 'bare'] as const)
      await Promise.all(lanes.map((lane, j) => floorRun(lane, -1 - j, mode)));
    driverSteps.clear();
    for (let i = 0; i < FLOOR_RUNS; i += PARALLEL) {
      const order =
        (i / PARALLEL) % 2 ? (['bare', 'driver'] as const) : (['driver', 'bare'] as const);
      for (const mode of order) {
        const batch = await Promise.all(lanes.map((lane, j) => floorRun(lane, i + j, mode)));
        samples[mode].push(...batch);
      }
    }
  } finally {
    await Promise.all(lanes.map((lane) => lane.pool.close()));
    await Promise.all(lanes.map((lane) => lane.bare?.context.close()));
    await browser.close();
  }
  return samples;
}

/** Per-step medians over the browser cases of a report, and the rest of each case's time. */
function caseBreakdown(
  cases: Array<{
    name: string;
    durationMs: number;
    evidence?: { timings?: Array<{ step: string; ms: number }> };
  }>,
): string[] {
  const steps = new Map<string, number[]>();
  const rest: number[] = [];
  for (const c of cases) {
    const timings = c.evidence?.timings ?? [];
    const byStep = new Map<string, number>();
    for (const t of timings) byStep.set(t.step, (byStep.get(t.step) ?? 0) + t.ms);
    for (const [step, ms] of byStep) steps.set(step, [...(steps.get(step) ?? []), ms]);
    rest.push(c.durationMs - [...byStep.values()].reduce((a, b) => a + b, 0));
  }
  return [
    ...[...steps].map(
      ([step, ms]) => `    ${median(ms).toFixed(0).padStart(5)} ms  ${step} (${ms.length} cases)`,
    ),
    `    ${median(rest).toFixed(0).padStart(5)} ms  the rest: diagnosis, evidence, attachments, fixture set-up`,
  ];
}

async function main(): Promise<number> {
  const cases = await loadCases([`${ROOT}cases`]);
  const browserCases = new Set(
    cases.filter((c) => signsInThroughBrowser(c.definition)).map((c) => c.definition.name),
  );

  console.log(machineLoad());
  // The wall time as a user sees it (`run --json`, no report), median of WALL_RUNS runs; the
  // browser cases' durations from all of them.
  const walls: number[] = [];
  const browserDurations: number[] = [];
  let result: RunResult | undefined;
  let ran: RunResult['cases'] = [];
  let failedRun = false;
  const floorWalls: number[] = [];
  const harnessRun = (counted = true) => {
    const t = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'run', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    const ms = performance.now() - t;
    try {
      result = JSON.parse(run.stdout) as RunResult;
    } catch {
      throw new Error(
        `run --json did not print JSON (exit ${run.status}):\n${run.stderr.slice(-2000)}`,
      );
    }
    if (run.status !== 0 || result.failed > 0) failedRun = true;
    ran = result.cases.filter((c) => !c.skipped);
    if (!counted) return;
    walls.push(ms);
    browserDurations.push(...ran.filter((c) => browserCases.has(c.name)).map((c) => c.durationMs));
  };
  let floorProject: Awaited<ReturnType<typeof catalogueFloor>> | undefined;
  try {
    // Warm-up of both (file caches, the emulator's key pool); the first run also tells which
    // cases run here (those needing a real tenant are skipped), so the floor has as many tests.
    harnessRun(false);
    // The whole catalogue's floor: a bare Playwright Test project with as many tests, the browser
    // ones doing the bare steps (catalogue-floor.ts); measured alternately with the harness's runs.
    const browserRan = ran.filter((c) => browserCases.has(c.name)).length;
    floorProject = await catalogueFloor(browserRan, ran.length - browserRan, PARALLEL);
    await floorProject.run();
    for (let i = 0; i < WALL_RUNS; i++) {
      // Which side goes first swaps every round: neither always gets the warmer machine.
      if (i % 2) floorWalls.push(await floorProject.run());
      harnessRun();
      if (!(i % 2)) floorWalls.push(await floorProject.run());
    }
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  } finally {
    await floorProject?.close();
  }
  const wall = median(walls);
  // One more run with --report, for each case's own step timings (the report has them).
  const reportDir = mkdtempSync(join(tmpdir(), 'oidc-harness-bench-catalogue-'));
  let report: { cases: Parameters<typeof caseBreakdown>[0] } | undefined;
  try {
    spawnSync(process.execPath, [BIN, 'run', '--json', '--report', reportDir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as typeof report;
  } catch {
    report = undefined;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  const caseMedian = median(browserDurations);
  const browserCount = browserDurations.length / WALL_RUNS;

  const floors = await measureFloors();
  const driverMedian = median(floors.driver);
  const bareMedian = median(floors.bare);
  const ratio = caseMedian / bareMedian;

  console.log(
    `catalogue: ${ran.length} cases (${browserCount} through the browser), ${result!.passed} passed, ${result!.failed} failed`,
  );
  console.log(
    `whole catalogue (run --json): ${(wall / 1000).toFixed(2)} s (goal ≤ ${WALL_GOAL_MS / 1000} s)${wall <= WALL_GOAL_MS ? '' : ' — above goal'} | median of ${WALL_RUNS} runs (${walls.map((w) => (w / 1000).toFixed(1)).join(', ')} s)`,
  );
  const floorWall = median(floorWalls);
  console.log(
    `  floor, a bare Playwright Test project of ${ran.length} tests (${browserCount} doing the bare browser steps), ${PARALLEL} workers: ${(floorWall / 1000).toFixed(2)} s (runs ${floorWalls.map((w) => (w / 1000).toFixed(1)).join(', ')} s) | ratio ${(wall / floorWall).toFixed(2)}× (goal ≤ ${RATIO_GOAL}×)${wall / floorWall <= RATIO_GOAL ? '' : ' — above goal'}`,
  );
  if (floorWall > WALL_GOAL_MS) {
    console.log(
      `  the floor alone is above the ${WALL_GOAL_MS / 1000} s goal: on this machine, Playwright Test itself cannot run this many cases in it`,
    );
  }
  console.log(
    `median browser case: ${caseMedian.toFixed(0)} ms | floor, bare goto/fill/click, trivial server, ${PARALLEL} lanes: ${bareMedian.toFixed(0)} ms | ratio ${ratio.toFixed(2)}× (goal ≤ ${RATIO_GOAL}×)${ratio <= RATIO_GOAL ? '' : ' — above goal'} | medians of ${browserDurations.length} case runs (${browserCount} cases × ${WALL_RUNS}) and ${floors.bare.length} floor runs`,
  );
  // What the wall goal leaves room for: the bare steps of every browser case, shared by the
  // run's lanes, are already this much of it — before Playwright, the IdP or the SP do anything.
  const bareShare = (browserCount * bareMedian) / PARALLEL;
  console.log(
    `  the bare steps alone for ${browserCount} browser cases over ${PARALLEL} lanes: ${(bareShare / 1000).toFixed(2)} s of the ${WALL_GOAL_MS / 1000} s goal (the goal was set for 26 cases, 20 through the browser)`,
  );
  console.log(
    `  against the harness's own driver and page pool on the trivial server: ${driverMedian.toFixed(0)} ms, ${floors.driver.length} runs; ratio ${(caseMedian / driverMedian).toFixed(2)}×; driver floor / bare floor ${(driverMedian / bareMedian).toFixed(2)}×`,
  );
  console.log(machineLoad());
  if (report) {
    console.log('a browser case, step by step (medians over the browser cases):');
    console.log(caseBreakdown(report.cases.filter((c) => browserCases.has(c.name))).join('\n'));
  }
  console.log('the driver and the bare steps, step by step on the trivial server (medians):');
  for (const [name, ms] of driverSteps)
    console.log(`    ${median(ms).toFixed(0).padStart(5)} ms  ${name}`);
  return failedRun ? 1 : 0;
}

process.exitCode = await main();
