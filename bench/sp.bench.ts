/**
 * Mock SP throughput: verify() in-process with a local key set (a valid token and a rejected
 * one; goal ≥ 2,000 verifications/s), the same over HTTP (keep-alive, sequential and 8 in
 * flight), and the SP's start-up time on port 0. Prints medians; stops within a few seconds.
 */
import { Agent, request } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startMockSp } from '../mock-sp/server.js';
import { verify } from '../mock-sp/verify.js';
import type { SpExpectation } from '../src/expectation.js';

const GOAL_PER_SECOND = 2000;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function line(name: string, samples: number[], extra = ''): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const p90 = quantile(sorted, 0.9);
  console.log(
    `${name}: median ${median.toFixed(3)} ms, p90 ${p90.toFixed(3)} ms, ${samples.length} runs${extra}`,
  );
}

/** Times `fn` `runs` times after a warm-up; returns per-call ms and calls per second overall. */
async function measure(
  fn: () => Promise<unknown>,
  runs: number,
): Promise<{ samples: number[]; perSecond: number; perCpuSecond: number }> {
  for (let i = 0; i < Math.min(200, runs); i++) await fn();
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // CPU seconds of this process (all its threads): the rate a machine to ourselves would give,
  // so a busy CI box does not make the wall-clock figure the only one.
  return {
    samples,
    perSecond: (runs * 1000) / wall,
    perCpuSecond: (runs * 1e6) / (used.user + used.system),
  };
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const keys = { keys: [jwk] };
  const issuer = 'https://bench.okta.example/oauth2/default';
  const expectation: SpExpectation = {
    issuer,
    audience: 'api://default',
    requireClaims: ['email'],
  };
  const mint = (claims: Record<string, unknown>) =>
    new SignJWT({
      iss: issuer,
      aud: 'api://default',
      scp: ['openid'],
      email: 'a@example.com',
      sub: 'a@example.com',
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  const valid = await mint({});
  const rejected = await mint({ aud: '0oa1client', email: undefined });
  if (!(await verify(valid, expectation, { keys })).accepted)
    throw new Error('bench: the valid token was rejected');
  if ((await verify(rejected, expectation, { keys })).accepted)
    throw new Error('bench: the bad token was accepted');

  const runs = 3000;
  for (const [name, token] of [
    ['verify valid token (in-process)', valid],
    ['verify rejected token (in-process)', rejected],
  ] as const) {
    const { samples, perSecond, perCpuSecond } = await measure(
      () => verify(token, expectation, { keys }),
      runs,
    );
    const verdict = perSecond >= GOAL_PER_SECOND ? 'goal met' : 'below goal';
    line(
      name,
      samples,
      ` — ${Math.round(perSecond)} verifications/s wall (goal ≥ ${GOAL_PER_SECOND}/s: ${verdict}), ${Math.round(perCpuSecond)}/s per CPU second`,
    );
  }

  // An SP verifies requests concurrently; jose's WebCrypto work then overlaps on the thread pool.
  {
    const total = 6000;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < total) await verify(valid, expectation, { keys });
      }),
    );
    const perSecond = (total * 1000) / (performance.now() - started);
    const verdict = perSecond >= GOAL_PER_SECOND ? 'goal met' : 'below goal';
    console.log(
      `verify valid token (in-process, 8 in flight): ${Math.round(perSecond)} verifications/s wall (goal ≥ ${GOAL_PER_SECOND}/s: ${verdict}), ${total} verifications`,
    );
  }

  const startSamples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const s = await startMockSp({ profiles: { api: expectation }, keys });
    startSamples.push(performance.now() - t);
    await s.close();
  }
  line('startMockSp on port 0', startSamples);

  const sp = await startMockSp({ profiles: { api: expectation }, keys });
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const get = (token: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        sp.resourceUrl(),
        { agent, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
  if ((await get(valid)) !== 200 || (await get(rejected)) !== 401)
    throw new Error('bench: unexpected HTTP status');
  for (const [name, token] of [
    ['GET /api/me valid token (HTTP, sequential)', valid],
    ['GET /api/me rejected token (HTTP, sequential)', rejected],
  ] as const) {
    const { samples, perSecond, perCpuSecond } = await measure(() => get(token), 1000);
    // Client and server share this process, so the CPU figure counts both sides.
    line(
      name,
      samples,
      ` — ${Math.round(perSecond)} requests/s wall, ${Math.round(perCpuSecond)}/s per CPU second`,
    );
  }
  const total = 2000;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next++ < total) await get(valid);
    }),
  );
  console.log(
    `GET /api/me valid token (HTTP, 8 in flight): ${Math.round((total * 1000) / (performance.now() - started))} requests/s, ${total} requests`,
  );
  agent.destroy();
  await sp.close();
}

main().catch((err: unknown) => {
  console.error(`sp bench failed: ${(err as Error).message}`);
  process.exit(1);
});
