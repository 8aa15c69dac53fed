/**
 * The last line of defence before anything is written to a report (issue item 4: "No report ever
 * holds a token signature, a secret, a password or an API token"). The evidence is already
 * redacted where it is collected; this pass does it again over every string of the document, so a
 * value that slipped in through a field nobody thought of (an SP body, an error message, a System
 * Log reason, a userinfo claim) is still caught.
 */
import { redactJwt, redactSecrets } from '../token/redact.js';

/**
 * Three dot-separated base64url segments whose first segment decodes to a JSON object: a compact
 * JWS, whatever its header's spacing (`{"` encodes as `eyJ`, `{ "` as `eyAi`, `{\n` as `ewo`).
 * `redactSecrets` already masks `eyJ…` tokens; this also catches the other spellings.
 */
const JWS_LIKE = /(?<![A-Za-z0-9_-])e[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{8,}/g;

function headerIsJsonObject(segment: string): boolean {
  try {
    return Buffer.from(segment, 'base64url').toString('utf8').trimStart().startsWith('{');
  } catch {
    return false;
  }
}

/** A JWT signature (any header spelling), a given secret: each masked in `text`. */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  const once = redactSecrets(text, secrets);
  return once.replace(JWS_LIKE, (m) => {
    const [header] = m.split('.');
    return header && headerIsJsonObject(header) ? redactJwt(m) : m;
  });
}

/**
 * A deep copy of `value` with every string (object keys included) passed through
 * {@link scrubText}. Non-JSON leaves (functions, symbols) are dropped, as JSON would.
 */
export function scrubDeep<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) {
        if (typeof inner === 'function' || typeof inner === 'symbol') continue;
        out[scrubText(k, secrets)] = walk(inner);
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
