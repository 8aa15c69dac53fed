/**
 * The pure token checks an SP makes on a token's header and payload (everything except the
 * signature): issuer, audience, token use, ORG access tokens, time, algorithm, required claims,
 * the user claim, scopes, the RFC 9068 profile, DPoP binding and nonce. Shared by the mock SP's
 * verify() and the diagnosis engine, so both report a token's problems in the same words.
 * References: okta-behavior.md §2 (token contents), §7 (why SPs answer 401).
 */
import type { CheckFailure, Presentation, TokenParts } from './types.js';
import type { SpExpectation, TokenUse } from '../expectation.js';
import { checkTimes } from './time.js';
import {
  RFC9068_TYPS,
  guessTokenUse,
  isOrgAccessToken,
  ORG_ACCESS_TOKEN_TYP,
  tokenAudiences,
} from './token-use.js';
import { checkDpopBinding } from './dpop.js';

/** What the checks need besides the token and the expectation. */
export interface CheckContext {
  /** The SP's clock, epoch seconds. */
  now: number;
  /** How the token reached the SP; absent = unknown (presentation checks are skipped). */
  presentation?: Presentation;
  /** RFC 7638 thumbprint of the DPoP proof's key, when a valid proof came with the request. */
  dpopJkt?: string;
}

/** The algorithms an SP allows when its expectation names none (Okta signs with RS256 only). */
export const DEFAULT_ALGORITHMS: readonly string[] = ['RS256'];

