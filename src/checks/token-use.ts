/**
 * Telling an Okta ID token from an Okta access token by its shape (okta-behavior.md §2), and
 * spotting an ORG authorization server access token (§1, §7.3). Pure: header and payload only.
 */
import type { TokenParts } from './types.js';
import type { TokenUse } from '../expectation.js';

/** The JOSE `typ` Okta has put on ORG authorization server access tokens since 2024. */
export const ORG_ACCESS_TOKEN_TYP = 'application/okta-internal-at+jwt';

/** The `typ` values RFC 9068 allows for JWT access tokens. */
export const RFC9068_TYPS = ['at+jwt', 'application/at+jwt'] as const;

/** What a token looks like, and the signs that say so (for messages and evidence). */
export interface TokenUseGuess {
  /** `unknown` when the signs are absent or balanced. */
  use: TokenUse | 'unknown';
  /** The claims or header fields that point at an ID token, e.g. `nonce`, `jti "ID."`. */
  idTokenSigns: string[];
  /** The claims or header fields that point at an access token, e.g. `scp`, `cid`. */
  accessTokenSigns: string[];
}

function audiences(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** The token's `aud` as a list of strings (a string `aud` becomes a one-element list). */
export function tokenAudiences(payload: Record<string, unknown>): string[] {
  return audiences(payload.aud);
}

/**
 * Guesses whether a token is an ID token or an access token. ID tokens carry `nonce`,
 * `at_hash`, `c_hash`, `amr`, `idp`, a `jti` starting `ID.` and an `aud` equal to the client id;
 * Okta access tokens carry `cid`, `scp`, `uid`, a `jti` starting `AT.`, and RFC 9068 ones a
 * `typ` of `at+jwt` and a `scope` or `client_id` claim.
 */
export function guessTokenUse(parts: TokenParts, clientId?: string): TokenUseGuess {
  const { header, payload } = parts;
  const idTokenSigns: string[] = [];
  const accessTokenSigns: string[] = [];
  for (const claim of ['nonce', 'at_hash', 'c_hash', 'amr', 'idp'] as const) {
    if (payload[claim] !== undefined) idTokenSigns.push(claim);
  }
  for (const claim of ['cid', 'scp', 'uid', 'scope', 'client_id', 'cnf'] as const) {
    if (payload[claim] !== undefined) accessTokenSigns.push(claim);
  }
  const jti = payload.jti;
  if (typeof jti === 'string' && jti.startsWith('ID.')) idTokenSigns.push('jti "ID."');
  if (typeof jti === 'string' && jti.startsWith('AT.')) accessTokenSigns.push('jti "AT."');
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
  if (typ !== undefined && (typ.endsWith('at+jwt') || typ === ORG_ACCESS_TOKEN_TYP)) {
    accessTokenSigns.push(`typ "${header.typ as string}"`);
  }
  if (clientId !== undefined && audiences(payload.aud).includes(clientId)) {
    idTokenSigns.push('aud = client id');
  }
  const use: TokenUseGuess['use'] =
    idTokenSigns.length > accessTokenSigns.length
      ? 'id_token'
      : accessTokenSigns.length > idTokenSigns.length
        ? 'access_token'
        : 'unknown';
  return { use, idTokenSigns, accessTokenSigns };
}

/** True for an issuer with no path: Okta's ORG authorization server (`https://{domain}`). */
export function isOrgIssuer(issuer: unknown): boolean {
  if (typeof issuer !== 'string') return false;
  try {
    const url = new URL(issuer);
    return (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
  } catch {
    return false;
  }
}

/**
 * True when the token is an ORG authorization server access token: its `typ` is
 * `application/okta-internal-at+jwt`, or its `iss` is an org URL and `aud` is that same URL
 * (okta-behavior.md §1: both `https://{domain}`).
 */
export function isOrgAccessToken(parts: TokenParts): boolean {
  const typ = parts.header.typ;
  if (typeof typ === 'string' && typ.toLowerCase() === ORG_ACCESS_TOKEN_TYP) return true;
  const iss = parts.payload.iss;
  if (!isOrgIssuer(iss)) return false;
  const trim = (u: string) => u.replace(/\/+$/, '');
  return audiences(parts.payload.aud).some((a) => trim(a) === trim(iss as string));
}
