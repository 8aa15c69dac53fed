/**
 * The one home of redaction (architecture.md idea 10): a token in any report, log, terminal or
 * JSON output shows its JOSE header and payload, never its signature, so a pasted output cannot
 * be replayed against an API; client secrets, passwords, API tokens, TOTP secrets, refresh
 * tokens and authorization codes never appear at all. Every output boundary calls this module,
 * so the promise does not depend on the code path a value took.
 *
 * All markers are `<…>`: one spelling to recognise, and one rule for escaping them in HTML/XML.
 */
import { decodeJsonObject, isJoseHeaderSegment } from '../checks/decode.js';

/** The decoded, displayable parts of a JWT. `undefined` parts could not be decoded. */
export interface DisplayedToken {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** Why a part could not be decoded (not a JWT, a JWE, broken base64url, not JSON). */
  error?: string;
}

/** Marker put where a JWS signature was. */
export const SIGNATURE_REMOVED = '<signature removed>';
/** Marker put where a JWE's encrypted parts were. */
export const ENCRYPTED_REMOVED = '<encrypted token removed>';
/** Marker put where a secret was: a given secret, a secret parameter's value, a non-JWT token. */
export const SECRET_REDACTED = '<redacted>';
/** Every marker this module writes (a report escapes them so they stay text in HTML/XML). */
export const REDACTION_MARKERS: readonly string[] = [
  SIGNATURE_REMOVED,
  ENCRYPTED_REMOVED,
  SECRET_REDACTED,
];

/** Parameter names whose values are secrets, in a query, a fragment or a form body. */
export const SECRET_PARAMETERS: readonly string[] = [
  'code',
  'id_token',
  'access_token',
  'refresh_token',
  'client_secret',
  'client_assertion',
  'code_verifier',
  'password',
  'passcode',
  'credentials.passcode',
  'sessionToken',
  'session_token',
  'stateToken',
  'api_token',
  'totp_secret',
  // An authenticator enrolment's `otpauth://totp/…?secret=…` carries the TOTP secret.
  'secret',
];

const SECRET_SET = new Set(SECRET_PARAMETERS.map((name) => name.toLowerCase()));

/**
 * Decodes a compact JWT's header and payload for display; never verifies and never returns the
 * signature. A JWE (five parts) shows only its header: its payload is encrypted.
 */
export function decodeForDisplay(jwt: string): DisplayedToken {
  const parts = jwt.trim().split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    return { error: `not a compact JWT: ${parts.length} part(s), expected 3` };
  }
  const header = decodeJsonObject(parts[0] ?? '', 'header');
  if (!header.ok) return { error: header.failure.message };
  if (parts.length === 5) return { header: header.value, error: 'JWE: the payload is encrypted' };
  const payload = decodeJsonObject(parts[1] ?? '', 'payload');
  return payload.ok
    ? { header: header.value, payload: payload.value }
    : { header: header.value, error: payload.failure.message };
}

/**
 * The token with its signature replaced by a marker: `<header>.<payload>.<signature removed>`.
 * Header and payload are only base64url, so anyone can decode them; the marker makes the token
 * unusable. A JWE keeps only its header; a value that is not a JWT is replaced entirely.
 */
export function redactJwt(jwt: string): string {
  const parts = jwt.trim().split('.');
  if (parts.length === 3) return `${parts[0]}.${parts[1]}.${SIGNATURE_REMOVED}`;
  if (parts.length === 5) return `${parts[0]}.${ENCRYPTED_REMOVED}`;
  return SECRET_REDACTED;
}

/**
 * A run of dot-joined base64url segments: where compact JWS/JWE tokens hide in free text. The
 * lookbehind starts a run only at its first character, keeping the scan linear on long input.
 */
const DOTTED_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)+/g;

/**
 * A dotted run with every token in it cut: a segment that reads as a JOSE header starts a token —
 * five parts when its header names an `enc` (JWE), else three (JWS; an empty signature, `alg`
 * `none`, included). Scanning segment by segment finds a token glued to a preceding word
 * (`x.eyJ…`) that a pattern anchored on the run's start would miss. `marked`: the run is followed
 * by {@link SIGNATURE_REMOVED}, so a last token with an empty signature was cut by an earlier
 * pass (evidence is redacted when collected and again when written) and keeps its one marker.
 */
function redactRun(run: string, marked: boolean): string {
  const seg = run.split('.');
  const out: string[] = [];
  for (let i = 0; i < seg.length;) {
    const head = seg[i] ?? '';
    if (i + 2 < seg.length && isJoseHeaderSegment(head)) {
      const jwe = i + 4 < seg.length && /"enc"/.test(Buffer.from(head, 'base64url').toString());
      const done = marked && i + 3 === seg.length && seg[i + 2] === '';
      const signature = done ? '' : SIGNATURE_REMOVED;
      out.push(jwe ? `${head}.${ENCRYPTED_REMOVED}` : `${head}.${seg[i + 1]}.${signature}`);
      i += jwe ? 5 : 3;
    } else {
      out.push(head);
      i += 1;
    }
  }
  return out.join('.');
}

