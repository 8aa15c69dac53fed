/**
 * Offline signature check for `oidc-harness diagnose --jwks FILE`: the token against keys the
 * user saved (e.g. from `{issuer}/v1/keys`). No network. jose's errors go through the
 * translation table, so the codes match what an SP using jose would say.
 */
import type { CheckFailure } from '../checks/types.js';
import { translateLibraryError } from '../diagnosis/translate.js';

/** A JSON Web Key Set as read from a file. */
export interface JwksDocument {
  keys: Array<Record<string, unknown>>;
}

/** True when `value` looks like a JWKS: an object with a `keys` array of objects. */
export function isJwksDocument(value: unknown): value is JwksDocument {
  if (value === null || typeof value !== 'object') return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((k) => k !== null && typeof k === 'object');
}

/**
 * Verifies the token's signature with `jwks`, allowing `algorithms` (default RS256, what Okta
 * signs with). Returns the failures, an empty list when the signature verifies.
 */
export async function checkSignature(
  token: string,
  jwks: JwksDocument,
  algorithms: readonly string[] = ['RS256'],
): Promise<{ checked: true; failures: CheckFailure[] }> {
  // jose is loaded here, not at the top: `diagnose` without --jwks never needs it.
  const { compactVerify, createLocalJWKSet } = await import('jose');
  try {
    const keySet = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
    await compactVerify(token.trim(), keySet, { algorithms: [...algorithms] });
    return { checked: true, failures: [] };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const translated = translateLibraryError({
      ...(e.code ? { code: e.code } : {}),
      ...(e.message ? { message: e.message } : {}),
    });
    const failures: CheckFailure[] = translated.map((t) => ({
      code: t.code,
      message: `jose: ${e.message ?? e.code ?? 'verification failed'}`,
      ...(t.claim ? { claim: t.claim } : {}),
    }));
    if (failures.length === 0) {
      failures.push({ code: 'signature_invalid', message: `jose: ${e.message ?? String(err)}` });
    }
    return { checked: true, failures };
  }
}
