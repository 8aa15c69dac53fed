/**
 * Starting and stopping a server binary so that nothing is left behind: its own process group
 * (stopped as a group: SIGTERM, then SIGKILL), a kill on Node's exit, and a watchdog shell that
 * stops it when Node dies without running exit hooks (the watchdog's stdin is a pipe from Node;
 * end of file there means Node is gone).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** Process groups still running, killed synchronously when Node exits. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  });
}

/** True while any process of the group exists (a zombie awaiting its reaper counts). */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until no process of the group is left. SIGKILL is delivered when each process next runs,
 * so on a busy machine the watchdog shell can be reaped before the program it ran has died.
 * Bounded: a zombie whose reaper never collects it must not hang the caller.
 */
async function groupGone(pgid: number, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupExists(pgid) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone already
  }
}

/**
 * The watchdog: runs the program with stdin from /dev/null, and a background reader on Node's
 * pipe (fd 3) that terminates the program at end of file. Exits with the program's status.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'child=$!',
  '( read -r _ <&3; kill -TERM "$child" 2>/dev/null ) &',
  'watch=$!',
  // The group's SIGTERM is for the program: the shell waits for it to finish shutting down.
  "trap '' TERM",
  'wait "$child"; status=$?',
  'kill -KILL "$watch" 2>/dev/null',
  'exit "$status"',
].join('\n');

/** A program running in its own process group. */
export interface GroupProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far (start-up errors go there before the program's own log opens). */
  output(): string;
  /** Resolves with the exit code (or signal name) once the program and its whole group are gone. */
  readonly exited: Promise<number | string>;
  /** Stops the whole group and waits for it: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command args…` under the watchdog in a new process group. */
export function spawnInGroup(command: string, args: string[]): GroupProcess {
  installExitHook();
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', command, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start ${command}`);
  liveGroups.add(pgid);
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      liveGroups.delete(pgid);
      // Any stragglers of the group (the watchdog's reader) go with it.
      killGroup(pgid, 'SIGKILL');
      void groupGone(pgid).then(() => resolve(code ?? signal ?? 'unknown'));
    });
  });
  // Neither the child nor its pipes keep Node alive; the exit hook and watchdog clean up.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return {
    child,
    output: () => out,
    exited,
    async stop(graceMs = 5_000) {
      if (!liveGroups.has(pgid)) {
        await exited;
        return;
      }
      killGroup(pgid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pgid, 'SIGKILL'), graceMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
