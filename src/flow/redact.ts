/**
 * Strips secrets from URLs before they appear in a message, a log or a report: authorization
 * codes, tokens, client secrets and passwords are replaced by `[redacted]` (architecture.md idea 10).
 */

/** Parameter names whose values are secrets (query, fragment or form body). */
export const SECRET_PARAMETERS: readonly string[] = [
  'code',
  'id_token',
  'access_token',
  'refresh_token',
  'client_secret',
  'code_verifier',
  'password',
  'passcode',
  'credentials.passcode',
  'sessionToken',
  'session_token',
  'stateToken',
  'api_token',
];

const SECRET_SET = new Set(SECRET_PARAMETERS.map((name) => name.toLowerCase()));

function redactParams(params: URLSearchParams): boolean {
  let changed = false;
  for (const key of new Set(params.keys())) {
    if (SECRET_SET.has(key.toLowerCase())) {
      params.set(key, '[redacted]');
      changed = true;
    }
  }
  return changed;
}

/**
 * The URL with secret parameters replaced, in the query and in a `key=value` fragment; userinfo
 * (`user:pass@`) is dropped. A string that is not a URL comes back unchanged.
 */
export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return String(input);
  }
  url.username = '';
  url.password = '';
  const query = new URLSearchParams(url.search);
  if (redactParams(query)) url.search = query.toString().replaceAll('%5Bredacted%5D', '[redacted]');
  if (url.hash.includes('=')) {
    const fragment = new URLSearchParams(url.hash.slice(1));
    if (redactParams(fragment))
      url.hash = fragment.toString().replaceAll('%5Bredacted%5D', '[redacted]');
  }
  return url.href;
}
