/**
 * Two judgements over a HAR: whether the export was sanitized (Chrome's "Export HAR
 * (sanitized)" removes exactly the `Authorization`, `Cookie` and `Set-Cookie` headers and the
 * cookie lists), and whether an SP's answer is a refusal of the sign-in or the token.
 */
import type { Entry } from 'har-format';
import { header, urlParams } from './entry.js';
import type { TokenIssuance } from './extract.js';
import { sentTokens } from './request-token.js';

/** Okta's own endpoints whose 401/403 is about signing in or the client, not a token at an SP. */
export const IDP_PATHS =
  /^\/(?:api\/v1\/(?:authn|sessions)|idp\/|login\/(?!oauth2\/code\/)|signin\/|sso\/)|\/v1\/(?:token|authorize|introspect|revoke|keys|logout)$/;

/** The URL's path, or '' when it is not a URL. */
export function pathOf(raw: string): string {
  try {
    return new URL(raw).pathname;
  } catch {
    return '';
  }
}

export const SANITIZED_MISSING =
  'Authorization and Cookie request headers, Set-Cookie response headers and cookie lists were removed: the token or session cookie each request carried there is not in the file';
/** Okta's browser sign-in endpoints: a browser always sends or gets cookies there. */
const SIGN_IN_PATHS =
  /\/v1\/authorize$|^\/(?:api\/v1\/authn|idp\/idx\/|login\/(?!oauth2\/code\/)|signin\/|sso\/)/;

function stripped(e: Entry): boolean {
  return (
    header(e.request.headers, 'authorization') === undefined &&
    header(e.request.headers, 'cookie') === undefined &&
    header(e.response.headers, 'set-cookie') === undefined &&
    !(Array.isArray(e.request.cookies) && e.request.cookies.length > 0) &&
    !(Array.isArray(e.response.cookies) && e.response.cookies.length > 0)
  );
}

/**
 * Chrome's sanitized export drops exactly `Authorization`, `Cookie`, `Set-Cookie` and the
 * cookie lists. Their absence alone proves little (an SPA that posts its token in a body sends
 * none), so it counts only where a browser would have had some: an Okta sign-in, or an SP
 * call that was refused and carried no token in any other place.
 */
export function looksSanitized(entries: readonly Entry[]): boolean {
  if (!entries.every(stripped)) return false;
  return entries.some((e) => {
    const path = pathOf(e.request.url);
    if (SIGN_IN_PATHS.test(path)) return true;
    const s = e.response.status;
    return (s === 401 || s === 403) && !IDP_PATHS.test(path) && sentTokens(e).length === 0;
  });
}

const ERROR_PAGE = /error|denied|unauthori[sz]ed|forbidden|fail/i;

/**
 * Why an SP's answer is a rejection, or undefined: any 401/403; a 400 or 5xx where a sign-in
 * callback got its token or code; or a redirect to an error page right after a token was
 * delivered (whose Location query may carry the reason, returned as `said`).
 */
export function refusal(
  e: Entry,
  posted: TokenIssuance | undefined,
): { said?: string } | undefined {
  const status = e.response.status;
  if (status === 401 || status === 403) return {};
  const q = urlParams(e.request.url).find((p) => p.in === 'query')?.params;
  const callback =
    posted !== undefined ||
    (q?.has('code') && q.has('state')) ||
    sentTokens(e).some((t) => t.in !== 'authorization_header');
  if (!callback) return undefined;
  if (status === 400 || status >= 500) return {};
  if (status >= 300 && status < 400 && posted) {
    const location = header(e.response.headers, 'location') || e.response.redirectURL || '';
    if (!ERROR_PAGE.test(location)) return undefined;
    const said: string[] = [];
    for (const p of urlParams(safeUrl(location, e.request.url))) {
      for (const [k, v] of p.params) if (/error|message|reason|detail/i.test(k) && v) said.push(v);
    }
    return said.length ? { said: said.join('\n') } : {};
  }
  return undefined;
}

function safeUrl(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return '';
  }
}
