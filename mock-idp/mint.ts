/**
 * Direct minting (architecture.md idea 6): tokens shaped exactly like the emulator's own, signed
 * with its keys or with a foreign key it never publishes, for SP-only cases that need no browser.
 */
import { createHash, createPrivateKey, sign, type JsonWebKey as NodeJwk } from 'node:crypto';
import { accessTokenClaims, findUserByLogin, idTokenClaims } from './claims.js';
import type { ResolvedConfig } from './config.js';
import type { PrivateJwk } from './keys.js';
import type { ServerSpec } from './provider.js';
import { HarnessError } from '../src/errors.js';

/** What to mint; every field but `server` and `kind` has an Okta-like default. */
export interface MintOptions {
  /** `org` or a custom server id. */
  server: 'org' | string;
  kind: 'access_token' | 'id_token';
  /** The user's login; default the first user. */
  user?: string;
  /** Default the app's client id. */
  clientId?: string;
  /** Default `openid profile email`. */
  scopes?: string[];
  /** Claims to override; `null` removes a claim. */
  claims?: Record<string, unknown | null>;
  /** JOSE header fields to override; `null` removes one. The signature is RS256 whatever `alg` says. */
  header?: Record<string, unknown | null>;
  /** `exp` = now + this (default: 3600 for ID tokens, the server's access token lifetime). May be negative. */
  expiresInSeconds?: number;
  /** `iat` = now + this. Default 0. */
  issuedAtOffsetSeconds?: number;
  /** Adds `nbf` = now + this. */
  notBeforeOffsetSeconds?: number;
  /** `foreign` = a key the emulator never publishes. Default `current`. */
  signingKey?: 'current' | 'foreign';
  /** ID token: thin, as when an access token is issued alongside (adds `at_hash`). */
  thin?: boolean;
}

/** Refused mint options: the message names the option. */
export class MintError extends HarnessError<'INVALID_MINT_OPTIONS'> {
  readonly code = 'INVALID_MINT_OPTIONS';
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `header.payload` with RS256 (whatever the header claims, so tests can lie in it). */
export function signCompact(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: PrivateJwk,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const privateKey = createPrivateKey({
    key: key as unknown as NodeJwk,
    format: 'jwk',
  });
  const signature = sign('sha256', Buffer.from(input), privateKey).toString('base64url');
  return `${input}.${signature}`;
}

/** OIDC `at_hash`: the left half of SHA-256 of the access token. */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

function applyOverrides(
  target: Record<string, unknown>,
  overrides: Record<string, unknown | null> | undefined,
) {
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (v === null) delete target[k];
    else target[k] = v;
  }
  return target;
}

/** Mints one token; `thin` ID tokens also mint (and return through `onAccessToken`) their access token. */
export function mint(
  config: ResolvedConfig,
  spec: ServerSpec,
  options: MintOptions,
  foreignKey: PrivateJwk | undefined,
  onToken: (kind: 'access_token' | 'id_token', token: string) => void,
): string {
  if (options.kind !== 'access_token' && options.kind !== 'id_token')
    throw new MintError(
      `mintToken: kind must be "access_token" or "id_token", got ${String(options.kind)}`,
    );
  const user =
    options.user === undefined ? config.users[0]! : findUserByLogin(config, options.user);
  if (!user) throw new MintError(`mintToken: user: no user has the login "${options.user}"`);
  const key = options.signingKey === 'foreign' ? foreignKey : spec.keys[0];
  if (!key) throw new MintError('mintToken: signingKey: no key available');
  const clientId = options.clientId ?? config.app.clientId;
  const scopes = options.scopes ?? ['openid', 'profile', 'email'];
  const now = Math.floor(Date.now() / 1000) + config.clockOffsetSeconds;
  const iat = now + (options.issuedAtOffsetSeconds ?? 0);
  const nbf =
    options.notBeforeOffsetSeconds !== undefined
      ? { nbf: now + options.notBeforeOffsetSeconds }
      : {};
  const authTime = now;

  // An unpublished ORG access token key (orgAccessTokenVerifiable: false) signs ORG access tokens.
  const accessKey = options.signingKey === 'foreign' ? key : (spec.accessTokenKey ?? key);
  const mintAccessToken = () => {
    const lifetime = spec.server?.accessTokenLifetimeSeconds ?? 3600;
    const okta = accessTokenClaims({
      config,
      server: spec.server,
      user,
      clientId,
      scopes,
      authTime,
    });
    const payload = applyOverrides(
      {
        ver: okta.ver,
        jti: okta.jti,
        iss: spec.issuer,
        aud: spec.audience,
        iat,
        exp: now + (options.expiresInSeconds ?? lifetime),
        ...nbf,
        ...okta,
      },
      options.kind === 'access_token' ? options.claims : undefined,
    );
    const header = applyOverrides(
      {
        kid: accessKey.kid,
        alg: 'RS256',
        ...(spec.id === 'org' ? { typ: 'application/okta-internal-at+jwt' } : {}),
      },
      options.kind === 'access_token' ? options.header : undefined,
    );
    const token = signCompact(header, payload, accessKey);
    onToken('access_token', token);
    return token;
  };

  if (options.kind === 'access_token') return mintAccessToken();

  const thin = !!options.thin;
  const claims = idTokenClaims({ config, server: spec.server, user, scopes, thin });
  const payload: Record<string, unknown> = {
    sub: claims.sub,
    ...claims,
    iss: spec.issuer,
    aud: clientId,
    iat,
    exp: now + (options.expiresInSeconds ?? 3600),
    ...nbf,
    amr: ['pwd'],
    auth_time: authTime,
  };
  if (thin) payload.at_hash = atHash(mintAccessToken());
  applyOverrides(payload, options.claims);
  const header = applyOverrides({ kid: key.kid, alg: 'RS256' }, options.header);
  const token = signCompact(header, payload, key);
  onToken('id_token', token);
  return token;
}