/** Claims that identify a user, in the order SPs usually fall back on them. */
export const USER_IDENTIFYING_CLAIMS = ['email', 'preferred_username', 'sub'] as const;

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** Reads a claim by name; a dotted name (`cnf.jkt`) walks into objects when no such top-level claim exists. */
export function readClaim(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The scopes a token grants: Okta's `scp` array (or string) and RFC 9068's `scope` string, merged. */
export function grantedScopes(payload: Record<string, unknown>): string[] {
  const scopes = new Set<string>();
  for (const value of [payload.scp, payload.scope]) {
    if (typeof value === 'string') value.split(/\s+/).forEach((s) => s && scopes.add(s));
    if (Array.isArray(value)) value.forEach((s) => typeof s === 'string' && scopes.add(s));
  }
  return [...scopes];
}

function checkAlgorithm(
  header: Record<string, unknown>,
  expectation: SpExpectation,
): CheckFailure[] {
  const allowed = expectation.algorithms?.length ? expectation.algorithms : DEFAULT_ALGORITHMS;
  const alg = header.alg;
  if (typeof alg !== 'string' || alg.length === 0) {
    return [
      {
        code: 'algorithm_not_allowed',
        message: 'the JWT header has no alg',
        claim: 'alg',
        token: alg,
        expected: allowed,
      },
    ];
  }
  // RFC 8725 §3.2: an unsecured token is never acceptable, whatever the SP's list says.
  if (alg.toLowerCase() === 'none') {
    return [
      {
        code: 'algorithm_not_allowed',
        message: `alg "${alg}" means the token is unsigned: never accepted`,
        claim: 'alg',
        token: alg,
        expected: allowed,
      },
    ];
  }
  if (!allowed.includes(alg)) {
    return [
      {
        code: 'algorithm_not_allowed',
        message: `alg "${alg}" is not one of the SP's allowed algorithms ${allowed.join(', ')}`,
        claim: 'alg',
        token: alg,
        expected: allowed,
      },
    ];
  }
  return [];
}

/** RFC 7515 §4.1.11: a recipient must reject a token whose `crit` names a header it does not understand. */
function checkCrit(header: Record<string, unknown>): CheckFailure[] {
  if (header.crit === undefined) return [];
  return [
    {
      code: 'malformed_token',
      message: `the JWT header's crit ${show(header.crit)} names extensions the SP does not understand`,
      claim: 'crit',
      token: header.crit,
      expected: '(absent)',
    },
  ];
}

function checkIssuer(payload: Record<string, unknown>, expectation: SpExpectation): CheckFailure[] {
  const trusted = list(expectation.issuer);
  if (trusted.length === 0) return [];
  const iss = payload.iss;
  if (typeof iss === 'string' && trusted.includes(iss)) return [];
  return [
    {
      code: 'issuer_mismatch',
      message: `iss ${show(iss)} is not the trusted issuer ${trusted.map((t) => `"${t}"`).join(' or ')}`,
      claim: 'iss',
      token: iss,
      expected: trusted.length === 1 ? trusted[0] : trusted,
    },
  ];
}

function checkAudience(
  payload: Record<string, unknown>,
  expectation: SpExpectation,
  use: TokenUse,
): CheckFailure[] {
  let accepted = list(expectation.audience);
  if (accepted.length === 0 && use === 'id_token' && expectation.clientId) {
    accepted = [expectation.clientId];
  }
  if (accepted.length === 0) return [];
  const failures: CheckFailure[] = [];
  const aud = tokenAudiences(payload);
  if (!aud.some((a) => accepted.includes(a))) {
    failures.push({
      code: 'audience_mismatch',
      message: `aud ${show(payload.aud)} is not ${accepted.map((a) => `"${a}"`).join(' or ')}`,
      claim: 'aud',
      token: payload.aud,
      expected: accepted.length === 1 ? accepted[0] : accepted,
    });
  }
  // OIDC Core §3.1.3.7: with several audiences, azp (when present) must be the client id.
  const azp = payload.azp;
  if (use === 'id_token' && expectation.clientId && aud.length > 1 && azp !== undefined) {
    if (azp !== expectation.clientId) {
      failures.push({
        code: 'audience_mismatch',
        message: `azp ${show(azp)} is not the client id "${expectation.clientId}"`,
        claim: 'azp',
        token: azp,
        expected: expectation.clientId,
      });
    }
  }
  return failures;
}

function checkUse(parts: TokenParts, expectation: SpExpectation, use: TokenUse): CheckFailure[] {
  const guess = guessTokenUse(parts, expectation.clientId);
  if (guess.use === 'unknown' || guess.use === use) return [];
  const signs = guess.use === 'id_token' ? guess.idTokenSigns : guess.accessTokenSigns;
  const related: Record<string, unknown> = {};
  for (const sign of signs) {
    const name = sign.split(' ')[0] ?? sign;
    if (name === 'typ') related.typ = parts.header.typ;
    else if (name in parts.payload) related[name] = parts.payload[name];
  }
  const what = (u: TokenUse) => (u === 'id_token' ? 'an ID token' : 'an access token');
  return [
    {
      code: 'token_type_mismatch',
      message: `the SP wants ${what(use)} but this is ${what(guess.use)} (${signs.join(', ')})`,
      token: guess.use,
      expected: use,
      related,
    },
  ];
}

function checkOrgAccessToken(parts: TokenParts, expectation: SpExpectation): CheckFailure[] {
  if (expectation.acceptOrgAccessTokens || !isOrgAccessToken(parts)) return [];
  const typ = parts.header.typ;
  const byTyp = typeof typ === 'string' && typ.toLowerCase() === ORG_ACCESS_TOKEN_TYP;
  return [
    {
      code: 'org_server_access_token',
      message: byTyp
        ? `typ "${typ}" marks an ORG authorization server access token, meant for Okta's own APIs only`
        : `iss and aud are both the org URL ${show(parts.payload.iss)}: an ORG authorization server access token, meant for Okta's own APIs only`,
      claim: byTyp ? 'typ' : 'iss',
      token: byTyp ? typ : parts.payload.iss,
      expected: 'an access token from a custom authorization server (https://{domain}/oauth2/{id})',
      related: { iss: parts.payload.iss, aud: parts.payload.aud },
    },
  ];
}

function checkClaims(payload: Record<string, unknown>, expectation: SpExpectation): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const userClaim = expectation.userClaim;
  // at_hash marks an ID token issued with an access token: a claim missing there may be in /userinfo.
  const thinHint = payload.at_hash !== undefined ? { at_hash: payload.at_hash } : undefined;
  for (const name of expectation.requireClaims ?? []) {
    if (name === userClaim || isPresent(readClaim(payload, name))) continue;
    failures.push({
      code: 'missing_claim',
      message: `the token has no ${name} claim`,
      claim: name,
      expected: 'present',
      ...(thinHint ? { related: thinHint } : {}),
    });
  }
  if (userClaim && !isPresent(readClaim(payload, userClaim))) {
    const others: Record<string, unknown> = {};
    for (const name of USER_IDENTIFYING_CLAIMS) {
      if (name !== userClaim && isPresent(payload[name])) others[name] = payload[name];
    }
    const names = Object.keys(others);
    failures.push(
      names.length > 0
        ? {
            code: 'user_claim_mismatch',
            message: `the SP identifies users by ${userClaim}, which the token lacks; it has ${names.join(', ')}`,
            claim: userClaim,
            expected: 'present',
            related: { ...others, ...thinHint },
          }
        : {
            code: 'missing_claim',
            message: `the token has no ${userClaim} claim to identify the user`,
            claim: userClaim,
            expected: 'present',
            ...(thinHint ? { related: thinHint } : {}),
          },
    );
  }
  return failures;
}

