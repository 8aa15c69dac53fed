/**
 * The tests' one token factory: throw-away keys with their public JWK (JWKS-ready), Okta-shaped
 * ID and access token claims, and tokens signed with jose (RS256 by default, ES256, HS256), by
 * hand with node:crypto (any header an attacker would write), or not at all (`alg: none`).
 */
import { createHash, createHmac, createSign, KeyObject, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';

/** An Okta org's domain and its `default` custom authorization server, as okta-behavior.md shows. */
export const OKTA_DOMAIN = 'https://dev-123456.okta.com';
export const OKTA_ISSUER = `${OKTA_DOMAIN}/oauth2/default`;
export const OKTA_CLIENT_ID = '0oa1b2c3d4e5f6g7h8i9';
export const OKTA_USER_ID = '00u1a2b3c4d5e6f7g8h9';
/** The HMAC secret hostile tokens are signed with (32 bytes, as HS256 needs). */
export const SHARED_SECRET = 'a-shared-secret-of-32-bytes-long!';

/** A signing key with what a verifier needs to check it. */
export interface TestKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  /** The public JWK with `kid`, `alg` and `use: sig`, as a JWKS lists it. */
  publicJwk: JWK;
  publicPem: string;
}

/** A fresh key pair (RS256 unless told), extractable so its public half can be published. */
export async function testKey(kid = 'k1', alg: TestKey['alg'] = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  return {
    kid,
    alg,
    privateKey: KeyObject.from(privateKey),
    publicJwk: { ...jwk, kid, alg, use: 'sig' },
    publicPem: await exportSPKI(publicKey),
  };
}

/** An RS256 {@link testKey}. */
export const rsaKey = (kid: string) => testKey(kid, 'RS256');

/** The JWKS document that publishes the keys' public halves. */
export const jwksOf = (...keys: TestKey[]) => ({ keys: keys.map((k) => k.publicJwk) });

/** The RFC 7638 thumbprint of a key's public JWK (what DPoP's `cnf.jkt` holds). */
export const thumbprintOf = (key: TestKey) => calculateJwkThumbprint(key.publicJwk);

const cached = new Map<string, Promise<TestKey>>();

/** One key per algorithm and kid for the whole worker: most tests only need *a* signature. */
export function cachedKey(kid = 'k1', alg: TestKey['alg'] = 'RS256'): Promise<TestKey> {
  const name = `${alg}:${kid}`;
  let key = cached.get(name);
  if (!key) cached.set(name, (key = testKey(kid, alg)));
  return key;
}

/** How {@link signJwt} signs: the key (a cached one by default) and header fields on top. */
export interface SignOptions {
  key?: TestKey;
  /** Merged over `{ alg, kid }`; set `kid: undefined` to leave it out. */
  header?: Record<string, unknown>;
}

/** Signs the payload as given with jose (RS256 and kid `k1` unless the key or header say else). */
export async function signJwt(payload: JWTPayload, options: SignOptions = {}): Promise<string> {
  const key = options.key ?? (await cachedKey());
  const header = { alg: key.alg, kid: key.kid, ...options.header } as { alg: string };
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
}

/** An HMAC-signed token (HS256), the shape of a forged or misconfigured token. */
export function hmacJwt(
  payload: JWTPayload,
  secret: string = SHARED_SECRET,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', ...header })
    .sign(new TextEncoder().encode(secret));
}

/** One segment of a compact JWS: a string's bytes, or anything else as JSON, in base64url. */
export const jwtPart = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const b64 = jwtPart;

/**
 * A three-part token whose signature is only text (`sig` by default): for code that decodes and
 * never verifies, where a real signature would prove nothing.
 */
export const fakeSignedJwt = (
  payload: unknown,
  header: unknown = { alg: 'RS256', kid: 'k1' },
  signature = 'sig',
) => `${b64(header)}.${b64(payload)}.${b64(signature)}`;

/** An `alg: none` token with an empty signature, as an attacker sends it. */
export const unsignedJwt = (
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'none', typ: 'JWT' },
) => `${b64(header)}.${b64(payload)}.`;

/** Signs header.payload with RS256 (or HS256 with a secret) exactly as given: no checks. */
export function sign(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject | { secret: string | Buffer },
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  if ('secret' in key) {
    return `${input}.${createHmac('sha256', key.secret).update(input).digest('base64url')}`;
  }
  const signer = createSign('RSA-SHA256');
  signer.update(input);
  return `${input}.${signer.sign(key).toString('base64url')}`;
}

/** The signature segment, which no output may contain. */
export const signatureOf = (jwt: string) => jwt.split('.')[2] as string;

/** Seconds since the epoch, as `iat` and `exp` count. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What Okta-shaped claims are built around; every field has an Okta-looking default. */
export interface ClaimsBasis {
  /**
   * The custom authorization server's issuer (`{domain}/oauth2/{id}`) by default; for the org
   * authorization server pass the bare domain, and the access token's `aud` as the domain too.
   */
  issuer?: string;
  clientId?: string;
  /** The `iat` the token was issued at (seconds); now by default. */
  iat?: number;
}

/** An Okta custom authorization server's access token claims (`ver`, `jti`, `cid`, `uid`, `scp`). */
export function oktaAccessClaims(over: JWTPayload = {}, basis: ClaimsBasis = {}): JWTPayload {
  const iat = basis.iat ?? nowSeconds();
  return {
    ver: 1,
    jti: 'AT.1',
    iss: basis.issuer ?? OKTA_ISSUER,
    aud: 'api://default',
    iat,
    exp: iat + 3600,
    cid: basis.clientId ?? OKTA_CLIENT_ID,
    uid: OKTA_USER_ID,
    scp: ['openid'],
    sub: 'alice@example.com',
    ...over,
  };
}

/** An Okta ID token's claims (`sub` is the user id, `aud` the client, `amr`, `idp`). */
export function oktaIdClaims(over: JWTPayload = {}, basis: ClaimsBasis = {}): JWTPayload {
  const iat = basis.iat ?? nowSeconds();
  return {
    ver: 1,
    jti: 'ID.1',
    iss: basis.issuer ?? OKTA_ISSUER,
    aud: basis.clientId ?? OKTA_CLIENT_ID,
    iat,
    exp: iat + 3600,
    sub: OKTA_USER_ID,
    amr: ['pwd'],
    ...over,
  };
}

/** A DPoP proof (RFC 9449) for a request, signed with an ES256 key whose JWK rides in the header. */
export async function dpopProof(
  key: TestKey,
  request: { htm: string; htu: string; accessToken: string },
  claims: Record<string, unknown> = {},
): Promise<string> {
  const { kid: _kid, alg: _alg, use: _use, ...jwk } = key.publicJwk;
  return new SignJWT({
    htm: request.htm,
    htu: request.htu,
    jti: randomUUID(),
    ath: createHash('sha256').update(request.accessToken).digest('base64url'),
    ...claims,
  })
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk })
    .setIssuedAt(typeof claims.iat === 'number' ? claims.iat : undefined)
    .sign(key.privateKey);
}
