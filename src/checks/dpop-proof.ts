/**
 * Checking a DPoP proof at a resource server (RFC 9449 §4.3, §7.1): a JWT of `typ: dpop+jwt`,
 * signed by the public key in its own `jwk` header, naming this request (`htm`, `htu`), fresh
 * (`iat`), unique (`jti`) and bound to the access token (`ath`). The proof key's thumbprint is
 * then compared with the token's `cnf.jkt` by the pure check in dpop.ts. Shared by the mock SP and
 * the emulator's own resource endpoint (`/v1/userinfo`).
 */
import { createHash } from 'node:crypto';
import { EmbeddedJWK, calculateJwkThumbprint, compactVerify } from 'jose';
import type { JWK } from 'jose';
import { isCheckFailure, parseCompactJwt } from './decode.js';
import type { CheckFailure } from './types.js';

/** Asymmetric algorithms a DPoP proof may use (RFC 9449 §4.3 forbids `none` and MACs). */
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA', 'Ed25519'];

/** How far a proof's `iat` may be from the SP's clock, before clock tolerance (RFC 9449 §11.1). */
export const DPOP_MAX_AGE_SECONDS = 60;

/** The request a proof must describe. */
export interface DpopRequest {
  proof: string;
  method: string;
  /** The resource URL as the client addressed it; query and fragment are ignored (RFC 9449 §4.3). */
  url: string;
  /**
   * Records a proof's `jti` and says whether it was seen before (RFC 9449 §11.1 replay check).
   * The HTTP server passes one; a bare verify() call has no memory of earlier requests.
   */
  seen?: (jti: string) => boolean;
}

/** A bounded memory of DPoP proof `jti`s, for {@link DpopRequest.seen}. */
export function jtiMemory(limit = 10_000): (jti: string) => boolean {
  const seen = new Set<string>();
  return (jti) => {
    if (seen.has(jti)) return true;
    seen.add(jti);
    // Sets iterate in insertion order: drop the oldest beyond the limit.
    if (seen.size > limit) seen.delete(seen.values().next().value as string);
    return false;
  };
}

function failure(
  message: string,
  claim?: string,
  token?: unknown,
  expected?: unknown,
): CheckFailure {
  return {
    code: 'dpop_binding_mismatch',
    message: `DPoP proof: ${message}`,
    claim: claim === undefined ? 'DPoP' : `DPoP.${claim}`,
    ...(token !== undefined ? { token } : {}),
    ...(expected !== undefined ? { expected } : {}),
  };
}

function withoutQuery(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a DPoP proof for one request and access token. Returns the RFC 7638 thumbprint of the
 * proof's key, or a `dpop_binding_mismatch` failure saying what is wrong with the proof.
 */
export async function verifyDpopProof(
  request: DpopRequest,
  accessToken: string,
  now: number,
  toleranceSeconds = 0,
): Promise<{ jkt: string } | CheckFailure> {
  const parts = parseCompactJwt(request.proof);
  if (isCheckFailure(parts)) return failure(`not a readable JWT (${parts.message})`);
  const { header, payload } = parts;
  if (header.typ !== 'dpop+jwt')
    return failure('typ must be "dpop+jwt"', 'typ', header.typ, 'dpop+jwt');
  if (typeof header.alg !== 'string' || !DPOP_ALGORITHMS.includes(header.alg)) {
    return failure('alg must be an asymmetric algorithm', 'alg', header.alg, DPOP_ALGORITHMS);
  }
  const jwk = header.jwk;
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
    return failure('no public key in the jwk header', 'jwk');
  }
  if ('d' in jwk) return failure('the jwk header holds a private key', 'jwk');
  try {
    await compactVerify(request.proof, EmbeddedJWK, { algorithms: DPOP_ALGORITHMS });
  } catch {
    return failure('its signature does not verify with the key in its jwk header', 'signature');
  }
  if (payload.htm !== request.method) {
    return failure('htm is not the request method', 'htm', payload.htm, request.method);
  }
  const expectedHtu = withoutQuery(request.url);
  const htu = typeof payload.htu === 'string' ? withoutQuery(payload.htu) : undefined;
  if (htu === undefined || htu !== expectedHtu) {
    return failure('htu is not the request URL', 'htu', payload.htu, expectedHtu);
  }
  const window = DPOP_MAX_AGE_SECONDS + Math.max(0, toleranceSeconds);
  if (typeof payload.iat !== 'number' || Math.abs(payload.iat - now) > window) {
    return failure(`iat is not within ${window} s of the SP's clock`, 'iat', payload.iat, now);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0) {
    return failure('jti is missing', 'jti');
  }
  if (request.seen?.(payload.jti)) {
    return failure('this proof was already used (its jti was seen before)', 'jti', payload.jti);
  }
  const ath = createHash('sha256').update(accessToken).digest('base64url');
  if (payload.ath !== ath) {
    // The expected hash is not echoed: it would fingerprint the access token.
    return failure('ath is not the hash of the access token it came with', 'ath', payload.ath);
  }
  return { jkt: await calculateJwkThumbprint(jwk as JWK) };
}
