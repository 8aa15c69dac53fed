/**
 * The diagnosis engine (issue items 4-6): takes whatever is known about a failed sign-in or a
 * rejected token and returns the likely causes, most likely first, each explained in Okta's
 * terms. Pure: no I/O, the clock comes from the input.
 */
import type { Diagnosis } from './types.js';
import type { DiagnosisCode } from './codes.js';
import type { EngineContext, Finding } from './finding.js';
import type { CheckFailure, Presentation, TokenParts } from '../checks/types.js';
import type { SpExpectation, TokenUse } from '../expectation.js';
import { checkToken } from '../checks/claims.js';
import { checkTimes } from '../checks/time.js';
import { checkDpopBinding } from '../checks/dpop.js';
import { isCheckFailure, parseCompactJwt } from '../checks/decode.js';
import { guessTokenUse, isOrgAccessToken } from '../checks/token-use.js';
import { explain } from './explain.js';
import { grantFindings } from './grants.js';
import { ORG_THIN_KEEPS, audienceKind, issuerShape, scopeForClaim } from './okta.js';
import { systemLogFindings, type SystemLogInput } from './system-log.js';
import { hostileAlgorithm } from './hostile.js';
import { translateAuthorizeError, translateSpResponse, type Translation } from './translate.js';

/** Everything the engine can use; every field is optional. */
export interface DiagnoseInput {
  /** The token the SP was given. */
  token?: string;
  /** Everything the flow got (for thin-ID-token, at_hash and sub comparisons). */
  tokens?: { id_token?: string; access_token?: string };
  /** Which one was sent, when known. */
  presented?: TokenUse;
  /** How it was sent: bearer, dpop, form_post. */
  presentation?: Presentation;
  /** The SP's expectation, if known. */
  expectation?: SpExpectation;
  /** The SP's answer. */
  spResponse?: { status: number; wwwAuthenticate?: string; body?: string };
  /** Where the flow stopped at /authorize (or Okta's 400 page). */
  authorizeError?: {
    error: string;
    error_description?: string;
    status?: number;
    requestedScopes?: string[];
    server?: string;
    /** The grant refused at `/token` (`client_credentials`, `refresh_token`), when it was one. */
    grantType?: string;
  };
  /** The IdP's System Log: events, or a token issuance summary made of them. */
  systemLog?: SystemLogInput;
  /** The `/userinfo` response, which proves a thin ID token. */
  userinfo?: Record<string, unknown>;
  /** The signature check, when keys were available. */
  signature?: { checked: boolean; failures?: CheckFailure[] };
  /** The clock, epoch seconds. Default: now. */
  now?: number;
}

/** Root causes before their symptoms; problems before the SP before problems at it. */
const RANK: readonly DiagnosisCode[] = [
  'redirect_uri_not_registered',
  'user_not_assigned',
  'client_credentials_on_org_server',
  'too_many_groups',
  'custom_scope_on_org_server',
  'scope_not_configured',
  'tokens_not_issued',
  'malformed_token',
  'org_server_access_token',
  'token_type_mismatch',
  'issuer_mismatch',
  'audience_mismatch',
  'algorithm_not_allowed',
  'unknown_signing_key',
  'signature_invalid',
  'token_expired',
  'token_not_yet_valid',
  'dpop_binding_mismatch',
  'access_token_profile_mismatch',
  'thin_id_token',
  'user_claim_mismatch',
  'missing_claim',
  'insufficient_scope',
  'nonce_mismatch',
  'unexplained',
];

/** A cause that explains another: when the SP states the symptom, the cause ranks with it. */
const EXPLAINS: Partial<Record<DiagnosisCode, DiagnosisCode[]>> = {
  org_server_access_token: [
    'audience_mismatch',
    'issuer_mismatch',
    'access_token_profile_mismatch',
    'unknown_signing_key',
  ],
  token_type_mismatch: [
    'audience_mismatch',
    'missing_claim',
    'insufficient_scope',
    'nonce_mismatch',
  ],
  thin_id_token: ['missing_claim', 'user_claim_mismatch'],
  user_claim_mismatch: ['missing_claim'],
};

const PER_CLAIM = new Set<DiagnosisCode>(['missing_claim', 'user_claim_mismatch', 'thin_id_token']);

function keyOf(f: Pick<Finding, 'code' | 'claim'>): string {
  return PER_CLAIM.has(f.code) ? `${f.code}|${f.claim ?? ''}` : f.code;
}