/**
 * `name=value` where name is a secret parameter, in a URL, a form body or a log line: the value
 * runs to the next `&`, `#`, quote, whitespace or `<`, and takes a token's signature marker with
 * it (the JWT pass ran first), so the whole value becomes one marker.
 */
const SECRET_PAIR = new RegExp(
  `(^|[?&#;\\s"'(])([A-Za-z_.]+)=([^&#\\s"'<>]+(?:${SIGNATURE_REMOVED})?)`,
  'g',
);

function redactPairs(text: string): string {
  return text.replace(SECRET_PAIR, (m, lead: string, name: string) =>
    SECRET_SET.has(name.toLowerCase()) ? `${lead}${name}=${SECRET_REDACTED}` : m,
  );
}

/**
 * An `Authorization` credential in text: `Basic` (the client id and secret, base64), `SSWS` (an
 * Okta API token), or an opaque `Bearer`/`DPoP` token. The value is RFC 7235's token68 and at
 * least 20 characters, so an auth-param (`Bearer error="…"`) or a word of prose is not one; a
 * JWT is left to the JWT pass, which keeps its header and payload.
 */
const CREDENTIAL =
  /\b(Basic|SSWS|Bearer|DPoP)(\s+)([A-Za-z0-9+/._~-]{20,}=*)(?![A-Za-z0-9+/._~="-])/gi;

function redactCredentials(text: string): string {
  return text.replace(CREDENTIAL, (m, scheme: string, space: string, value: string) => {
    const parts = value.split('.');
    const jwt = parts.length >= 3 && isJoseHeaderSegment(parts[0] ?? '');
    return jwt ? m : `${scheme}${space}${SECRET_REDACTED}`;
  });
}

/** The secrets worth masking, longest first (a secret inside a longer one still goes). */
function maskable(secrets: ReadonlyArray<string | undefined>): string[] {
  return secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
}

/**
 * Free text made safe to show: every JWT/JWS/JWE signature removed (any header spelling, see
 * {@link redactRun}), every secret parameter's value (`code=…`, `client_secret=…`, see
 * {@link SECRET_PARAMETERS}), every `Basic`, `SSWS` or opaque `Bearer` credential and every
 * given secret (client secret, password, API token, TOTP secret, refresh token) replaced by
 * {@link SECRET_REDACTED}. Secrets shorter than 4 characters are ignored: masking them would
 * garble ordinary text without protecting anything.
 */
export function redactSecrets(
  text: string,
  secrets: ReadonlyArray<string | undefined> = [],
): string {
  return redactMasked(text, maskable(secrets));
}

/** {@link redactSecrets} with the secrets already filtered and ordered by {@link maskable}. */
function redactMasked(text: string, masks: readonly string[]): string {
  // Given secrets first: a refresh or opaque token given as a secret goes whole, before the
  // JWT pass would have cut it to a still-recognisable header and payload.
  let out = text;
  for (const secret of masks) {
    out = out.split(secret).join(SECRET_REDACTED);
  }
  out = redactCredentials(out).replace(DOTTED_RUN, (run: string, at: number, whole: string) =>
    redactRun(run, whole.startsWith(SIGNATURE_REMOVED, at + run.length)),
  );
  return redactPairs(out);
}

/**
 * A deep copy of `value` with every string (object keys included) passed through
 * {@link redactSecrets}: for whole documents (evidence, a `--json` result, a report). Non-JSON
 * leaves (functions, symbols) are dropped, as JSON would.
 */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<string | undefined> = []): T {
  const list = maskable(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactMasked(v, list);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) {
        if (typeof inner === 'function' || typeof inner === 'symbol') continue;
        out[redactMasked(k, list)] = walk(inner);
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * The URL with secret parameters replaced, in the query and in a `key=value` fragment; userinfo
 * (`user:pass@`) is dropped; any token elsewhere in it loses its signature. A string that is not
 * a URL is redacted as free text.
 */
export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return redactSecrets(String(input));
  }
  url.username = '';
  url.password = '';
  // URLSearchParams would re-encode the whole query; only the secret values change.
  const params = (part: string): string =>
    part.replace(/(^|&)([^=&]+)=([^&]*)/g, (m, lead: string, name: string) =>
      SECRET_SET.has(paramName(name)) ? `${lead}${name}=${SECRET_REDACTED}` : m,
    );
  const { href, search, hash } = url;
  const base = href.slice(0, href.length - search.length - hash.length);
  const query = search.length > 1 ? `?${params(search.slice(1))}` : search;
  const fragment = hash.includes('=') ? `#${params(hash.slice(1))}` : hash;
  return redactSecrets(`${base}${query}${fragment}`);
}

/** A query parameter's name as compared with {@link SECRET_PARAMETERS}: decoded, lower case. */
function paramName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}
