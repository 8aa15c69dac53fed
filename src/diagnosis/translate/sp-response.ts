/** An SP's HTTP answer (challenge and body) and Okta's authorize errors, through the one table. */
import { isDiagnosisCode } from '../codes.js';
import type { Translation } from './types.js';
import { translateMessage } from './match.js';
import { parseWwwAuthenticate, type AuthChallenge } from './www-authenticate.js';

/** What an SP's HTTP answer says, translated. */
export interface SpResponseTranslation {
  challenges: AuthChallenge[];
  translations: Translation[];
  /** RFC 6750 `error`, when given. */
  error?: string;
  errorDescription?: string;
}

function bodyText(body: string): string[] {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') {
      const o = json as Record<string, unknown>;
      return ['error_description', 'message', 'detail', 'error', 'title', 'errorSummary']
        .map((k) => o[k])
        .filter((v): v is string => typeof v === 'string');
    }
  } catch {
    // not JSON: the whole body is the message
  }
  return [body];
}

function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * What an SP that speaks this project's vocabulary states in its JSON body: the mock SP's
 * `{"diagnosis":[codes…], "failures":[{code, claim, token, expected, message}…]}`, or a list
 * under `codes`/`diagnoses`. Structural: stable codes, no message text.
 */
function bodyStatements(body: string): Translation[] {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return [];
  }
  if (o === null || typeof o !== 'object') return [];
  const out: Translation[] = [];
  if (Array.isArray(o.failures)) {
    for (const f of o.failures as Array<Record<string, unknown>>) {
      if (!f || !isDiagnosisCode(f.code)) continue;
      const t: Translation = {
        code: f.code,
        source: 'mock-sp',
        matched: asText(f.message) ?? f.code,
      };
      const claim = asText(f.claim);
      const token = asText(f.token);
      const expected = asText(f.expected);
      if (claim) t.claim = claim;
      if (token) t.token = token;
      if (expected) t.expected = expected;
      out.push(t);
    }
  }
  const list = o.diagnosis ?? o.codes ?? o.diagnoses;
  if (Array.isArray(list)) {
    for (const x of list) {
      const code = typeof x === 'object' && x !== null ? (x as { code?: unknown }).code : x;
      if (isDiagnosisCode(code) && !out.some((t) => t.code === code)) {
        out.push({ code, source: 'mock-sp', matched: `body names ${code}` });
      }
    }
  }
  return out;
}

/**
 * Translates an SP's answer: RFC 6750 `error`/`error_description`/`scope` of every challenge, a
 * `DPoP` challenge without a `Bearer` one (RFC 9449 §7.1: the SP demands DPoP), and the body.
 */
export function translateSpResponse(res: {
  status?: number;
  wwwAuthenticate?: string;
  body?: string;
}): SpResponseTranslation {
  const challenges = res.wwwAuthenticate ? parseWwwAuthenticate(res.wwwAuthenticate) : [];
  const out: SpResponseTranslation = { challenges, translations: [] };
  const add = (ts: Translation[]) => {
    for (const t of ts) {
      if (!out.translations.some((o) => o.code === t.code && o.claim === t.claim))
        out.translations.push(t);
    }
  };
  for (const c of challenges) {
    const { error, error_description: description, scope } = c.params;
    if (error && !out.error) out.error = error;
    if (description && !out.errorDescription) out.errorDescription = description;
    if (error === 'insufficient_scope') {
      const t: Translation = {
        code: 'insufficient_scope',
        source: 'rfc6750',
        claim: 'scp',
        matched: `error="${error}"`,
      };
      if (scope) t.expected = scope;
      add([t]);
    }
    if (description) add(translateMessage(description));
  }
  const schemes = challenges.map((c) => c.scheme.toLowerCase());
  if (schemes.includes('dpop') && !schemes.includes('bearer')) {
    add([
      {
        code: 'dpop_binding_mismatch',
        source: 'rfc6750',
        claim: 'cnf.jkt',
        expected: 'a DPoP-bound token (Authorization: DPoP)',
        matched: 'WWW-Authenticate: DPoP',
      },
    ]);
  }
  if (res.body) {
    add(bodyStatements(res.body));
    for (const text of bodyText(res.body)) add(translateMessage(text));
  }
  return out;
}

/** Translates an `/authorize` (or `/token`) error into the codes Okta's exact strings state. */
export function translateAuthorizeError(error: string, description = ''): Translation[] {
  void error; // Okta's descriptions are specific; the error code alone (invalid_scope) is not.
  return translateMessage(description).filter((t) => t.source === 'okta');
}
