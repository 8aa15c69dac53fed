/**
 * Where the mock SP gets its verification keys: keys given in-process, the expectation's
 * `jwksUri`, or the trusted issuer's discovery document — never anything the token names
 * (`jku`, `x5u`, an embedded `jwk`), which would let a forger pick the key (RFC 8725 §3.10).
 * Remote key sets and discovery answers are cached per URI, as real SPs do — per SP: each
 * running mock SP has its own cache, like each real SP process (so one case's SP never trusts a
 * key set another SP fetched before a key rotation).
 */
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import type { SpExpectation } from '../src/expectation.js';
import { HarnessError } from '../src/errors.js';

/** Keys handed to verify(): a key resolver, or a key set to use as it is. */
export type KeyInput = JWTVerifyGetKey | JSONWebKeySet;

/** Why no keys could be had, for an `unknown_signing_key` failure. */
export class KeySourceError extends HarnessError<'KEY_SOURCE_UNAVAILABLE'> {
  readonly code = 'KEY_SOURCE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'KeySourceError';
  }
}

const localSets = new WeakMap<JSONWebKeySet, JWTVerifyGetKey>();

/** One SP's cache of remote key sets and discovery answers. */
export interface KeyCache {
  remoteSets: Map<string, JWTVerifyGetKey>;
  discovered: Map<string, Promise<string>>;
}

/** A new, empty key cache (one per SP). */
export function createKeyCache(): KeyCache {
  return { remoteSets: new Map(), discovered: new Map() };
}

/** The cache of `verify()` calls that name none (in-process use). */
const defaultCache = createKeyCache();

/** How long a discovery or JWKS request may take before the SP gives up (ms). */
const FETCH_TIMEOUT_MS = 5000;

function localSet(jwks: JSONWebKeySet): JWTVerifyGetKey {
  let set = localSets.get(jwks);
  if (!set) {
    set = createLocalJWKSet(jwks);
    localSets.set(jwks, set);
  }
  return set;
}

function remoteSet(uri: string, { remoteSets }: KeyCache): JWTVerifyGetKey {
  let set = remoteSets.get(uri);
  if (!set) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new KeySourceError(`jwksUri "${uri}" is not a URL`);
    }
    set = createRemoteJWKSet(url, { timeoutDuration: FETCH_TIMEOUT_MS });
    remoteSets.set(uri, set);
  }
  return set;
}

/** Fetches `{issuer}/.well-known/openid-configuration` once and returns its `jwks_uri`. */
async function discoverJwksUri(issuer: string, { discovered }: KeyCache): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let pending = discovered.get(url);
  if (!pending) {
    pending = (async () => {
      let response: Response;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      } catch (err) {
        throw new KeySourceError(`discovery ${url} failed: ${(err as Error).message}`);
      }
      if (!response.ok) throw new KeySourceError(`discovery ${url} answered ${response.status}`);
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new KeySourceError(`discovery ${url} did not answer JSON`);
      }
      const jwksUri = (body as { jwks_uri?: unknown } | null)?.jwks_uri;
      if (typeof jwksUri !== 'string') throw new KeySourceError(`discovery ${url} has no jwks_uri`);
      return jwksUri;
    })();
    discovered.set(url, pending);
    // A failed discovery is retried on the next token rather than cached forever.
    pending.catch(() => discovered.delete(url));
  }
  return pending;
}

function trustedIssuers(expectation: SpExpectation): string[] {
  const { issuer } = expectation;
  return issuer === undefined ? [] : Array.isArray(issuer) ? issuer : [issuer];
}

/**
 * The key resolver for one verification. With several trusted issuers, the token's `iss` picks
 * which one's discovery to use, but only when it is one of them; an untrusted `iss` is looked up
 * with the first trusted issuer's keys (and fails its issuer check anyway).
 */
export async function resolveKeys(
  expectation: SpExpectation,
  tokenIssuer: unknown,
  given?: KeyInput,
  cache: KeyCache = defaultCache,
): Promise<JWTVerifyGetKey> {
  if (typeof given === 'function') return given;
  if (given) return localSet(given);
  if (expectation.jwksUri) return remoteSet(expectation.jwksUri, cache);
  const issuers = trustedIssuers(expectation);
  const issuer =
    typeof tokenIssuer === 'string' && issuers.includes(tokenIssuer) ? tokenIssuer : issuers[0];
  if (!issuer) {
    throw new KeySourceError(
      'the SP has no keys: set jwksUri or a trusted issuer to discover them',
    );
  }
  return remoteSet(await discoverJwksUri(issuer, cache), cache);
}
