/**
 * Sizes that cannot work, refused when the case is loaded instead of after a browser has tried.
 *
 * The authorize URL carries the scopes in the request line, and Node's HTTP server (the emulator,
 * the mock SP, Node-based SPs) refuses a request line plus headers over 16 KB
 * (`http.maxHeaderSize`, 16,384 bytes by default) with 431; the redirect URI, state, nonce, PKCE
 * challenge and cookies need room beside them. A claim value travels base64url-encoded (4/3 of its
 * size) inside a token in the `Authorization` header, so it gets the same bound. Keys are names.
 */
import { count } from '../input/read-file.js';
import type { RawProblem } from './messages.js';

/** The longest `client.scopes` list, joined with spaces as the `scope` parameter sends it. */
export const MAX_SCOPE_PARAMETER_CHARS = 4096;
/** The longest string value anywhere in a case (claims, URLs, names, descriptions). */
export const MAX_VALUE_CHARS = 8192;
/** The longest mapping key (a claim name, a server id, a user attribute). */
export const MAX_KEY_CHARS = 256;

type Path = Array<string | number>;

/** Problems with sizes in a parsed case (any shape; wrong types are the schema's to report). */
export function limitProblems(value: unknown): RawProblem[] {
  const out: RawProblem[] = [];
  walk(value, [], out);
  const client = (value as { client?: { scopes?: unknown } } | null)?.client;
  const scopes = client?.scopes;
  if (Array.isArray(scopes) && scopes.every((s) => typeof s === 'string')) {
    const length = (scopes as string[]).join(' ').length;
    if (length > MAX_SCOPE_PARAMETER_CHARS && !out.some((p) => p.segments[0] === 'client')) {
      out.push({
        segments: ['client', 'scopes'],
        message: `are ${count(length)} characters together; the authorize URL's scope parameter fits at most ${count(MAX_SCOPE_PARAMETER_CHARS)} characters (servers refuse request lines over 16 KB)`,
      });
    }
  }
  return out;
}

function walk(value: unknown, path: Path, out: RawProblem[]): void {
  if (typeof value === 'string') {
    if (value.length > MAX_VALUE_CHARS) {
      const scope = path[0] === 'client' && path[1] === 'scopes';
      out.push({
        segments: path,
        message: scope
          ? `is ${count(value.length)} characters; the authorize URL's scope parameter fits at most ${count(MAX_SCOPE_PARAMETER_CHARS)} characters (servers refuse request lines over 16 KB)`
          : `is ${count(value.length)} characters; at most ${count(MAX_VALUE_CHARS)} characters fit in a token or a request header`,
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.length > MAX_KEY_CHARS) {
        out.push({
          segments: [...path, key],
          message: `the key is ${count(key.length)} characters; a key has at most ${count(MAX_KEY_CHARS)} characters`,
        });
        continue;
      }
      walk(item, [...path, key], out);
    }
  }
}
