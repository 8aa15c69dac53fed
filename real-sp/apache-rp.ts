/**
 * Apache httpd with mod_auth_openidc (Debian `apache2`, `libapache2-mod-auth-openidc`) as a
 * relying party that signs users in against an OpenID provider — the usual shape of a
 * third-party app (SP-initiated SSO). Our own binary run with our own config in a temp dir,
 * never Debian's system service; stopped as a process group, with nothing left behind.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  APACHE_MODULES,
  APACHE_MODULES_DIR,
  API_PAGE,
  PROTECTED_PAGE,
  REDIRECT_PATH,
  renderApacheConfig,
} from './apache-config.js';
import { spawnInGroup } from './child-process.js';
import type { GroupProcess } from './child-process.js';
import { freeLoopbackPort } from '../src/net/loopback.js';
import { optionalClaimNames, requireHttpUrl, requireText } from './options.js';
import { writePublicKeyFiles } from './pem-keys.js';
import type { RunningSp } from './types.js';
import {
  APACHE_BINARY,
  apacheMissingMessage,
  realSpFilesMissing,
} from '../src/setup/real-sp-packages.js';
import { redactSecrets } from '../src/token/redact.js';

export { APACHE_BINARY };

export interface ApacheRpOptions {
  /** The provider's issuer; discovery is `{issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** Overrides the discovery URL (`OIDCProviderMetadataURL`). */
  metadataUrl?: string;
  clientId: string;
  clientSecret: string;
  /** `OIDCScope`. Default `openid email profile`. */
  scope?: string;
  /** `OIDCRemoteUserClaim`: the claim that names the user. Default `email`. */
  remoteUserClaim?: string;
  /** Claims the page demands be present (`Require claim NAME~.`), besides the user claim. */
  requireClaims?: string[];
  /**
   * Also protect `/api/` as a bearer API (`AuthType oauth20`): signature and expiry checked by
   * the module with the provider's keys, fetched once at start from `jwksUri` (default
   * `{issuer}/v1/keys`), and `Require claim` on `aud` (default `api://default`) and `iss`.
   */
  bearerApi?: { audience?: string; jwksUri?: string };
  /** A fixed port (e.g. one registered as the redirect URI already). Default: a free one. */
  port?: number;
  /** How long to wait for Apache to accept connections. Default 15 s. */
  startTimeoutMs?: number;
}

/** A running Apache RP. `url` is the protected page `…/protected/`. */
export interface RunningApacheRp extends RunningSp {
  /** The bearer API `…/api/` when `bearerApi` was asked for. */
  apiUrl?: string;
  /** The redirect URI Apache uses; it must be registered with the provider's app. */
  redirectUri: string;
  port: number;
  /** Apache's error log (mod_auth_openidc's reasons at `info`) and start-up output. */
  logs(): string;
}

const WHERE = 'startApacheRp';

/** Temp dirs of running instances, removed on Node's exit when a test never called close(). */
const liveDirs = new Set<string>();
process.on('exit', () => {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});

