/**
 * Catalogue benchmark (issue: "the whole catalogue through the real browser in under 15 s, the
 * median browser case within 1.3× the floor").
 *
 * 1. Wall time of `oidc-harness run --json` over the built-in catalogue, as a user runs it
 *    (process start, case validation, Playwright, browser start, every case).
 * 2. The median duration of the cases that went through a browser, from the same run's JSON.
 * 3. The floor, measured in this process in the same run: the same browser steps — a redirect,
 *    the identifier form, submit, the password form, submit, a redirect to the callback — against
 *    a trivial server that serves the emulator's own sign-in markup and does no OIDC work. Like
 *    the cases, each run takes the worker's reused page, signs in with the same auto-detecting
 *    driver, and wipes the page afterwards (`CasePagePool`), 2 at a time like the run. So the
 *    ratio is what the IdP, the token exchange, the replay and the harness add to the browser.
 * 4. A stricter reference, measured alongside: the same steps as bare Playwright calls (fill,
 *    click), without the driver's looks for errors and MFA prompts; its ratio is printed too.
 * Prints the figures and the ratio; exits 1 when the run itself failed.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { identifyPage, passwordPage } from '../mock-idp/sign-in-pages.js';
import { browserLaunchOptions } from '../src/browser.js';
import { loadCases } from '../src/case/load.js';
import type { RunResult } from '../src/harness/result.js';
import { startCallbackListener } from '../src/flow/callback.js';
import { CasePagePool } from '../fixtures/case-pages.js';
import { AutoDetectSignIn } from '../fixtures/pages/index.js';
import { IDENTITY_ENGINE } from '../fixtures/pages/selectors.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/oidc-harness.js`;
const WALL_GOAL_MS = 15_000;
const RATIO_GOAL = 1.3;
const FLOOR_RUNS = 12;
const PARALLEL = 2;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : NaN;
};

/** A server that does nothing but redirect, serve the two sign-in forms and redirect back. */
async function startTrivialServer(callbackUri: string) {
  const body = async (req: IncomingMessage) => {
    let data = '';
    for await (const chunk of req) data += chunk;
    return new URLSearchParams(data);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const html = (text: string) => {
      res.setHeader('content-type', 'text/html');
      res.end(text);
    };
    if (url.pathname === '/authorize') {
      res.writeHead(302, { location: `/signin?state=${url.searchParams.get('state')}` }).end();
    } else if (url.pathname === '/signin') {
      html(identifyPage(`/identify?state=${url.searchParams.get('state')}`));
    } else if (url.pathname === '/identify') {
      void body(req).then((form) =>
        html(
          passwordPage(
            `/verify?state=${url.searchParams.get('state')}`,
            form.get('identifier') ?? '',
          ),
        ),
      );
    } else if (url.pathname === '/verify') {
      void body(req).then(() =>
        res
          .writeHead(302, {
            location: `${callbackUri}?code=floor&state=${url.searchParams.get('state')}`,
          })
          .end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

type FloorMode = 'driver' | 'bare';

async function floorRun(pool: CasePagePool, i: number, mode: FloorMode): Promise<number> {
  const callback = await startCallbackListener();
  const server = await startTrivialServer(callback.redirectUri);
  try {
    const started = performance.now();
    const lease = pool.lease();
    const page = await lease.page();
    const done = callback.next(10_000);
    await page.goto(`${server.url}/authorize?state=s${i}`, { waitUntil: 'domcontentloaded' });
    if (mode === 'driver') {
      await new AutoDetectSignIn().signIn(
        page,
        { username: 'alice@example.com', password: 'x' },
        { done, step: (_name, body) => body() },
      );
    } else {
      await page.locator(IDENTITY_ENGINE.username).fill('alice@example.com');
      await page.locator(IDENTITY_ENGINE.submit).click();
      await page.locator(IDENTITY_ENGINE.password).fill('x');
      await page.locator(IDENTITY_ENGINE.submit).click();
    }
    await done;
    await lease.release();
    return performance.now() - started;
  } finally {
    server.close();
    await callback.close();
  }
}

/** Both floors, interleaved batch by batch so machine noise falls on both alike. */
async function measureFloors(): Promise<Record<FloorMode, number[]>> {
  const browser = await chromium.launch(browserLaunchOptions());
  const pools = Array.from({ length: PARALLEL }, () => new CasePagePool(browser));
  const samples: Record<FloorMode, number[]> = { driver: [], bare: [] };
  try {
    // Warm-up: each worker's first case opens its page and pays one-off costs.
    await Promise.all(pools.map((pool, j) => floorRun(pool, -1 - j, 'driver')));
    for (let i = 0; i < FLOOR_RUNS; i += PARALLEL) {
      for (const mode of ['driver', 'bare'] as const) {
        const batch = await Promise.all(pools.map((pool, j) => floorRun(pool, i + j, mode)));
        samples[mode].push(...batch);
      }
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await browser.close();
  }
  return samples;
}

async function main(): Promise<number> {
  const cases = await loadCases([`${ROOT}cases`]);
  const browserCases = new Set(
    cases
      .filter((c) => !c.definition.token?.mint && c.definition.idp.type === 'emulator')
      .map((c) => c.definition.name),
  );

  const t = performance.now();
  const run = spawnSync(process.execPath, [BIN, 'run', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  const wall = performance.now() - t;
  let result: RunResult;
  try {
    result = JSON.parse(run.stdout) as RunResult;
  } catch {
    console.error(
      `run --json did not print JSON (exit ${run.status}):\n${run.stderr.slice(-2000)}`,
    );
    return 1;
  }
  const ran = result.cases.filter((c) => !c.skipped);
  const browserDurations = ran.filter((c) => browserCases.has(c.name)).map((c) => c.durationMs);
  const caseMedian = median(browserDurations);

  const floors = await measureFloors();
  const floorMedian = median(floors.driver);
  const bareMedian = median(floors.bare);
  const ratio = caseMedian / floorMedian;

  console.log(
    `catalogue: ${ran.length} cases (${browserDurations.length} through the browser), ${result.passed} passed, ${result.failed} failed`,
  );
  console.log(
    `catalogue wall time: ${(wall / 1000).toFixed(2)} s (goal < ${WALL_GOAL_MS / 1000} s)${wall < WALL_GOAL_MS ? '' : ' — above goal'}`,
  );
  console.log(`median browser case: ${caseMedian.toFixed(0)} ms`);
  console.log(
    `floor (same browser steps and driver, trivial server, ${PARALLEL} at a time): median ${floorMedian.toFixed(0)} ms, ${floors.driver.length} runs`,
  );
  console.log(
    `ratio median case / floor: ${ratio.toFixed(2)}× (goal ≤ ${RATIO_GOAL}×)${ratio <= RATIO_GOAL ? '' : ' — above goal'}`,
  );
  console.log(
    `reference (same steps as bare Playwright calls): median ${bareMedian.toFixed(0)} ms, ${floors.bare.length} runs; ratio ${(caseMedian / bareMedian).toFixed(2)}×`,
  );
  return result.failed === 0 && run.status === 0 ? 0 : 1;
}

process.exitCode = await main();
