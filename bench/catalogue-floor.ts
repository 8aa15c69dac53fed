/**
 * The whole catalogue's floor: a bare Playwright Test project, written to a temp folder, that does
 * what the catalogue's run must do at the least — the project's own `@playwright/test`, its browser
 * and launch flags, 2 workers, fully parallel — and nothing of the harness:
 *
 * - one test per browser case doing the bare sign-in steps (goto, fill, click, fill, click, the
 *   redirect to the callback) against the trivial server of `trivial-server.ts`, on one page per
 *   worker with its cookies cleared after each test;
 * - one test per other case (minted tokens, stopped at /authorize) making one HTTP request.
 *
 * Timed as a user runs it: spawning Playwright's CLI to its exit. The harness's `run --json` over
 * the same catalogue is then a ratio to this, both measured alternately in the same bench run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserLaunchOptions } from '../src/browser.js';
import { timeToExit } from './measure.js';

const require = createRequire(import.meta.url);
const TEST_MODULE = import.meta.resolve('@playwright/test');
const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');
const SERVER_MODULE = new URL('./trivial-server.js', import.meta.url).href;
const CALLBACK_MODULE = new URL('../src/flow/callback.js', import.meta.url).href;

/** The spec: a worker-scoped trivial server (the per-case floor's own) and page, then the tests. */
function spec(browserTests: number, otherTests: number): string {
  const s = JSON.stringify;
  return `import { test as base, expect } from ${s(TEST_MODULE)};
import { bareSignIn, startTrivialServer } from ${s(SERVER_MODULE)};
import { startCallbackListener } from ${s(CALLBACK_MODULE)};

const test = base.extend({
  server: [async ({}, use) => {
    const callback = await startCallbackListener();
    const server = await startTrivialServer(callback.redirectUri);
    await use({ url: server.url, callback });
    server.close();
    await callback.close();
  }, { scope: 'worker' }],
  lane: [async ({ browser }, use) => {
    const context = await browser.newContext();
    await use({ context, page: await context.newPage() });
    await context.close();
  }, { scope: 'worker' }],
});

for (let i = 0; i < ${browserTests}; i++) {
  test('browser ' + i, async ({ server, lane }) => {
    const { context, page } = lane;
    const done = server.callback.next(10_000);
    await bareSignIn(page, server.url, 's' + i);
    await done;
    await context.clearCookies();
  });
}
for (let i = 0; i < ${otherTests}; i++) {
  test('other ' + i, async ({ server }) => {
    expect((await fetch(server.url + '/signin?state=other')).status).toBe(200);
  });
}
`;
}

/** Writes the project; returns a function timing one run of it, and one removing it. */
export async function catalogueFloor(
  browserTests: number,
  otherTests: number,
  workers: number,
): Promise<{ run: () => Promise<number>; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-bench-floor-'));
  await writeFile(join(dir, 'catalogue-floor.spec.mjs'), spec(browserTests, otherTests));
  await writeFile(
    join(dir, 'playwright.config.mjs'),
    `export default ${JSON.stringify({
      testDir: dir,
      outputDir: join(dir, 'out'),
      fullyParallel: true,
      workers,
      retries: 0,
      reporter: 'dot',
      use: { launchOptions: browserLaunchOptions(), headless: true },
    })};\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_OPTIONS;
  return {
    run: () =>
      timeToExit(
        process.execPath,
        [PLAYWRIGHT_CLI, 'test', '--config', join(dir, 'playwright.config.mjs')],
        { cwd: dir, env },
      ),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
