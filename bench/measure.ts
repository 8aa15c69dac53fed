/**
 * Shared measuring tools of the benchmarks: medians, pairs measured alternately (so the shared
 * machine's noise falls on both sides alike), the machine's load printed beside the figures, the
 * time a process takes to print a given line, and the top self-time items of V8 CPU profiles.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/** The median (the lower middle of an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : NaN;
}

/** The 1, 5 and 15 minute load averages, for the line printed beside the figures. */
export function machineLoad(): string {
  return `machine load (1/5/15 min): ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`;
}

/** Runs each side `rounds` times, A then B then A…, and returns the samples of each side. */
export async function alternate<K extends string>(
  sides: Record<K, () => Promise<number>>,
  rounds: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(sides) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < rounds; i++) {
    // Which side goes first swaps every round: neither always gets the warmer machine.
    for (const name of i % 2 ? [...names].reverse() : names)
      samples[name].push(await sides[name]());
  }
  return samples;
}

/** One row of a table: now, the floor or peer, the ratio and the goal. */
export function ratioLine(
  what: string,
  now: number[],
  floor: number[],
  goal: number,
  floorName: string,
): string {
  const n = median(now);
  const f = median(floor);
  const ratio = n / f;
  return `${what}: ${n.toFixed(0)} ms | ${floorName}: ${f.toFixed(0)} ms | ratio ${ratio.toFixed(2)}× (goal ≤ ${goal}×)${ratio <= goal ? '' : ' — above goal'} | medians of ${now.length}`;
}

/**
 * Milliseconds from spawning `command` to the first stdout line `ready` accepts — or, with
 * `then`, to the end of what `then` does with that line (a first request, say); the process is
 * then stopped with SIGINT (so a `--cpu-prof` run writes its profile) and awaited.
 */
export function timeToLine(
  command: string,
  args: string[],
  ready: (line: string) => boolean,
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    then?: (line: string) => Promise<void>;
  } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let readyAt: number | undefined;
    let thenError: Error | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (readyAt !== undefined) return;
      out += chunk;
      const line = out.split('\n').slice(0, -1).find(ready);
      if (line === undefined) return;
      readyAt = -1;
      void (options.then ?? (async () => {}))(line)
        .then(
          () => (readyAt = performance.now() - started),
          (failure: unknown) => (thenError = failure as Error),
        )
        .finally(() => child.kill('SIGINT'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (thenError) reject(thenError);
      else if (readyAt !== undefined && readyAt >= 0) resolve(readyAt);
      else
        reject(
          new Error(
            `${args.join(' ')} exited (${code}) before its ready line:\n${err.slice(-1500)}`,
          ),
        );
    });
  });
}

/** Milliseconds a command takes from spawn to exit; rejects when it exits non-zero. */
export function timeToExit(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.join(' ')} exited ${code}:\n${err.slice(-1500)}`));
    });
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Shortens a script URL to its package (or the project's own path). */
function where(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith(root)) return path.slice(root.length);
  return path || '(native)';
}

/**
 * The top self-time items of every `.cpuprofile` in `dir`, summed over the profiles: by function
 * and by package or file. Garbage collection and program (native) time included; idle time left out.
 */
export function profileTop(dir: string, root: string, count = 8): string[] {
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const frame = nodes.get(id)!.callFrame;
      // Waiting (a server listening, a parent waiting for its child) is not work.
      if (frame.functionName === '(idle)') return;
      const place = where(frame.url, root);
      const fn = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
      byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
      total += ms;
    });
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([k, ms]) => `    ${ms.toFixed(0).padStart(5)} ms  ${k}`);
  return [
    `  ${files.length} process(es), ${total.toFixed(0)} ms sampled; top self time by function:`,
    ...top(byFunction),
    '  by package or file:',
    ...top(byPlace),
  ];
}
