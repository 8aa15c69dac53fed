/**
 * The emulator served as a tenant stand-in, the way a user starts it: `oidc-harness serve --json`
 * in a child process, its redirect URI registered through a case file, and the OKTA_* variables
 * that point the real-Okta code path at it. No tenant is reachable from CI; this is how the
 * real-tenant path is proven end to end (same code, only the URL differs).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/net/loopback.js';
import type { ServeIdpInfo, ServeJsonLine } from '../../src/serve/contract.js';

/** The `idp` line `serve --json` prints (interface.md). */
export type StandInInfo = ServeIdpInfo;

/** A served stand-in. */
export interface StandIn {
  info: StandInInfo;
  /** The OKTA_* variables that name it as the tenant. */
  env: Record<string, string>;
  /** Stops the server (SIGTERM) and removes its case file. */
  stop(): Promise<void>;
}

/** The package's bin (it runs the compiled CLI in dist/). */
const BIN = fileURLToPath(new URL('../../bin/oidc-harness.js', import.meta.url));

/**
 * Starts `oidc-harness serve --json` with the app's redirect URIs set to `redirectUris` (default:
 * one `http://127.0.0.1:{free port}/authorization-code/callback`). Needs `npm run build`.
 */
export async function serveStandIn(
  options: {
    redirectUris?: string[];
    authServer?: string;
    timeoutMs?: number;
    /** More of the case's `idp` section, e.g. `{ signInWidget: 'classic' }`. */
    idp?: Record<string, unknown>;
  } = {},
): Promise<StandIn> {
  const redirectUris = options.redirectUris ?? [
    `http://127.0.0.1:${await freeLoopbackPort()}/authorization-code/callback`,
  ];
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-stand-in-'));
  const caseFile = join(dir, 'stand-in.json');
  await writeFile(
    caseFile,
    JSON.stringify({
      name: 'tenant stand-in',
      idp: { ...options.idp, app: { redirectUris } },
      client: { flow: 'code' },
      sp: { send: 'access_token' },
      expect: { outcome: 'accepted' },
    }),
  );
  const child = spawn(process.execPath, [BIN, 'serve', caseFile, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  let info: StandInInfo;
  try {
    info = await new Promise<StandInInfo>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serve printed no JSON line within the time; stderr: ${stderr}`)),
        options.timeoutMs ?? 20_000,
      );
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code} before listening; stderr: ${stderr}`));
      });
      child.stdout.on('data', (d) => {
        stdout += d;
        const nl = stdout.indexOf('\n');
        if (nl < 0) return;
        clearTimeout(timer);
        try {
          resolve((JSON.parse(stdout.slice(0, nl)) as ServeJsonLine).idp);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
  } catch (err) {
    await cleanup();
    throw err;
  }
  const user = info.users[0];
  if (!user) {
    await cleanup();
    throw new Error('the stand-in has no user');
  }
  const env: Record<string, string> = {
    OKTA_DOMAIN: info.url,
    OKTA_CLIENT_ID: info.clientId,
    OKTA_REDIRECT_URI: redirectUris[0] as string,
    OKTA_USERNAME: user.login,
    OKTA_PASSWORD: user.password,
    OKTA_AUTH_SERVER: options.authServer ?? 'default',
    OKTA_API_TOKEN: info.apiToken,
  };
  if (info.clientSecret) env.OKTA_CLIENT_SECRET = info.clientSecret;
  return { info, env, stop: cleanup };
}
