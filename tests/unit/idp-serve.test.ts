/**
 * `oidc-harness serve --json` through the package's bin (needs `npm run build`, which `npm test`
 * runs first): one JSON line once listening, nothing on stderr (no oidc-provider warnings),
 * a clean exit on SIGTERM, and the same signing keys from run to run on a pinned port.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServeIdpInfo } from '../../src/serve/contract.js';
import { freeLoopbackPort } from '../../src/net/loopback.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}bin/oidc-harness.js`;

test.beforeAll(() => {
  expect(
    existsSync(`${root}dist/src/cli/serve.js`),
    'dist/ is missing or stale: run `npm run build` first',
  ).toBe(true);
});

interface Served {
  info: {
    idp: ServeIdpInfo;
    sp: { url: string; expect: Record<string, unknown> };
  };
  stop(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'serve', '--json', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no JSON line within 20 s; stderr: ${stderr}`)),
      20_000,
    );
    let done = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (nl >= 0 && !done) {
        done = true;
        clearTimeout(timer);
        resolve({
          info: JSON.parse(stdout.slice(0, nl)),
          stop: async () => {
            child.kill('SIGTERM');
            const code = await exited;
            return { code, stdout, stderr };
          },
        });
      }
    });
    exited.then((code) =>
      reject(new Error(`serve exited with ${code} before printing; stderr: ${stderr}`)),
    );
  });
}

test('serve --json prints one JSON line, serves, and exits 0 on SIGTERM with nothing on stderr', async () => {
  const served = await serve([]);
  const { idp, sp } = served.info;
  expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(idp.orgIssuer).toBe(idp.url);
  expect(idp.issuers).toEqual({ default: `${idp.url}/oauth2/default` });
  expect(idp.clientId).toMatch(/^0oa/);
  expect(typeof idp.clientSecret).toBe('string');
  expect(idp.redirectUris.length).toBeGreaterThan(0);
  expect(idp.apiToken.length).toBeGreaterThan(10);
  expect(idp.users[0]).toEqual({ login: 'alice@example.com', password: expect.any(String) });
  expect(sp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  const discovery = await fetch(`${idp.issuers.default}/.well-known/openid-configuration`);
  expect(((await discovery.json()) as { issuer: string }).issuer).toBe(idp.issuers.default);
  const logs = await fetch(`${idp.url}/api/v1/logs`, {
    headers: { authorization: `SSWS ${idp.apiToken}` },
  });
  expect(logs.status).toBe(200);
  const { code, stdout, stderr } = await served.stop();
  expect(code).toBe(0);
  expect(stdout.trim().split('\n')).toHaveLength(1);
  expect(stderr).toBe('');
});

test('a pinned --idp-port keeps the signing keys from run to run', async () => {
  const port = await freeLoopbackPort();
  const kids = async () => {
    const served = await serve(['--idp-port', String(port)]);
    expect(served.info.idp.url).toBe(`http://127.0.0.1:${port}`);
    const org = (await (await fetch(`${served.info.idp.url}/oauth2/v1/keys`)).json()) as {
      keys: Array<{ kid: string; n: string }>;
    };
    const def = (await (await fetch(`${served.info.idp.issuers.default}/v1/keys`)).json()) as {
      keys: Array<{ kid: string; n: string }>;
    };
    expect((await served.stop()).code).toBe(0);
    return [org.keys, def.keys];
  };
  const first = await kids();
  const second = await kids();
  expect(second).toEqual(first);
});

test('a bad flag is one line on stderr and exit code 2', async () => {
  const child = spawn(process.execPath, [bin, 'serve', '--idp-port', 'http'], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  expect(code).toBe(2);
  expect(stderr.trim()).toBe(
    'oidc-harness: --idp-port: expected a port number 0–65535, got "http"',
  );
});

test('a stop right after the JSON line still closes both servers and exits 0', async () => {
  const served = await serve([]);
  const { code, stderr } = await served.stop();
  expect(code).toBe(0);
  expect(stderr).toBe('');
});
