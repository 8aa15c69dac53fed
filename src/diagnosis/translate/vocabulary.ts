/**
 * The message vocabulary: a sentence that names a claim or header (the subject) and says it
 * failed (the failure word) states a cause, whatever library wrote it. The exact per-library
 * rules run first because they also capture values; this catches the rest ("Audience doesn't
 * match", "token has invalid issuer", "the token has expired", "kid not found in JWKS").
 */
import type { DiagnosisCode } from '../codes.js';
import type { Translation } from './types.js';

interface Subject {
  code: DiagnosisCode;
  claim?: string;
  /** Words naming the claim or header. */
  names: RegExp;
  /** True when the names alone already say it failed ("expired", "malformed"). */
  selfFailing?: boolean;
}

// Order matters: the first subject named in a sentence wins, so the more specific come first
// ("signature key was not found" is about the key, "Signature has expired" about exp).
const SUBJECTS: readonly Subject[] = [
  {
    code: 'malformed_token',
    names:
      /\bmalformed\b|not well[- ]formed|number of (?:segments|parts)|not enough segments|cannot be parsed|could not (?:be )?(?:parse|decode)d?\b/i,
    selfFailing: true,
  },
  { code: 'dpop_binding_mismatch', claim: 'cnf.jkt', names: /\bDPoP\b|\bcnf\b|\bjkt\b/i },
  {
    code: 'unknown_signing_key',
    claim: 'kid',
    names:
      /\bkid\b|\bkey id\b|signing key|signature key|\bjwks?\b|matching key|public key|key set/i,
  },
  {
    code: 'token_expired',
    claim: 'exp',
    names: /\bexpired?\b|\bexpir(?:y|ation|es)\b|\blifetime\b|\bexp\b/i,
    selfFailing: true,
  },
  {
    code: 'token_not_yet_valid',
    claim: 'nbf',
    names:
      /\bnbf\b|not yet valid|not valid yet|not before|\bimmature\b|used before|issued in the future/i,
    selfFailing: true,
  },
  {
    code: 'audience_mismatch',
    claim: 'aud',
    names: /\baud\b|\baudiences?\b|\bclient[_ ]?id\b|\bcid\b|\bazp\b/i,
  },
  { code: 'issuer_mismatch', claim: 'iss', names: /\biss\b|\bissuer\b/i },
  { code: 'algorithm_not_allowed', claim: 'alg', names: /\balg\b|\balgorithms?\b|signing method/i },
  { code: 'insufficient_scope', claim: 'scp', names: /\bscopes?\b|\bscp\b/i },
  { code: 'nonce_mismatch', claim: 'nonce', names: /\bnonce\b/i },
  { code: 'access_token_profile_mismatch', claim: 'typ', names: /\btyp\b|token type\b/i },
  { code: 'signature_invalid', claim: 'signature', names: /\bsignature\b/i },
];

/** Words that say the named thing failed. */
const FAILURE =
  /\b(?:invalid|mismatch(?:ed)?|(?:does|do|did)(?:n't| not) (?:match|have (?:a |an |the )?(?:valid|matching|expected|required))|not match(?:ed|ing)?|unexpected|fail(?:ed|s|ure)?|not (?:valid|allowed|accepted|supported|configured|trusted|permitted|found|present|included)|unsupported|missing|required|rejected|unknown|no (?:matching|applicable|valid)|wrong|bad|incorrect|insufficient|unable|could not|cannot|denied|absent|refused)\b/i;

/** `missing claim X` / `X claim is required` / `claim "X" is missing`: a named claim the SP needs. */
const MISSING_CLAIM =
  /(?:missing (?:required )?claim:? ['"`]?(\w+)|claim ['"`]?(\w+)['"`]? (?:is )?(?:missing|required)|['"`](\w+)['"`] claim (?:is )?(?:missing|required)|missing (?:the )?['"`](\w+)['"`] claim)/i;

/** Split into sentences small enough that a subject and its failure word belong together. */
function sentences(text: string): string[] {
  return text.split(/\r?\n|(?<=[.;!?])\s+(?=[A-Z])/).filter((s) => s.trim().length > 0);
}

/**
 * What the vocabulary reads in `text`: one translation per sentence that names a subject and a
 * failure, first subject first. Meant for text no exact rule recognised.
 */
export function vocabulary(
  text: string,
  codeForClaim: (claim: string) => DiagnosisCode,
): Translation[] {
  const out: Translation[] = [];
  for (const sentence of sentences(text)) {
    const s = sentence.length > 2000 ? sentence.slice(0, 2000) : sentence;
    const missing = MISSING_CLAIM.exec(s);
    if (missing) {
      const claim = missing[1] ?? missing[2] ?? missing[3] ?? missing[4] ?? '';
      out.push({ code: codeForClaim(claim), source: 'vocabulary', claim, matched: s.trim() });
      continue;
    }
    // The subject named first in the sentence is what it is about.
    let best: { subject: Subject; at: number } | undefined;
    for (const subject of SUBJECTS) {
      const m = subject.names.exec(s);
      if (!m) continue;
      if (!subject.selfFailing && !FAILURE.test(s)) continue;
      // A bare "signature" is the weakest subject: any other named thing says more.
      const at = subject.code === 'signature_invalid' ? Number.MAX_SAFE_INTEGER : m.index;
      if (!best || at < best.at) best = { subject, at };
    }
    if (!best) continue;
    const t: Translation = { code: best.subject.code, source: 'vocabulary', matched: s.trim() };
    if (best.subject.claim) t.claim = best.subject.claim;
    out.push(t);
  }
  return out;
}
