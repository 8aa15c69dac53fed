/**
 * Every example in every command's --help, run as written in a shell. The inputs the examples
 * name are made first — `$AT` (an access token), `id_token.txt`, `keys.json`, `sign-in.har` and
 * a `pbpaste` that prints a token — and the shell's `oidc-harness` is the built bin. An example
 * that needs what a test machine can't have (a real Okta tenant, an SP started by the user, a
 * display) is skipped with the reason printed. The rest must end as the command promises for
 * valid input: exit 0, or 1 where it found a problem; never 2 (bad input) or a stack trace.
 */
import { test, expect } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../mock-idp/index.js';
import { BIN, ROOT, commandNames, helpExamples } from '../support/run-node.js';

const COMMANDS = commandNames();

/** Why an example can't run on a test machine, or undefined when it can. */
function whySkipped(example: string): string | undefined {
  if (/OKTA_DOMAIN=|--domain /.test(example))
    return 'needs a real Okta tenant (the values in it are placeholders)';
  if (/--sp (?:\w+=)?http/.test(example))
    return 'needs the SP the example names, started by the user on that URL';
  if (/--headed/.test(example) && !process.env.DISPLAY && process.platform === 'linux')
    return 'needs a display (--headed); none here (DISPLAY is not set)';
  const path = /--browser-path (\S+)/.exec(example)?.[1];
  if (path && !existsSync(path)) return `needs a browser at ${path}`;
  return undefined;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

interface Shell {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `example` in bash. A `serve` example runs until its first line is out, then gets SIGTERM
 * (it stays up until Ctrl-C or SIGTERM, by design).
 */
function sh(example: string, cwd: string, env: NodeJS.ProcessEnv, serve: boolean): Promise<Shell> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', serve ? `exec ${example}` : example], { cwd, env });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Once: a second SIGTERM would be a "stop now" (Node's default action).
      if (serve && !stopped && /\n/.test(stdout)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let env: NodeJS.ProcessEnv;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'help-examples-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // The examples' `oidc-harness` is the built bin; `cases/` is the catalogue that ships.
  symlinkSync(BIN, join(bin, 'oidc-harness'));
  symlinkSync(join(ROOT, 'cases'), join(dir, 'cases'));
  const idp = await startEmulator();
  try {
    const at = await idp.mintToken({ server: 'default', kind: 'access_token' });
    const idToken = await idp.mintToken({ server: 'default', kind: 'id_token' });
    const keys = await (await fetch(`${idp.issuer('default')}/v1/keys`)).text();
    writeFileSync(join(dir, 'id_token.txt'), `${idToken}\n`);
    writeFileSync(join(dir, 'keys.json'), keys);
    // macOS's clipboard command, here printing a copied token.
    writeFileSync(
      join(bin, 'pbpaste'),
      `#!/bin/sh\ncat ${JSON.stringify(join(dir, 'id_token.txt'))}\n`,
    );
    chmodSync(join(bin, 'pbpaste'), 0o755);
    // A browser export of one API call that was refused.
    const api = 'http://127.0.0.1:9/api/orders';
    writeFileSync(
      join(dir, 'sign-in.har'),
      JSON.stringify({
        log: {
          version: '1.2',
          creator: { name: 'WebInspector', version: '537.36' },
          pages: [],
          entries: [
            {
              startedDateTime: new Date().toISOString(),
              time: 12,
              request: {
                method: 'GET',
                url: api,
                httpVersion: 'HTTP/1.1',
                headers: [{ name: 'Authorization', value: `Bearer ${at}` }],
                queryString: [],
                cookies: [],
                headersSize: -1,
                bodySize: 0,
              },
              response: {
                status: 401,
                statusText: 'Unauthorized',
                httpVersion: 'HTTP/1.1',
                headers: [
                  {
                    name: 'WWW-Authenticate',
                    value: 'Bearer error="invalid_token", error_description="jwt audience invalid"',
                  },
                ],
                cookies: [],
                content: { size: 0, mimeType: 'text/plain' },
                redirectURL: '',
                headersSize: -1,
                bodySize: 0,
              },
              cache: {},
              timings: { send: 1, wait: 10, receive: 1 },
            },
          ],
        },
      }),
    );
    env = { ...process.env, NO_COLOR: '1', AT: at, PATH: `${bin}:${process.env.PATH ?? ''}` };
  } finally {
    await idp.close();
  }
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The help texts are read while the file is collected, so each example is a test of its own
// (and an example that can't run here is a skipped test with its reason).
const helps = COMMANDS.map((command) => ({
  command,
  list: helpExamples(
    execFileSync(process.execPath, [BIN, command, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    }),
  ),
}));

test('every command has examples in its help', () => {
  expect(helps.filter((h) => h.list.length === 0).map((h) => h.command)).toEqual([]);
});

for (const { command, list } of helps) {
  for (const example of list) {
    test(`${command} example: ${example}`, async () => {
      test.setTimeout(120_000);
      const skipped = whySkipped(example);
      test.skip(skipped !== undefined, skipped);
      const port = /--idp-port (\d+)/.exec(example)?.[1];
      test.skip(
        port !== undefined && !(await portIsFree(Number(port))),
        `port ${port} is taken on this machine`,
      );
      // `npx` finds the bin in the package's own folder, as in a project that installed it.
      const cwd = example.includes('npx ') ? ROOT : dir;
      const r = await sh(example, cwd, env, command === 'serve');
      const said = `${example}\nexit ${r.code}\n${r.stderr.slice(-1500)}`;
      if (command === 'serve') {
        expect(r.stdout, said).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
        expect(r.code, said).toBe(0);
      } else {
        expect([0, 1], said).toContain(r.code);
      }
      expect(r.stderr, said).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(r.stderr, said).not.toMatch(/unknown option|error: option|too many arguments/);
    });
  }
}
