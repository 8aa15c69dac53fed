/** The `WWW-Authenticate` header parser (RFC 7235 §4.1, RFC 6750 §3, RFC 9449 §7.1). */

/** One challenge of a `WWW-Authenticate` header. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="x", error="invalid_token", error_description="…", DPoP algs="ES256"`. */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const re = /\s*,?\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/gy;
  let current: AuthChallenge | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header)) !== null && m[0].length > 0) {
    const name = m[1] ?? '';
    const hasValue = m[2] !== undefined || m[3] !== undefined;
    if (!hasValue) {
      current = { scheme: name, params: {} };
      challenges.push(current);
    } else if (current) {
      current.params[name.toLowerCase()] =
        m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    }
  }
  return challenges;
}
