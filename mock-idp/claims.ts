/**
 * What Okta puts in its tokens (okta-behavior.md sections 2 and 4): claims per scope, the thin ID
 * token, custom claims, and the Okta-shaped access token claim set. Pure functions, shared by the
 * oidc-provider hooks, `/v1/userinfo` and `mintToken()`.
 */
import { randomBytes } from 'node:crypto';
import type { CustomClaimConfig } from '../src/emulator/config.js';
import {
  ID_TOKEN_BASE_CLAIMS,
  ORG_THIN_KEEPS as ORG_THIN_KEEP_LIST,
  SCOPE_CLAIMS,
} from '../src/okta/scopes.js';
import type { ResolvedConfig, ResolvedServer, ResolvedUser } from './config.js';
import { groupsClaim } from './groups.js';

export { SCOPE_CLAIMS } from '../src/okta/scopes.js';

/** Claims oidc-provider sets on every JWT itself: not the account's to release. */
const PROTOCOL_CLAIMS: ReadonlySet<string> = new Set(['iss', 'aud', 'iat', 'exp']);

/** The ID token's base claims (src/okta/scopes.ts) the account releases under `openid`. */
export const OPENID_ACCOUNT_CLAIMS: readonly string[] = ID_TOKEN_BASE_CLAIMS.filter(
  (claim) => !PROTOCOL_CLAIMS.has(claim),
);

/** On the ORG server a thin ID token still carries these (section 4). */
const ORG_THIN_KEEPS: ReadonlySet<string> = new Set(ORG_THIN_KEEP_LIST);

/** Okta-style token id: a prefix (`ID.`, `AT.`) and 43 characters of randomness. */
export function tokenId(prefix: 'ID.' | 'AT.'): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function findUserById(config: ResolvedConfig, id: string): ResolvedUser | undefined {
  return config.users.find((u) => u.id === id);
}

export function findUserByLogin(config: ResolvedConfig, login: string): ResolvedUser | undefined {
  const wanted = login.trim().toLowerCase();
  return config.users.find((u) => u.login.toLowerCase() === wanted);
}

/** Whether the app lets `user` sign in (Okta: the user is assigned to the app). */
export function isAssigned(config: ResolvedConfig, user: ResolvedUser): boolean {
  return !config.app.assignedUsers || config.app.assignedUsers.includes(user.login);
}

/** The user's claims of the standard scopes granted, as `/v1/userinfo` releases them. */
export function scopeClaims(
  user: ResolvedUser,
  scopes: Iterable<string>,
  config?: ResolvedConfig,
): Record<string, unknown> {
  const granted = new Set(scopes);
  const p = user.profile ?? {};
  const out: Record<string, unknown> = {};
  if (granted.has('profile')) {
    const name = [user.givenName, user.familyName].filter(Boolean).join(' ') || user.login;
    Object.assign(out, {
      name,
      ...(user.familyName !== undefined ? { family_name: user.familyName } : {}),
      ...(user.givenName !== undefined ? { given_name: user.givenName } : {}),
      preferred_username: user.login,
      locale: typeof p.locale === 'string' ? p.locale : 'en_US',
      zoneinfo: typeof p.timezone === 'string' ? p.timezone : 'America/Los_Angeles',
      updated_at: 1_700_000_000,
    });
    for (const claim of SCOPE_CLAIMS.profile) {
      if (!(claim in out) && p[claim] !== undefined) out[claim] = p[claim];
    }
  }
  if (granted.has('email')) {
    out.email = user.email;
    out.email_verified = user.emailVerified;
  }
  if (granted.has('phone') && p.mobilePhone !== undefined) {
    out.phone_number = p.mobilePhone;
    out.phone_number_verified = false;
  }
  if (granted.has('address')) {
    const address: Record<string, unknown> = {};
    for (const [claim, attr] of [
      ['street_address', 'streetAddress'],
      ['locality', 'city'],
      ['region', 'state'],
      ['postal_code', 'zipCode'],
      ['country', 'countryCode'],
    ] as const) {
      if (p[attr] !== undefined) address[claim] = p[attr];
    }
    out.address = address;
  }
  if (granted.has('groups')) {
    // Okta leaves the claim out when no group passes the app's filter.
    const groups = config ? groupsClaim(config, user) : [...(user.groups ?? [])];
    if (groups.length) out.groups = groups;
  }
  return out;
}