/** The redirect URI Apache will use on `port`, to register with the provider before starting. */
export function apacheRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${REDIRECT_PATH}`;
}

/** Throws a clear message when Apache or a module the RP needs is not installed. */
export function assertApacheInstalled(): void {
  const missing = [
    APACHE_BINARY,
    ...APACHE_MODULES.map(([, file]) => `${APACHE_MODULES_DIR}/${file}`),
  ].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    // Without the packages every module is missing: name the packages' own files then.
    const named = realSpFilesMissing();
    throw new Error(`${WHERE}: ${apacheMissingMessage(named.length > 0 ? named : missing)}`);
  }
}

/**
 * Writes the config into a fresh temp dir, starts `apache2 -DFOREGROUND -f <conf>` on 127.0.0.1, waits
 * until it accepts connections. Retries once with another port if the free port was taken
 * meanwhile. On failure the message carries Apache's own start-up output.
 */
export async function startApacheRp(opts: ApacheRpOptions): Promise<RunningApacheRp> {
  const issuer = requireHttpUrl(`${WHERE}: option "issuer"`, opts?.issuer);
  const metadataUrl = requireHttpUrl(
    `${WHERE}: option "metadataUrl"`,
    opts.metadataUrl ?? `${issuer}/.well-known/openid-configuration`,
  );
  const clientId = requireText(`${WHERE}: option "clientId"`, opts.clientId);
  if (typeof opts.clientSecret !== 'string' || opts.clientSecret === '') {
    throw new Error(`${WHERE}: option "clientSecret": expected a non-empty string`);
  }
  const requireClaims = optionalClaimNames(`${WHERE}: option "requireClaims"`, opts.requireClaims);
  const remoteUserClaim = requireText(
    `${WHERE}: option "remoteUserClaim"`,
    opts.remoteUserClaim ?? 'email',
  );
  if (!/^[A-Za-z0-9_.:-]+$/.test(remoteUserClaim)) {
    throw new Error(
      `${WHERE}: option "remoteUserClaim": expected a claim name, got ${remoteUserClaim}`,
    );
  }
  if (
    opts.port !== undefined &&
    !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)
  ) {
    throw new Error(
      `${WHERE}: option "port": expected a TCP port number, got ${String(opts.port)}`,
    );
  }
  assertApacheInstalled();

  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-apache-'));
  liveDirs.add(dir);
  const removeDir = async () => {
    await rm(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  };
  try {
    // Started as root, Apache's workers drop to nobody: they must still read the pages.
    const runAs = process.getuid?.() === 0 ? { user: 'nobody', group: 'nogroup' } : undefined;
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'htdocs', 'protected'), { recursive: true, mode: 0o755 });
    await writeFile(join(dir, 'htdocs', 'protected', 'index.shtml'), PROTECTED_PAGE, {
      mode: 0o644,
    });
    const confPath = join(dir, 'httpd.conf');
    let bearer: { keyFiles: string[]; audience: string; issuer: string } | undefined;
    if (opts.bearerApi) {
      const jwksUri = requireHttpUrl(
        `${WHERE}: option "bearerApi.jwksUri"`,
        opts.bearerApi.jwksUri ?? `${issuer}/v1/keys`,
      );
      const audience = requireText(
        `${WHERE}: option "bearerApi.audience"`,
        opts.bearerApi.audience ?? 'api://default',
      );
      await mkdir(join(dir, 'htdocs', 'api'), { mode: 0o755 });
      await writeFile(join(dir, 'htdocs', 'api', 'index.shtml'), API_PAGE, { mode: 0o644 });
      const keyFiles = await writePublicKeyFiles(jwksUri, join(dir, 'keys'));
      bearer = { keyFiles, audience, issuer };
    }
    const attempts = opts.port === undefined ? 2 : 1;
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const port = opts.port ?? (await freeLoopbackPort());
      const cryptoPassphrase = randomBytes(24).toString('base64url');
      const secrets = [opts.clientSecret, cryptoPassphrase];
      const conf = renderApacheConfig({
        dir,
        port,
        metadataUrl,
        clientId,
        clientSecret: opts.clientSecret,
        cryptoPassphrase,
        scope: opts.scope ?? 'openid email profile',
        remoteUserClaim,
        requireClaimValues: requireClaims.map((name) => `${name}~.`),
        runAs,
        ...(bearer ? { bearer } : {}),
      });
      // It holds the client secret: owner-only (Apache reads it before dropping privileges).
      await writeFile(confPath, conf, { mode: 0o600 });
      const proc = spawnInGroup(APACHE_BINARY, ['-DFOREGROUND', '-f', confPath]);
      try {
        await waitUntilListening(proc, port, opts.startTimeoutMs ?? 15_000);
      } catch (err) {
        await proc.stop();
        lastError = new Error(
          `${WHERE}: ${(err as Error).message}\n${startupText(proc, dir, secrets)}`,
        );
        // The free port was taken between probing and binding: try another once.
        if (/address already in use/i.test(lastError.message)) continue;
        break;
      }
      const base = `http://127.0.0.1:${port}`;
      return {
        url: `${base}/protected/`,
        ...(bearer ? { apiUrl: `${base}/api/` } : {}),
        redirectUri: apacheRedirectUri(port),
        port,
        logs: () => startupText(proc, dir, secrets),
        close: async () => {
          await proc.stop();
          await removeDir();
        },
      };
    }
    throw lastError ?? new Error(`${WHERE}: Apache did not start`);
  } catch (err) {
    await removeDir();
    throw err;
  }
}

async function waitUntilListening(proc: GroupProcess, port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exit: number | string | undefined;
  void proc.exited.then((code) => (exit = code));
  while (Date.now() < deadline) {
    if (exit !== undefined) throw new Error(`Apache exited during start-up (status ${exit})`);
    if (await canConnect(port)) return;
    await sleep(25);
  }
  throw new Error(`Apache did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Start-up output plus the error log, redacted: mod_auth_openidc logs tokens and, at debug level,
 * the client secret it posts.
 */
function startupText(proc: GroupProcess, dir: string, secrets: string[]): string {
  let log = '';
  try {
    log = readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    // not written yet
  }
  return redactSecrets([proc.output().trim(), log.trim()].filter(Boolean).join('\n'), secrets);
}
