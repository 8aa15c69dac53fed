/**
 * Signing keys without generating RSA keys on the start-up path.
 *
 * RSA-2048 generation costs 100–250 ms per key, so keys come from a pool cached on disk
 * (`~/.cache/oidc-harness/keys/key-pool.json`), generated once per machine and grown only when a
 * process needs more distinct keys than it holds. Within a process, each emulator takes the next
 * keys of the pool, so two emulators side by side sign with different keys.
 *
 * When a port is pinned, the keys of each authorization server are also written to
 * `keys-port-<port>.json`: a real SP that cached the JWKS by `kid` keeps working from run to run
 * (okta-behavior.md section 1; oidc-provider-notes.md "Time and keys").
 */
import { generateKeyPair, type JsonWebKey as NodeJwk } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';

const generate = promisify(generateKeyPair);

/** A private RSA signing key as a JWK, with `kid`, `alg: RS256` and `use: sig`. */
export type PrivateJwk = JWK & { kid: string; alg: 'RS256'; use: 'sig'; d: string };

/** The public part of a key, as `/v1/keys` publishes it. */
export function publicJwk(key: PrivateJwk): JWK {
  return { kty: 'RSA', alg: 'RS256', kid: key.kid, use: 'sig', n: key.n, e: key.e };
}

/** Keys the pool grows to at most; one emulator needs 2–4 (ORG, `default`, foreign, rotated). */
const POOL_TARGET = 12;

/**
 * The user's cache folder for the key pool (not the temp dir: a command leaves nothing there).
 * `OIDC_HARNESS_KEY_DIR` overrides it; XDG's `XDG_CACHE_HOME` is honoured on Linux.
 */
function cacheDir(): string {
  if (process.env.OIDC_HARNESS_KEY_DIR) return process.env.OIDC_HARNESS_KEY_DIR;
  let home = '';
  try {
    home = homedir();
  } catch {
    // Some containers have no passwd entry and no HOME.
  }
  const base =
    process.platform === 'darwin' && home
      ? join(home, 'Library', 'Caches')
      : process.platform === 'win32'
        ? (process.env.LOCALAPPDATA ?? tmpdir())
        : (process.env.XDG_CACHE_HOME ?? (home ? join(home, '.cache') : tmpdir()));
  return join(base, 'oidc-harness', 'keys');
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Atomic write: a reader in another process never sees half a file. */
function writeJson(file: string, value: unknown) {
  try {
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A read-only temp dir only costs speed (keys are generated again next time).
  }
}

function isPrivateJwk(k: unknown): k is PrivateJwk {
  const j = k as PrivateJwk;
  return !!j && j.kty === 'RSA' && typeof j.kid === 'string' && typeof j.d === 'string';
}

/** Generates one RSA-2048 signing key (off the event loop, in libuv's thread pool). */
export async function generateSigningKey(): Promise<PrivateJwk> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as NodeJwk as JWK;
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n!, e: jwk.e! });
  return { ...jwk, kid, alg: 'RS256', use: 'sig' } as PrivateJwk;
}

let pool: PrivateJwk[] | undefined;
let cursor = 0;
let growing: Promise<void> | undefined;

function poolFile() {
  return join(cacheDir(), 'key-pool.json');
}

function loadPool(): PrivateJwk[] {
  if (!pool) {
    const stored = readJson<{ keys?: unknown[] }>(poolFile());
    pool = (stored?.keys ?? []).filter(isPrivateJwk);
  }
  return pool;
}

async function growPool(size: number): Promise<void> {
  while (growing) await growing;
  const keys = loadPool();
  if (keys.length >= size) return;
  growing = (async () => {
    const fresh = await Promise.all(
      Array.from({ length: size - keys.length }, () => generateSigningKey()),
    );
    keys.push(...fresh);
    writeJson(poolFile(), { keys });
  })();
  try {
    await growing;
  } finally {
    growing = undefined;
  }
}

/** Takes `count` keys of the pool that no other emulator of this process is using right now. */
async function takeFromPool(count: number): Promise<PrivateJwk[]> {
  // Grow only as far as this process needs distinct keys (up to POOL_TARGET), so a fresh machine
  // pays for two or three keys on the first start, not for the whole pool.
  await growPool(Math.max(count, Math.min(POOL_TARGET, (cursor % POOL_TARGET) + count)));
  const keys = loadPool();
  const taken: PrivateJwk[] = [];
  for (let i = 0; i < count; i++) taken.push(keys[(cursor + i) % keys.length]!);
  cursor += count;
  return taken;
}

/**
 * The keys of one emulator, by name (`org`, a custom server id, `foreign`, `<id>#rotated`).
 * Names are resolved lazily; with a pinned port they persist across runs.
 */
export class KeyRing {
  private readonly keys = new Map<string, PrivateJwk>();
  private readonly file: string | undefined;

  private constructor(pinnedPort: number | undefined) {
    this.file = pinnedPort ? join(cacheDir(), `keys-port-${pinnedPort}.json`) : undefined;
    if (this.file) {
      const stored = readJson<{ keys?: Record<string, unknown> }>(this.file);
      for (const [name, key] of Object.entries(stored?.keys ?? {})) {
        if (isPrivateJwk(key)) this.keys.set(name, key);
      }
    }
  }

  /** A key ring whose named keys are stable across runs when `pinnedPort` is set. */
  static async open(names: string[], pinnedPort?: number): Promise<KeyRing> {
    const ring = new KeyRing(pinnedPort);
    await ring.ensure(names);
    return ring;
  }

  /** Makes sure every name has a key, taking distinct pool keys for the missing ones. */
  async ensure(names: string[]): Promise<void> {
    const missing = [...new Set(names)].filter((n) => !this.keys.has(n));
    if (missing.length === 0) return;
    const used = new Set([...this.keys.values()].map((k) => k.kid));
    let fresh = (await takeFromPool(missing.length + used.size)).filter((k) => !used.has(k.kid));
    if (fresh.length < missing.length) {
      fresh = fresh.concat(
        await Promise.all(
          Array.from({ length: missing.length - fresh.length }, () => generateSigningKey()),
        ),
      );
    }
    missing.forEach((name, i) => this.keys.set(name, fresh[i]!));
    if (this.file) writeJson(this.file, { keys: Object.fromEntries(this.keys) });
  }

  /** The key of `name`; `ensure()` must have been called for it. */
  get(name: string): PrivateJwk {
    const key = this.keys.get(name);
    if (!key) throw new Error(`no signing key named ${name}`);
    return key;
  }
}
