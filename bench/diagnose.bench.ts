/**
 * `oidc-harness diagnose` speed, each beside its floor measured alternately in the same run:
 * - a token (goal: median under 0.3 s), beside `node -e ''` — starting node is the floor;
 * - a generated 50 MB HAR shaped like Chrome's export — a sign-in, API calls with tokens in
 *   headers and JSON bodies, large script and JSON bodies, a few 401s (goal: median under 2 s),
 *   beside `node` reading and JSON-parsing the same file, which no reader of a HAR can beat.
 * Run with `npm run bench -- diagnose`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, SignJWT } from 'jose';
import { alternate, machineLoad, median } from './measure.js';

const BIN = fileURLToPath(new URL('../../bin/oidc-harness.js', import.meta.url));
const ROUNDS = 7;
const ISSUER = 'https://dev-123456.okta.com/oauth2/default';
const CLIENT_ID = '0oa1b2c3d4e5f6g7h8i9';
const T0 = Date.parse('2025-11-20T10:00:00.000Z');

const { privateKey } = await generateKeyPair('RS256');
const iat = Math.floor(T0 / 1000);
const sign = (payload: Record<string, unknown>) =>
  new SignJWT({ ver: 1, iss: ISSUER, iat, exp: iat + 3600, ...payload })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .sign(privateKey);
const access = await sign({
  jti: 'AT.1',
  aud: 'api://default',
  cid: CLIENT_ID,
  scp: ['openid'],
  sub: 'a@example.com',
  uid: '00u1',
});
const id = await sign({ jti: 'ID.1', aud: CLIENT_ID, sub: '00u1', amr: ['pwd'], at_hash: 'h' });

/** One Chrome-shaped entry. */
function entry(
  n: number,
  o: {
    url: string;
    status: number;
    method?: string;
    headers?: Record<string, string>;
    json?: unknown;
    body: string;
    mime: string;
  },
) {
  return {
    _connectionId: '4211',
    _initiator: { type: 'script', stack: { callFrames: [] } },
    _priority: 'High',
    _resourceType: 'fetch',
    cache: {},
    connection: '443',
    pageref: 'page_3',
    request: {
      method: o.method ?? 'GET',
      url: o.url,
      httpVersion: 'http/2.0',
      headers: Object.entries({ accept: '*/*', 'user-agent': 'Mozilla/5.0', ...o.headers }).map(
        ([name, value]) => ({ name, value }),
      ),
      queryString: [],
      cookies: [
        {
          name: 'app',
          value: 's-1',
          path: '/',
          domain: 'app.example.com',
          httpOnly: true,
          secure: true,
        },
      ],
      headersSize: -1,
      bodySize: 0,
      ...(o.json
        ? { postData: { mimeType: 'application/json', text: JSON.stringify(o.json) } }
        : {}),
    },
    response: {
      status: o.status,
      statusText: '',
      httpVersion: 'http/2.0',
      headers: [{ name: 'content-type', value: o.mime }],
      cookies: [],
      content: { size: o.body.length, mimeType: o.mime, text: o.body },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: o.body.length + 300,
      _error: null,
    },
    serverIPAddress: '203.0.113.7',
    startedDateTime: new Date(T0 + n * 10).toISOString(),
    time: 20,
    timings: {
      blocked: 0.5,
      dns: -1,
      ssl: -1,
      connect: -1,
      send: 1,
      wait: 18,
      receive: 0.5,
      _blocked_queueing: 0.5,
    },
  };
}

function writeHar(file: string, mb: number): number {
  const script = 'function f(){return 1}\n'.repeat(1500);
  const json = JSON.stringify({
    items: Array.from({ length: 300 }, (_, i) => ({ id: i, name: `item ${i}` })),
  });
  const parts: string[] = [
    JSON.stringify(
      entry(0, {
        url: `${ISSUER}/v1/token`,
        method: 'POST',
        status: 200,
        mime: 'application/json',
        body: JSON.stringify({ token_type: 'Bearer', access_token: access, id_token: id }),
      }),
    ),
  ];
  let size = parts[0]!.length;
  let n = 1;
  while (size < mb * 1024 * 1024) {
    const k = n % 10;
    const e =
      k === 0
        ? entry(n, {
            url: `https://app.example.com/api/orders/${n}`,
            status: 401,
            headers: { authorization: `Bearer ${access}` },
            mime: 'application/json',
            body: '{"message":"jwt audience invalid. expected: api://orders"}',
          })
        : k === 1
          ? entry(n, {
              url: 'https://app.example.com/api/session',
              method: 'POST',
              status: 200,
              json: { idToken: id },
              mime: 'application/json',
              body: json,
            })
          : k < 5
            ? entry(n, {
                url: `https://cdn.example.com/chunk-${n}.js`,
                status: 200,
                mime: 'text/javascript',
                body: script,
              })
            : entry(n, {
                url: `https://app.example.com/api/items?page=${n}`,
                status: 200,
                headers: { authorization: `Bearer ${access}` },
                mime: 'application/json',
                body: json,
              });
    const s = JSON.stringify(e);
    parts.push(s);
    size += s.length + 1;
    n++;
  }
  const pages = [
    {
      startedDateTime: new Date(T0).toISOString(),
      id: 'page_3',
      title: 'https://app.example.com/',
      pageTimings: { onContentLoad: 120, onLoad: 180 },
    },
  ];
  writeFileSync(
    file,
    `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":${JSON.stringify(pages)},"entries":[${parts.join(',')}]}}`,
  );
  return n;
}

const node = process.execPath;
const dir = mkdtempSync(join(tmpdir(), 'oidc-harness-bench-diagnose-'));
try {
  console.log(machineLoad());
  // diagnose exits 1 when it finds a problem: an expectation the token meets keeps it at 0.
  const token = await alternate(
    {
      floor: () => timeOf(node, ['-e', '']),
      diagnose: () =>
        timeOf(node, [
          BIN,
          'diagnose',
          '--token',
          access,
          '--audience',
          'api://default',
          '--issuer',
          ISSUER,
          '--json',
        ]),
    },
    ROUNDS,
  );
  report('diagnose --token', token.diagnose, token.floor, "node -e ''", 300);

  const file = join(dir, 'big.har');
  const entries = writeHar(file, 50);
  console.log(`generated HAR: 50 MB, ${entries} entries (${(entries / 10) | 0} rejections)`);
  const har = await alternate(
    {
      floor: () =>
        timeOf(node, [
          '-e',
          `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`,
        ]),
      diagnose: () => timeOf(node, [BIN, 'diagnose', '--har', file, '--json']),
    },
    5,
  );
  report('diagnose --har (50 MB)', har.diagnose, har.floor, 'node read + JSON.parse', 2000);
  console.log(machineLoad());
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Milliseconds from spawn to exit; exit 0 or 1 (a diagnosis found) both count. */
async function timeOf(command: string, args: string[]): Promise<number> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('exit', (code) => {
      if (code === 0 || code === 1) resolve(performance.now() - started);
      else reject(new Error(`${args.slice(0, 3).join(' ')} exited ${code}: ${err.slice(-800)}`));
    });
  });
}

function report(
  what: string,
  now: number[],
  floor: number[],
  floorName: string,
  goalMs: number,
): void {
  const n = median(now);
  const f = median(floor);
  console.log(
    `${what}: median ${n.toFixed(0)} ms | ${floorName}: ${f.toFixed(0)} ms | ratio ${(n / f).toFixed(2)}× | goal < ${goalMs} ms: ${n < goalMs ? 'met' : 'NOT met'} | medians of ${now.length}`,
  );
}
