/**
 * Replay: send a captured token to a service provider the way a client would — as a Bearer
 * header, as a DPoP-bound request with a fresh proof, or as an RP's form_post — and keep the SP's
 * whole answer (status, headers, body) as evidence.
 */
import { SignJWT, base64url, exportJWK } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import { HarnessError } from '../errors.js';

/** How the token reaches the SP. */
export type ReplayVia = 'bearer' | 'dpop' | 'form_post';

/** The SP's answer, kept whole. */
export interface SpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  wwwAuthenticate?: string;
  /** The body as text, cut at 64 KB. */
  body: string;
}

/** A replay that got no HTTP answer: it names the SP URL and what happened. */
export class ReplayError extends HarnessError<'SP_UNREACHABLE'> {
  readonly code = 'SP_UNREACHABLE';
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`the SP at ${url} did not answer: ${reason}`);
    this.name = 'ReplayError';
  }
}

const MAX_BODY = 64 * 1024;

/**
 * A DPoP proof (RFC 9449 §4.2) for one request: `typ: dpop+jwt`, the public key in `jwk`,
 * `htm`, `htu` (no query or fragment), `iat`, `jti`, and `ath` binding it to the access token.
 */
export async function createDpopProof(
  key: CryptoKeyPair,
  method: string,
  url: string,
  accessToken: string,
): Promise<string> {
  const jwk = await exportJWK(key.publicKey);
  const htu = new URL(url);
  htu.search = '';
  htu.hash = '';
  const ath = base64url.encode(createHash('sha256').update(accessToken).digest());
  const alg = key.privateKey.algorithm.name === 'ECDSA' ? 'ES256' : 'RS256';
  return new SignJWT({ htm: method, htu: htu.href, jti: randomUUID(), ath })
    .setProtectedHeader({ typ: 'dpop+jwt', alg, jwk })
    .setIssuedAt()
    .sign(key.privateKey);
}

/** Sends `token` to `url` as `via` says and returns the SP's answer. */
export async function replayToken(
  url: string,
  token: string,
  via: ReplayVia,
  options: {
    dpopKey?: CryptoKeyPair;
    field?: 'id_token' | 'access_token';
    timeoutMs?: number;
  } = {},
): Promise<SpResponse> {
  const headers: Record<string, string> = { accept: 'application/json, text/html;q=0.9' };
  let method = 'GET';
  let body: string | undefined;
  if (via === 'form_post') {
    method = 'POST';
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ [options.field ?? 'id_token']: token }).toString();
  } else if (via === 'dpop') {
    if (!options.dpopKey)
      throw new ReplayError(url, 'a DPoP replay needs the key the token is bound to');
    headers.authorization = `DPoP ${token}`;
    headers.dpop = await createDpopProof(options.dpopKey, method, url, token);
  } else {
    headers.authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason =
      e.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs ?? 10_000} ms`
        : (e.cause?.code ?? e.message);
    throw new ReplayError(url, reason);
  }
  const text = await res.text();
  const out: SpResponse = {
    url,
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text,
  };
  const challenge = res.headers.get('www-authenticate');
  if (challenge) out.wwwAuthenticate = challenge;
  return out;
}
