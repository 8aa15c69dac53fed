/**
 * Load on `oidc-harness serve`, loopback only, bounded in time: autocannon (20 connections,
 * DURATION_S seconds per target) against the emulator's discovery document and keys and the
 * mock SP, and — as the floor measured in the same run, before and after — a bare Node HTTP
 * server in its own process answering the same discovery JSON. Prints req/s, p99 latency, non-2xx and errors, the
 * ratio to the floor, and the peak resident memory of the `serve` process (VmHWM).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const BIN = fileURLToPath(new URL('../../bin/oidc-harness.js', import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 20;

/** Starts a child and resolves with its first stdout line. */
async function firstLine(child: ChildProcess, what: string): Promise<string> {
  let text = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    for await (const chunk of child.stdout!) {
      text += String(chunk);
      const nl = text.indexOf('\n');
      if (nl >= 0) return text.slice(0, nl);
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`${what} exited before printing its address`);
}

/** A bare node:http server in its own process that answers every request with `body`. */
const FLOOR_SOURCE = `
const http = require('node:http');
const body = process.env.BODY;
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

interface Measured {
  name: string;
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, url: string, init: Partial<autocannon.Options> = {}) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...init });
  return {
    name,
    rps: r.requests.average,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  } satisfies Measured;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function main() {
  const serve = spawn(process.execPath, [BIN, 'serve', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const floor = spawn(process.execPath, ['-e', FLOOR_SOURCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BODY: '{}' },
  });
  try {
    const info = JSON.parse(await firstLine(serve, 'serve')) as {
      idp: { url: string; issuer: string };
      sp: { url: string };
    };
    const discovery = `${info.idp.url}/oauth2/default/.well-known/openid-configuration`;
    const body = await (await fetch(discovery)).text();
    // The floor answers the same bytes as the emulator's discovery document.
    await stop(floor);
    const sameFloor = spawn(process.execPath, ['-e', FLOOR_SOURCE], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BODY: body },
    });
    try {
      const floorUrl = await firstLine(sameFloor, 'the floor server');
      // The floor runs first and last, so a neighbour's load on the machine shows as a spread.
      const floorBefore = await load('floor before: bare node:http, same JSON', floorUrl);
      const runs = [
        await load('serve: discovery document', discovery),
        await load('serve: keys', `${info.idp.url}/oauth2/default/v1/keys`),
        await load('serve: mock SP, no token (401)', info.sp.url),
      ];
      const floorAfter = await load('floor after: bare node:http, same JSON', floorUrl);
      const floorRps = (floorBefore.rps + floorAfter.rps) / 2;
      console.log(
        `${CONNECTIONS} connections, ${DURATION_S} s per target, loopback (node ${process.version})`,
      );
      for (const m of [floorBefore, ...runs, floorAfter]) {
        const isFloor = m === floorBefore || m === floorAfter;
        const ratio = isFloor ? '' : `, ${(m.rps / floorRps).toFixed(2)}× the floor's mean`;
        console.log(
          `${m.name}: ${Math.round(m.rps)} req/s, p99 ${m.p99} ms, non-2xx ${m.non2xx}, errors ${m.errors}${ratio}`,
        );
      }
      console.log(`serve peak memory (VmHWM): ${peakRssMb(serve.pid!).toFixed(0)} MB`);
      const broken = runs.filter((m) => m.errors > 0);
      if (broken.length > 0) process.exitCode = 1;
    } finally {
      await stop(sameFloor);
    }
  } finally {
    await stop(floor);
    await stop(serve);
  }
}

await main();