function fromFailure(c: CheckFailure, likely = false): Finding {
  const f: Finding = { code: c.code, message: c.message, said: [], fromToken: !likely };
  if (c.claim !== undefined) f.claim = c.claim;
  if (c.token !== undefined) f.token = c.token;
  if (c.expected !== undefined) f.expected = c.expected;
  if (c.related) f.related = c.related;
  if (likely) f.likely = true;
  return f;
}

function decode(token: string | undefined): TokenParts | undefined {
  if (!token) return undefined;
  const p = parseCompactJwt(token);
  return isCheckFailure(p) ? undefined : p;
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The token use to check against when the SP's expectation does not say (section 7.1, 7.5). */
function inferUse(e: SpExpectation, guessed: TokenUse | 'unknown'): TokenUse {
  if (e.tokenUse) return e.tokenUse;
  const auds = list(e.audience);
  if (auds.length)
    return auds.every((a) => audienceKind(a) === 'client_id') ? 'id_token' : 'access_token';
  if (e.clientId) return 'id_token';
  return guessed === 'unknown' ? 'access_token' : guessed;
}

/** Likely problems of a token seen without the SP's expectation (issue item 6). */
function tokenAlone(parts: TokenParts, ctx: EngineContext, now: number): Finding[] {
  const out: Finding[] = [];
  const hostile = hostileAlgorithm(parts);
  if (hostile) out.push(hostile);
  if (ctx.use === 'access_token' && isOrgAccessToken(parts)) {
    out.push({
      code: 'org_server_access_token',
      claim: parts.header.typ !== undefined ? 'typ' : 'iss',
      token: parts.header.typ ?? parts.payload.iss,
      related: { iss: parts.payload.iss, aud: parts.payload.aud },
      said: [],
      likely: true,
    });
  }
  // A thin ID token lacking email: the most common "missing claim" 401 (section 7.4).
  if (
    ctx.use === 'id_token' &&
    parts.payload.at_hash !== undefined &&
    parts.payload.email === undefined
  ) {
    out.push({ code: 'missing_claim', claim: 'email', said: [], likely: true, fromToken: true });
  }
  out.push(...checkTimes(parts.payload, now, 0).map((c) => fromFailure(c, true)));
  if (ctx.presentation) {
    const dpop = checkDpopBinding(parts.payload, 'allowed', { presentation: ctx.presentation });
    out.push(...dpop.map((c) => fromFailure(c, true)));
  }
  return out;
}

/** `missing_claim` on a thin ID token becomes `thin_id_token` (section 4), proved by /userinfo. */
function refineThin(f: Finding, ctx: EngineContext): Finding {
  if ((f.code !== 'missing_claim' && f.code !== 'user_claim_mismatch') || !f.claim) return f;
  const parts = ctx.parts;
  if (!parts || ctx.use !== 'id_token' || parts.payload.at_hash === undefined) return f;
  const claim = f.claim;
  const evidence = { ...f.evidence };
  if (ctx.userinfo) {
    const value = ctx.userinfo[claim];
    if (value === undefined) {
      evidence[`userinfo.${claim}`] = {
        token: '(absent)',
        note: '/userinfo lacks it too: the scope was not requested',
      };
      return { ...f, evidence };
    }
    evidence[`userinfo.${claim}`] = {
      token: value,
      note: '/userinfo returns the claim the ID token lacks',
    };
  }
  const shape = issuerShape(parts.payload.iss);
  if (
    !ctx.userinfo &&
    shape.kind === 'org' &&
    (ORG_THIN_KEEPS.includes(claim) || !scopeForClaim(claim))
  )
    return f;
  evidence.at_hash = {
    token: parts.payload.at_hash,
    note: 'an access token was issued with this ID token',
  };
  const related = { ...f.related };
  delete related.at_hash;
  return { ...f, code: 'thin_id_token', related, evidence, proved: ctx.userinfo !== undefined };
}

/**
 * A missing `email` while the token carries `preferred_username` (or the reverse) is the SP
 * mapping users by the wrong claim (section 7.4: the Okta login can differ from the email).
 */
function refineUserClaim(f: Finding, ctx: EngineContext): Finding {
  if (f.code !== 'missing_claim' || !ctx.parts) return f;
  // An SP whose expectation is known and names another claim (or none) as the user's key simply
  // needs this claim: the scope that releases it was not requested (section 7.4, first cause).
  const userClaim = ctx.expectation?.userClaim;
  if (ctx.expectation && userClaim !== f.claim) return f;
  const other =
    f.claim === 'email'
      ? 'preferred_username'
      : f.claim === 'preferred_username'
        ? 'email'
        : undefined;
  if (!other || ctx.parts.payload[other] === undefined) return f;
  return {
    ...f,
    code: 'user_claim_mismatch',
    related: { ...f.related, [other]: ctx.parts.payload[other] },
  };
}

/** What the SP's words reveal of its expectation (the audience or issuer it quoted). */
function expectationFromWords(ts: Translation[]): SpExpectation | undefined {
  const e: SpExpectation = {};
  for (const t of ts) {
    if (t.code === 'audience_mismatch' && t.expected && !t.expected.includes(','))
      e.audience = t.expected;
    if (t.code === 'issuer_mismatch' && t.expected) e.issuer = t.expected;
  }
  return e.audience || e.issuer ? e : undefined;
}

function authorizeFindings(a: NonNullable<DiagnoseInput['authorizeError']>): Finding[] {
  const evidence: NonNullable<Finding['evidence']> = {
    error: { token: a.error },
    ...(a.error_description ? { error_description: { token: a.error_description } } : {}),
    ...(a.status
      ? {
          status: {
            token: a.status,
            note: a.status === 400 ? "Okta's own error page, not a redirect" : undefined,
          },
        }
      : {}),
    ...(a.requestedScopes ? { scope: { token: a.requestedScopes.join(' ') } } : {}),
    ...(a.server ? { authorization_server: { token: a.server } } : {}),
  };
  const byGrant = grantFindings(a);
  if (byGrant.length) return byGrant.map((code) => ({ code, said: [], evidence }));
  const ts = translateAuthorizeError(a.error, a.error_description);
  if (ts.length === 0 && a.status === 400) {
    // Okta shows its own 400 page instead of redirecting only when it cannot trust the
    // redirect_uri (or the client_id it belongs to): whatever the page says, that is the cause.
    evidence.status = {
      token: 400,
      note: "Okta's own error page instead of a redirect: it shows one when it cannot trust the redirect_uri or client_id",
    };
    return [{ code: 'redirect_uri_not_registered', said: [], evidence }];
  }
  if (ts.length === 0) return [{ code: 'tokens_not_issued', said: [], evidence }];
  return ts.map((t) => ({ code: t.code, said: [t], evidence }));
}

/** The SP's words name the same cause as a finding (a missing claim the checks saw as thin or as the user claim). */
function sameCause(t: Translation, f: Finding): boolean {
  if (!PER_CLAIM.has(t.code)) return f.code === t.code;
  if (!t.claim) return f.code === t.code;
  return t.code === 'missing_claim' && PER_CLAIM.has(f.code) && f.claim === t.claim;
}

function merge(findings: Finding[], translations: Translation[]): Finding[] {
  const out: Finding[] = [];
  const byKey = new Map<string, Finding>();
  const add = (f: Finding) => {
    const k = keyOf(f);
    const prev = byKey.get(k);
    if (!prev) {
      byKey.set(k, f);
      out.push(f);
      return;
    }
    prev.said.push(...f.said);
    const rows = { ...prev.evidence, ...f.evidence };
    if (f.claim !== undefined && (f.claim !== prev.claim || f.token !== prev.token)) {
      rows[f.claim in rows || f.claim === prev.claim ? `${f.claim} (also)` : f.claim] = {
        token: f.token,
        expected: f.expected,
      };
    }
    prev.evidence = rows;
  };
  findings.forEach(add);
  for (const t of translations) {
    const prev = byKey.get(keyOf(t)) ?? out.find((f) => sameCause(t, f));
    if (prev) {
      prev.said.push(t);
      prev.likely = false;
      if (prev.token === undefined && t.token !== undefined && !prev.fromToken)
        prev.token = t.token;
      if (prev.expected === undefined && t.expected !== undefined) prev.expected = t.expected;
      continue;
    }
    const f: Finding = { code: t.code, said: [t] };
    if (t.claim) f.claim = t.claim;
    if (t.token !== undefined) f.token = t.token;
    if (t.expected !== undefined) f.expected = t.expected;
    add(f);
  }
  return out;
}

/**
 * `weak`: causes resting on a thin guess (the token's use read from a single claim), which
 * follow the cause the SP's message names instead of leading it.
 */
function order(findings: Finding[], weak: ReadonlySet<DiagnosisCode> = new Set()): Finding[] {
  const stated = new Set(findings.filter((f) => f.said.length > 0).map((f) => f.code));
  const score = (f: Finding) => {
    let s = RANK.indexOf(f.code);
    const explained = (EXPLAINS[f.code] ?? []).filter((c) => stated.has(c));
    // The SP's own words, or a cause behind them, outrank what the token merely suggests.
    if (f.said.length > 0) s -= RANK.length;
    else if (explained.length > 0 && !weak.has(f.code)) s -= RANK.length;
    else if (explained.length > 0) {
      // A guess (the token's use inferred from the SP's words) follows what the SP named.
      s = Math.max(...explained.map((c) => RANK.indexOf(c))) - RANK.length + 0.5;
    } else if (f.likely) s += RANK.length;
    return s;
  };
  return findings
    .map((f, i) => ({ f, i, s: score(f) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.f);
}

function unexplained(input: DiagnoseInput, ctx: EngineContext): Finding {
  const checked: string[] = [];
  if (ctx.parts) checked.push('the token parses');
  if (input.expectation)
    checked.push(
      'issuer, audience, token use, times, algorithm, required claims and scopes, profile, DPoP against the expectation',
    );
  else if (ctx.parts)
    checked.push('the token alone (ORG access token, thin ID token, expiry, DPoP binding)');
  checked.push(input.signature?.checked ? 'the signature' : 'not the signature (no keys given)');
  if (input.spResponse?.wwwAuthenticate || input.spResponse?.body)
    checked.push("the SP's WWW-Authenticate and body");
  const r = input.spResponse;
  return {
    code: 'unexplained',
    said: [],
    evidence: {
      status: { token: r?.status },
      ...(r?.wwwAuthenticate ? { www_authenticate: { token: r.wwwAuthenticate } } : {}),
      checked: { note: checked.join('; ') },
    },
  };
}

/** Explains what is known; `[]` means nothing is wrong. Ordered, most likely cause first. */
export function diagnose(input: DiagnoseInput): Diagnosis[] {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const clientId = input.expectation?.clientId;
  const ctx: EngineContext = { use: input.presented ?? 'unknown' };
  if (input.expectation) ctx.expectation = input.expectation;
  if (input.presentation) ctx.presentation = input.presentation;
  if (input.userinfo) ctx.userinfo = input.userinfo;
  if (input.spResponse) ctx.spStatus = input.spResponse.status;
  if (input.authorizeError?.requestedScopes)
    ctx.requestedScopes = input.authorizeError.requestedScopes;
  if (input.authorizeError?.server) ctx.server = input.authorizeError.server;
  const idToken = decode(input.tokens?.id_token);
  const accessToken = decode(input.tokens?.access_token);
  if (idToken) ctx.idToken = idToken;
  if (accessToken) ctx.accessToken = accessToken;

  const findings: Finding[] = [];
  const weak = new Set<DiagnosisCode>();
  if (input.authorizeError) findings.push(...authorizeFindings(input.authorizeError));
  if (input.systemLog) findings.push(...systemLogFindings(input.systemLog, clientId));
  const sp = input.spResponse ? translateSpResponse(input.spResponse) : undefined;
  let translations = sp?.translations ?? [];
  // A DPoP challenge only explains a token that was not sent with DPoP.
  if (input.presentation === 'dpop') {
    translations = translations.filter(
      (t) => t.source !== 'rfc6750' || t.code !== 'dpop_binding_mismatch',
    );
  }
  const expectation = input.expectation ?? expectationFromWords(translations);

  const token =
    input.token ??
    (input.presented ? input.tokens?.[input.presented] : undefined) ??
    input.tokens?.access_token ??
    input.tokens?.id_token;
  if (token !== undefined) {
    const parsed = parseCompactJwt(token);
    if (isCheckFailure(parsed)) findings.push(fromFailure(parsed));
    else {
      ctx.parts = parsed;
      if (ctx.use === 'unknown') {
        const guess = guessTokenUse(parsed, clientId);
        ctx.use = guess.use;
        if (Math.abs(guess.idTokenSigns.length - guess.accessTokenSigns.length) <= 1)
          weak.add('token_type_mismatch');
      }
      if (!input.expectation) findings.push(...tokenAlone(parsed, ctx, now));
      if (expectation) {
        const use = inferUse(expectation, ctx.use);
        ctx.checkedUse = use;
        const context = {
          now,
          ...(input.presentation ? { presentation: input.presentation } : {}),
        };
        const failures = checkToken(parsed, { ...expectation, tokenUse: use }, context);
        findings.push(...failures.map((c) => fromFailure(c, !input.expectation)));
      }
    }
  }
  for (const c of input.signature?.failures ?? []) findings.push(fromFailure(c));

  let merged = merge(findings, translations).map((f) => refineUserClaim(refineThin(f, ctx), ctx));
  merged = merge(merged, []); // thin findings from two sources become one
  const accepted = input.spResponse !== undefined && input.spResponse.status < 400;
  if (accepted) merged = merged.filter((f) => !f.likely);
  if (merged.length === 0 && input.spResponse && input.spResponse.status >= 400)
    merged.push(unexplained(input, ctx));
  return order(merged, weak).map((f) => explain(f, ctx));
}
