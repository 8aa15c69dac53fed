/**
 * The claims table of a token: each claim beside what the SP expected of it, with the claims the
 * diagnoses name marked as mismatches. Which claims mismatch comes from the diagnoses' evidence
 * rows (keyed by claim), never from re-checking the token here: the report shows what the
 * diagnosis engine found.
 */
import type { Diagnosis } from '../diagnosis/types.js';
import type { SpExpectation, TokenUse } from '../expectation.js';

/** One row of a claims table. */
export interface ClaimRow {
  claim: string;
  /** In the token? `false` for a claim only the SP or a diagnosis names. */
  present: boolean;
  value?: unknown;
  /** What the SP expected, as text; empty when it expects nothing of this claim. */
  expected: string;
  /** Named by a diagnosis' evidence as what is wrong. */
  mismatch: boolean;
  /** Shown by a diagnosis for context (e.g. the identifying claim the token does carry). */
  related: boolean;
  /** The diagnosis codes that name this claim. */
  codes: string[];
}

/** Header parameters a diagnosis may name (`typ`, `alg`, `kid`); all other keys are claims. */
export const HEADER_PARAMETERS = new Set(['typ', 'alg', 'kid', 'cty', 'jku', 'x5u', 'jwk']);

/**
 * Evidence keys that are about the exchange, not a claim (row names of src/diagnosis/explain.ts,
 * engine.ts and system-log.ts).
 */
const NOT_A_CLAIM = new Set([
  'token',
  'sp_said',
  'error',
  'error_description',
  'status',
  'www_authenticate',
  'checked',
  'system_log',
  'missing_events',
  'token_grant',
  'authorization_server',
]);

/** `aud (2)` → `aud`: explain.ts numbers repeated evidence keys. */
export function evidenceClaim(key: string): string {
  return key.replace(/ \(\d+\)$/, '');
}

/**
 * The top-level claim an evidence key is about, or undefined when it is not a claim: `cnf.jkt` is
 * about `cnf`; System Log event types (`app.oauth2.…`) and exchange fields are not claims.
 */
export function claimOfEvidence(key: string): string | undefined {
  const name = evidenceClaim(key);
  if (NOT_A_CLAIM.has(name)) return undefined;
  if (name.startsWith('cnf.')) return 'cnf';
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : undefined;
}

const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(' or ') : v);

/** What the SP expectation says about `claim`, in words. */
export function expectedOf(
  claim: string,
  expectation: SpExpectation | undefined,
  use: TokenUse,
): string {
  if (!expectation) return '';
  const e = expectation;
  const parts: string[] = [];
  const tolerance = `within ${e.clockToleranceSeconds ?? 0} s clock tolerance`;
  switch (claim) {
    case 'iss':
      if (e.issuer) parts.push(list(e.issuer) ?? '');
      break;
    case 'aud': {
      const aud = use === 'id_token' ? (e.clientId ?? list(e.audience)) : list(e.audience);
      if (aud) parts.push(`contains ${aud}`);
      break;
    }
    case 'exp':
      parts.push(`in the future, ${tolerance}`);
      break;
    case 'nbf':
    case 'iat':
      parts.push(`not in the future, ${tolerance}`);
      break;
    case 'nonce':
      if (e.nonce) parts.push(e.nonce);
      break;
    case 'scp':
      if (e.requireScopes?.length) parts.push(`includes ${e.requireScopes.join(', ')}`);
      break;
    case 'scope':
      if (e.requireScopes?.length && e.accessTokenProfile === 'rfc9068')
        parts.push(`includes ${e.requireScopes.join(' ')}`);
      break;
    case 'typ':
      if (use === 'access_token' && e.accessTokenProfile === 'rfc9068') parts.push('at+jwt');
      break;
    case 'alg':
      parts.push(`one of ${(e.algorithms ?? ['RS256']).join(', ')}`);
      break;
  }
  if (e.requireClaims?.includes(claim)) parts.push('required');
  if (e.userClaim === claim) parts.push('identifies the user (required)');
  return parts.join('; ');
}

/** Claims the SP expectation names, so a table shows them even when the token lacks them. */
function expectedClaims(expectation: SpExpectation | undefined): string[] {
  if (!expectation) return [];
  const out = [...(expectation.requireClaims ?? [])];
  if (expectation.userClaim) out.push(expectation.userClaim);
  return out;
}

/** The expected value a diagnosis' evidence gives for `claim` (first one wins). */
function evidenceExpected(claim: string, diagnoses: readonly Diagnosis[]): unknown {
  for (const d of diagnoses) {
    for (const [key, row] of Object.entries(d.evidence)) {
      if (claimOfEvidence(key) === claim && row.expected !== undefined) return row.expected;
    }
  }
  return undefined;
}

/**
 * Claim → the codes of the diagnoses whose evidence names it. A row with an expected value or a
 * note (`absent from the token`) is the mismatch itself; a row with only the token's value is a
 * related claim shown for context (explain.ts `related`), so `related` keeps those apart.
 */
export function mismatchedClaims(
  diagnoses: readonly Diagnosis[],
  related = false,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of diagnoses) {
    for (const [key, row] of Object.entries(d.evidence)) {
      const claim = claimOfEvidence(key);
      if (claim === undefined) continue;
      const isMismatch = row.expected !== undefined || row.note !== undefined;
      if (isMismatch === related) continue;
      const codes = out.get(claim) ?? [];
      if (!codes.includes(d.code)) codes.push(d.code);
      out.set(claim, codes);
    }
  }
  return out;
}

/**
 * The rows of one token part's table. Only the presented token is compared with the SP's
 * expectation (and with the diagnoses): the other token was never shown to the SP.
 */
export function claimRows(
  part: 'header' | 'payload',
  values: Record<string, unknown> | undefined,
  compare?: { use: TokenUse; expectation?: SpExpectation; diagnoses: readonly Diagnosis[] },
): ClaimRow[] {
  const own = values ?? {};
  const names = Object.keys(own);
  const none = new Map<string, string[]>();
  const mismatches = compare ? mismatchedClaims(compare.diagnoses) : none;
  const related = compare ? mismatchedClaims(compare.diagnoses, true) : none;
  const inPart = (c: string) => HEADER_PARAMETERS.has(c) === (part === 'header');
  if (compare) {
    const extra = [...expectedClaims(compare.expectation), ...mismatches.keys()];
    for (const c of extra) if (inPart(c) && !names.includes(c)) names.push(c);
  }
  const rows = names.map((claim) => {
    const present = Object.hasOwn(own, claim);
    const codes = inPart(claim) ? (mismatches.get(claim) ?? []) : [];
    let expected = '';
    if (compare) {
      const fromEvidence = evidenceExpected(claim, compare.diagnoses);
      expected =
        fromEvidence !== undefined
          ? typeof fromEvidence === 'string'
            ? fromEvidence
            : JSON.stringify(fromEvidence)
          : expectedOf(claim, compare.expectation, compare.use);
    }
    const row: ClaimRow = {
      claim,
      present,
      expected,
      mismatch: codes.length > 0,
      related: codes.length === 0 && inPart(claim) && related.has(claim),
      codes,
    };
    if (present) row.value = own[claim];
    return row;
  });
  // What is wrong first, then the claims shown for context, then the rest in token order.
  const rank = (r: ClaimRow) => (r.mismatch ? 0 : r.related ? 1 : 2);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}