/** The value of a custom claim for `user`: a literal, or `user.<attribute>` from the profile. */
export function customClaimValue(
  claim: CustomClaimConfig,
  user: ResolvedUser | undefined,
): unknown {
  const v = claim.value;
  if (typeof v !== 'string' || !v.startsWith('user.')) return v;
  if (!user) return undefined;
  const attr = v.slice('user.'.length);
  const direct: Record<string, unknown> = {
    login: user.login,
    email: user.email,
    firstName: user.givenName,
    lastName: user.familyName,
    id: user.id,
  };
  return direct[attr] ?? user.profile?.[attr];
}

/** Custom claims of a server for one kind of token, given the granted scopes. */
export function customClaims(
  server: ResolvedServer | undefined,
  tokenType: 'id_token' | 'access_token',
  user: ResolvedUser | undefined,
  scopes: Iterable<string>,
  onlyAlwaysIncluded = false,
): Record<string, unknown> {
  const granted = new Set(scopes);
  const out: Record<string, unknown> = {};
  for (const claim of server?.claims ?? []) {
    if ((claim.tokenType ?? 'access_token') !== tokenType) continue;
    if (onlyAlwaysIncluded && !claim.alwaysIncludeInToken) continue;
    if (claim.scopes?.length && !claim.scopes.some((s) => granted.has(s))) continue;
    const value = customClaimValue(claim, user);
    if (value !== undefined) out[claim.name] = value;
  }
  return out;
}

/**
 * Whether an ID token is thin (section 4): `id_token token` and `code id_token token` are thin,
 * `id_token` and `code id_token` fat; the code exchange follows the `codeFlowIdToken` setting.
 * `responseType` is undefined at the token endpoint.
 */
export function isThinIdToken(config: ResolvedConfig, responseType: string | undefined): boolean {
  if (responseType === undefined) return config.codeFlowIdToken === 'thin';
  return responseType.split(' ').includes('token');
}

/** The ID token's own claims (not `iss`, `aud`, `iat`, `exp`, `nonce`, `at_hash`). */
export function idTokenClaims(input: {
  config: ResolvedConfig;
  server: ResolvedServer | undefined;
  user: ResolvedUser;
  scopes: Iterable<string>;
  thin: boolean;
}): Record<string, unknown> {
  const scopes = [...input.scopes];
  const out: Record<string, unknown> = {
    sub: input.user.id,
    ver: 1,
    jti: tokenId('ID.'),
    idp: input.config.orgId,
  };
  const released = scopeClaims(input.user, scopes, input.config);
  for (const [claim, value] of Object.entries(released)) {
    // ORG server thin tokens keep email, name and preferred_username; custom servers keep none.
    if (!input.thin || (!input.server && ORG_THIN_KEEPS.has(claim))) out[claim] = value;
  }
  Object.assign(out, customClaims(input.server, 'id_token', input.user, scopes, input.thin));
  return out;
}

/** The Okta access token's claims besides `iss`, `aud`, `iat`, `exp` (section 2). */
export function accessTokenClaims(input: {
  config: ResolvedConfig;
  server: ResolvedServer | undefined;
  user: ResolvedUser | undefined;
  clientId: string;
  scopes: string[];
  authTime?: number | undefined;
}): Record<string, unknown> {
  const { user } = input;
  const out: Record<string, unknown> = {
    ver: 1,
    jti: tokenId('AT.'),
    cid: input.clientId,
  };
  if (user) out.uid = user.id;
  out.scp = [...input.scopes];
  if (input.authTime !== undefined) out.auth_time = input.authTime;
  // Access token `sub` is the user's login, not the id (section 2); client credentials: client id.
  out.sub = user
    ? input.config.accessTokenSubject === 'id'
      ? user.id
      : user.login
    : input.clientId;
  Object.assign(out, customClaims(input.server, 'access_token', user, input.scopes));
  return out;
}
