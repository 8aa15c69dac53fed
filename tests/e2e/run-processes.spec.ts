/**
 * `oidc-harness run` returns only when every process it started has exited. While the run goes,
 * the test follows its process tree through /proc (the Playwright runner, its workers and each
 * worker's Chromium, whose browser starts in a session of its own); right after the bin exits,
 * none of those processes may still be alive.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BIN, ROOT } from '../support/run-node.js';

test.slow();

/** pid → parent pid, for every process visible now. */
async function parents(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(ppid)) out.set(Number(entry), ppid);
  }
  return out;
}

/** Adds every descendant of `root` alive now to `seen`, with its program name. */
async function collectDescendants(root: number, seen: Map<number, string>): Promise<void> {
  const map = await parents();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of map) {
      if (!seen.has(pid) && (ppid === root || seen.has(ppid))) {
        seen.set(pid, (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim());
        grew = true;
      }
    }
  }
}

async function commandOf(pid: number): Promise<string | undefined> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // A zombie has exited; only its parent has not collected it yet.
  if (cmdline === undefined || / Z /.test(stat.slice(stat.lastIndexOf(')')))) return undefined;
  return cmdline.replace(/\0/g, ' ').slice(0, 100);
}

test('no browser or worker process outlives run', async () => {
  test.skip(process.platform !== 'linux', 'follows the process tree through /proc (Linux only)');
  const child = spawn(
    process.execPath,
    [
      BIN,
      'run',
      join(ROOT, 'cases/accepted-default-access-token-api.yaml'),
      join(ROOT, 'cases/missing-claim-email.yaml'),
      '--workers',
      '2',
      '--json',
    ],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seen = new Map<number, string>();
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    await collectDescendants(child.pid!, seen);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const code = await exited;
  const left = (
    await Promise.all([...seen.keys()].map(async (pid) => [pid, await commandOf(pid)] as const))
  )
    .filter(([, command]) => command !== undefined)
    .map(([pid, command]) => `${pid} ${command}`);
  expect(code, stderr).toBe(0);
  expect(seen.size, 'the run started a runner, workers and browsers').toBeGreaterThan(3);
  expect(
    [...seen.values()].filter((name) => name.startsWith('chrom')).length,
    'both cases signed in through a browser',
  ).toBeGreaterThan(1);
  expect(left, 'processes still alive right after run exited').toEqual([]);
});