function checkScopes(payload: Record<string, unknown>, expectation: SpExpectation): CheckFailure[] {
  const required = expectation.requireScopes ?? [];
  if (required.length === 0) return [];
  const granted = grantedScopes(payload);
  const claim = payload.scp !== undefined || payload.scope === undefined ? 'scp' : 'scope';
  return required
    .filter((scope) => !granted.includes(scope))
    .map((scope) => ({
      code: 'insufficient_scope' as const,
      message: `the token does not grant the scope "${scope}" (${claim}: ${show(payload[claim])})`,
      claim,
      token: granted,
      expected: scope,
    }));
}

/** RFC 9068 §2.1 and §2.2.3: `typ` is `at+jwt` and `scope` a space-separated string. */
function checkAccessTokenProfile(parts: TokenParts, expectation: SpExpectation): CheckFailure[] {
  if (expectation.accessTokenProfile !== 'rfc9068') return [];
  const failures: CheckFailure[] = [];
  const typ = parts.header.typ;
  if (typeof typ !== 'string' || !(RFC9068_TYPS as readonly string[]).includes(typ.toLowerCase())) {
    failures.push({
      code: 'access_token_profile_mismatch',
      message: `the SP wants an RFC 9068 access token (typ "at+jwt"); this token's typ is ${show(typ)}`,
      claim: 'typ',
      token: typ,
      expected: 'at+jwt',
    });
  }
  const scope = parts.payload.scope;
  if (typeof scope !== 'string') {
    failures.push({
      code: 'access_token_profile_mismatch',
      message: `the SP reads scopes from an RFC 9068 scope string; this token has scope ${show(scope)}${parts.payload.scp !== undefined ? ` and scp ${show(parts.payload.scp)}` : ''}`,
      claim: 'scope',
      token: scope,
      expected: 'a space-separated string',
      ...(parts.payload.scp !== undefined ? { related: { scp: parts.payload.scp } } : {}),
    });
  }
  return failures;
}

function checkNonce(payload: Record<string, unknown>, expectation: SpExpectation): CheckFailure[] {
  if (expectation.nonce === undefined || payload.nonce === expectation.nonce) return [];
  return [
    {
      code: 'nonce_mismatch',
      message:
        payload.nonce === undefined
          ? 'the ID token has no nonce but the request sent one'
          : 'the ID token nonce is not the one the request sent',
      claim: 'nonce',
      token: payload.nonce,
      expected: expectation.nonce,
    },
  ];
}

/**
 * Checks a decoded token against what an SP expects, without the signature, and returns
 * **every** failure found (an empty list: the token passes these checks). Pure: no I/O, the
 * clock comes from `context.now`.
 */
export function checkToken(
  parts: TokenParts,
  expectation: SpExpectation,
  context: CheckContext,
): CheckFailure[] {
  const use: TokenUse = expectation.tokenUse ?? 'access_token';
  const { header, payload } = parts;
  const failures: CheckFailure[] = [
    ...checkAlgorithm(header, expectation),
    ...checkCrit(header),
    ...checkIssuer(payload, expectation),
    ...checkAudience(payload, expectation, use),
    ...checkUse(parts, expectation, use),
    ...(use === 'access_token' ? checkOrgAccessToken(parts, expectation) : []),
    ...checkTimes(payload, context.now, expectation.clockToleranceSeconds ?? 0),
    ...checkClaims(payload, expectation),
    ...checkScopes(payload, expectation),
    ...(use === 'access_token' ? checkAccessTokenProfile(parts, expectation) : []),
    ...(use === 'access_token'
      ? checkDpopBinding(payload, expectation.dpop ?? 'allowed', context)
      : []),
    ...checkNonce(payload, expectation),
  ];
  return failures;
}
