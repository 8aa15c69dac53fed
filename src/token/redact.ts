/**
 * Showing tokens without leaking them (architecture.md idea 10; issue item 8): a token in any
 * report, log or terminal shows its JOSE header and payload, never its signature, so a pasted
 * report cannot be replayed against an API. Client secrets, passwords and API tokens are masked
 * wherever they appear in free text.
 */

/** The decoded, displayable parts of a JWT. `undefined` parts could not be decoded. */
export interface DisplayedToken {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** Why a part could not be decoded (not a JWT, a JWE, broken base64url, not JSON). */
  error?: string;
}

/** Marker put where a signature (or a secret) was. */
export const SIGNATURE_REMOVED = '<signature removed>';
/** Marker put where a secret was in free text. */
export const SECRET_REDACTED = '<redacted>';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): Record<string, unknown> | string {
  if (!BASE64URL.test(segment)) return 'not base64url';
  let text: string;
  try {
    text = Buffer.from(segment, 'base64url').toString('utf8');
  } catch {
    return 'not base64url';
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return 'not a JSON object';
    }
    return value as Record<string, unknown>;
  } catch {
    return 'not JSON';
  }
}

/**
 * Decodes a compact JWT's header and payload for display; never verifies and never returns the
 * signature. A JWE (five parts) shows only its header: its payload is encrypted.
 */
export function decodeForDisplay(jwt: string): DisplayedToken {
  const parts = jwt.trim().split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    return { error: `not a compact JWT: ${parts.length} part(s), expected 3` };
  }
  const out: DisplayedToken = {};
  const header = decodeSegment(parts[0] ?? '');
  if (typeof header === 'string') return { error: `header is ${header}` };
  out.header = header;
  if (parts.length === 5) {
    out.error = 'JWE: the payload is encrypted';
    return out;
  }
  const payload = decodeSegment(parts[1] ?? '');
  if (typeof payload === 'string') out.error = `payload is ${payload}`;
  else out.payload = payload;
  return out;
}

/**
 * The token with its signature replaced by a marker: `<header>.<payload>.<signature removed>`.
 * Header and payload are only base64url, so anyone can decode them; the marker makes the token
 * unusable. A value that is not a JWT is replaced entirely.
 */
export function redactJwt(jwt: string): string {
  const parts = jwt.trim().split('.');
  if (parts.length === 3) return `${parts[0]}.${parts[1]}.${SIGNATURE_REMOVED}`;
  if (parts.length === 5) return `${parts[0]}.<encrypted token removed>`;
  return SECRET_REDACTED;
}

/** Compact JWS/JWE shapes inside free text (a log line, an HTTP body, a HAR entry). */
const JWT_IN_TEXT =
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks every given secret (client secret, password, API token) and every JWT signature found in
 * `text`. Secrets shorter than 4 characters are ignored: masking them would garble ordinary text
 * without protecting anything.
 */
export function redactSecrets(
  text: string,
  secrets: ReadonlyArray<string | undefined> = [],
): string {
  let out = text.replace(JWT_IN_TEXT, (m) => redactJwt(m));
  const sorted = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) {
    out = out.replace(new RegExp(escapeRegExp(secret), 'g'), SECRET_REDACTED);
  }
  return out;
}
