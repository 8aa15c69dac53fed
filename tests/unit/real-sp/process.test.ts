import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { spawnInGroup } from '../../../real-sp/child-process.js';

// The process-group runner behind the Apache RP: whatever happens to the test, the server goes.

/** True while a process with this pid exists (and is not a zombie). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** The pid of the program the watchdog runs: the shell's child whose command is `sleep`. */
async function programPid(shellPid: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    try {
      const children = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .map(Number);
      for (const pid of children) {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep')) return pid;
      }
    } catch {
      // not forked yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the program never started');
}

test('stop() ends the program and the watchdog together', async () => {
  const proc = spawnInGroup('sleep', ['300']);
  const pid = await programPid(proc.child.pid!);
  expect(alive(pid)).toBe(true);
  await proc.stop();
  expect(alive(pid)).toBe(false);
  expect(alive(proc.child.pid!)).toBe(false);
});

test('when Node goes away (its pipe closes), the watchdog stops the program', async () => {
  const proc = spawnInGroup('sleep', ['300']);
  const pid = await programPid(proc.child.pid!);
  // What Node's death looks like to the watchdog: end of file on its stdin.
  proc.child.stdin?.end();
  const status = await proc.exited;
  expect(status).not.toBe(0);
  expect(alive(pid)).toBe(false);
});

test('a program that ignores SIGTERM is killed after the grace period', async () => {
  const proc = spawnInGroup('sh', ['-c', "trap '' TERM; exec sleep 300"]);
  const pid = await programPid(proc.child.pid!);
  const t0 = Date.now();
  await proc.stop(300);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  expect(alive(pid)).toBe(false);
});

test('start-up output is kept for error messages', async () => {
  const proc = spawnInGroup('sh', ['-c', 'echo "AH00526: Syntax error" >&2; exit 1']);
  expect(await proc.exited).toBe(1);
  expect(proc.output()).toContain('AH00526: Syntax error');
});
