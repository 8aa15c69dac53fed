/**
 * Start-up benchmark: the two command-line rows of the speed table, each against its peer in the
 * same run, alternated, medians of ROUNDS:
 *
 * 1. `oidc-harness serve --json`, whole process to its JSON line, vs the `oauth2-mock-server`
 *    CLI (the peer a user would otherwise reach for; started as its README says, on a free port)
 *    to its "listening" line. Goal: ≤ 1.0×.
 * 2. `oidc-harness run cases/token-expired.yaml` (a minted token, no browser), whole process, vs
 *    a bare Playwright Test run of one trivial test with the project's `@playwright/test`
 *    (its CLI, a one-line config, one `expect(1).toBe(1)`). Goal: ≤ 1.2×.
 *
 * Then where the time goes: a `--cpu-prof` of `serve` start and of the one-case `run` (every
 * process it starts: the command, Playwright's runner, the worker), top self-time items.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  alternate,
  machineLoad,
  profileTop,
  ratioLine,
  timeToExit,
  timeToLine,
} from './measure.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/oidc-harness.js`;
const ROUNDS = 7;
const node = process.execPath;
const require = createRequire(`${ROOT}package.json`);
const PEER_DIR = join(ROOT, 'node_modules/oauth2-mock-server/');
const PEER_CLI = join(
  PEER_DIR,
  (
    JSON.parse(readFileSync(join(PEER_DIR, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    }
  ).bin['oauth2-mock-server']!,
);
const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');
// The ESM entry, as a user's `import { test } from '@playwright/test'` would load it.
const TEST_MODULE = import.meta.resolve('@playwright/test');

/** Profiles the process it is preloaded into, written to BENCH_PROFILE_DIR as it exits. */
const PROFILE_PRELOAD = `
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    mkdirSync(process.env.BENCH_PROFILE_DIR, { recursive: true });
    writeFileSync(process.env.BENCH_PROFILE_DIR + '/' + process.pid + '.cpuprofile', JSON.stringify(result.profile));
  });
});
`;

const serveReady = (line: string) => line.startsWith('{"idp"');
const peerReady = (line: string) => line.includes('listening on');

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-bench-startup-'));
  try {
    // The bare Playwright project: one trivial test, a config naming its folder, nothing else.
    await writeFile(
      join(dir, 'trivial.spec.mjs'),
      `import { test, expect } from ${JSON.stringify(TEST_MODULE)};\ntest('trivial', () => { expect(1).toBe(1); });\n`,
    );
    await writeFile(
      join(dir, 'playwright.config.mjs'),
      `export default { testDir: ${JSON.stringify(dir)}, outputDir: ${JSON.stringify(join(dir, 'out'))} };\n`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_OPTIONS;
    const serve = () => timeToLine(node, [BIN, 'serve', '--json'], serveReady, { cwd: ROOT, env });
    const peer = () =>
      timeToLine(node, [PEER_CLI, '-a', '127.0.0.1', '-p', '0'], peerReady, { cwd: dir, env });
    // The same two, to the first answered request: the discovery document, fetched as soon as
    // the ready line names the issuer (serve's emulator may still be loading oidc-provider then).
    const discovery = async (issuer: string) => {
      const res = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (res.status !== 200) throw new Error(`${issuer} discovery answered ${res.status}`);
      await res.json();
    };
    const serveAnswer = () =>
      timeToLine(node, [BIN, 'serve', '--json'], serveReady, {
        cwd: ROOT,
        env,
        then: (line) =>
          discovery((JSON.parse(line) as { idp: { orgIssuer: string } }).idp.orgIssuer),
      });
    const peerAnswer = () =>
      timeToLine(node, [PEER_CLI, '-a', '127.0.0.1', '-p', '0'], peerReady, {
        cwd: dir,
        env,
        then: (line) => discovery(/http:\/\/\S+/.exec(line)![0]),
      });
    const run = () =>
      timeToExit(node, [BIN, 'run', 'cases/token-expired.yaml'], { cwd: ROOT, env });
    const bare = () =>
      timeToExit(node, [PLAYWRIGHT_CLI, 'test', '--config', join(dir, 'playwright.config.mjs')], {
        cwd: dir,
        env,
      });

    // Warm-up: file caches, the emulator's key pool (a fresh machine generates it once).
    await serve();
    await peer();
    await run();
    await bare();

    console.log(machineLoad());
    const starts = await alternate({ serve, peer }, ROUNDS);
    console.log(
      ratioLine(
        'serve --json to its JSON line',
        starts.serve,
        starts.peer,
        1.0,
        'oauth2-mock-server CLI to "listening"',
      ),
    );
    const answers = await alternate({ serveAnswer, peerAnswer }, ROUNDS);
    console.log(
      ratioLine(
        'serve --json to its first discovery answer',
        answers.serveAnswer,
        answers.peerAnswer,
        1.0,
        'oauth2-mock-server likewise',
      ),
    );
    const runs = await alternate({ run, bare }, ROUNDS);
    console.log(
      ratioLine(
        'run cases/token-expired.yaml',
        runs.run,
        runs.bare,
        1.2,
        'bare Playwright Test, one trivial test',
      ),
    );
    console.log(machineLoad());

    const serveProfile = join(dir, 'prof-serve');
    await timeToLine(
      node,
      ['--cpu-prof', `--cpu-prof-dir=${serveProfile}`, BIN, 'serve', '--json'],
      serveReady,
      {
        cwd: ROOT,
        env,
      },
    );
    console.log('profile: serve --json, start to its JSON line (and stop)');
    console.log(profileTop(serveProfile, ROOT).join('\n'));
    // NODE_OPTIONS may not carry --cpu-prof, and `run` starts Playwright's runner, which starts
    // a worker: a preload profiles every one of them through the inspector.
    const runProfile = join(dir, 'prof-run');
    const preload = join(dir, 'profile-preload.cjs');
    await writeFile(preload, PROFILE_PRELOAD);
    await timeToExit(node, [BIN, 'run', 'cases/token-expired.yaml'], {
      cwd: ROOT,
      env: { ...env, NODE_OPTIONS: `--require ${preload}`, BENCH_PROFILE_DIR: runProfile },
    });
    console.log('profile: run cases/token-expired.yaml, every process');
    console.log(profileTop(runProfile, ROOT).join('\n'));
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
