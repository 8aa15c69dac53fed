/**
 * The provider's signing keys as PEM files for mod_auth_openidc's `OIDCOAuthVerifyCertFiles`
 * (`kid#file`): this module version accepts only an https `OIDCOAuthVerifyJwksUri`, and the
 * emulator serves http on loopback, so the keys are fetched once at start instead.
 */
import { createPublicKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Fetches `jwksUri`, writes each RSA signing key to `dir/{n}.pem`, answers `kid#path` pairs. */
export async function writePublicKeyFiles(jwksUri: string, dir: string): Promise<string[]> {
  let keys: unknown;
  try {
    const res = await fetch(jwksUri, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    keys = ((await res.json()) as { keys?: unknown }).keys;
  } catch (err) {
    throw new Error(
      `startApacheRp: could not read the provider's keys at ${jwksUri}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const usable = (Array.isArray(keys) ? keys : []).filter(
    (k): k is JsonWebKey & { kid: string } =>
      typeof k === 'object' &&
      k !== null &&
      (k as JsonWebKey).kty === 'RSA' &&
      typeof (k as { kid?: unknown }).kid === 'string' &&
      /^[A-Za-z0-9_-]+$/.test((k as { kid: string }).kid),
  );
  if (usable.length === 0) {
    throw new Error(`startApacheRp: ${jwksUri} holds no RSA key with a kid`);
  }
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const pairs: string[] = [];
  for (const [n, jwk] of usable.entries()) {
    const path = join(dir, `${n}.pem`);
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    await writeFile(path, pem, { mode: 0o644 });
    pairs.push(`${jwk.kid}#${path}`);
  }
  return pairs;
}
