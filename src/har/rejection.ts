/**
 * Ties an SP's 401/403 to the token it was given: the `Authorization` header's, the ID token of
 * the form_post it answered, or — in a sanitized HAR only — the tokens issued just before it,
 * which the note says in words.
 */
import type { Entry } from 'har-format';
import { header, headers, printableUrl, responseText, startedAt } from './entry.js';
import type { HarFindings, HarRejection, TokenIssuance } from './extract.js';

const MAX_BODY = 64 * 1024;
const AUTH_SCHEME = /^\s*(Bearer|DPoP)\s+(\S+)\s*$/i;

/** The rejection of entry `i`, with the token it carried or the one inferred for it. */
export function rejection(
  e: Entry,
  i: number,
  method: string,
  posted: TokenIssuance | undefined,
  found: HarFindings,
): HarRejection {
  const challenges = headers(e.response.headers, 'www-authenticate');
  const body = responseText(e);
  const r: HarRejection = {
    entry: i,
    at: startedAt(e),
    method,
    url: printableUrl(e.request.url),
    status: e.response.status,
    tokenSource: 'none',
    ...(challenges.length > 0 ? { wwwAuthenticate: challenges.join(', ') } : {}),
    ...(body ? { body: body.slice(0, MAX_BODY) } : {}),
  };
  const auth = AUTH_SCHEME.exec(header(e.request.headers, 'authorization') ?? '');
  if (auth) {
    const token = auth[2] as string;
    r.token = token;
    r.tokenSource = 'authorization_header';
    r.presentation = auth[1]!.toLowerCase() === 'dpop' ? 'dpop' : 'bearer';
    const issuance = [...found.issuances]
      .reverse()
      .find((s) => s.tokens.access_token === token || s.tokens.id_token === token);
    if (issuance) {
      r.issuance = issuance;
      r.presented = issuance.tokens.access_token === token ? 'access_token' : 'id_token';
    }
    return r;
  }
  if (posted?.tokens.id_token || posted?.tokens.access_token) {
    // An RP's callback refusing the ID token the IdP posted to it.
    r.tokenSource = 'form_post';
    r.presentation = 'form_post';
    r.presented = posted.tokens.id_token ? 'id_token' : 'access_token';
    r.token = posted.tokens[r.presented];
    r.issuance = posted;
    return r;
  }
  if (!found.sanitized) {
    r.note = 'no Authorization header was sent with this request: the SP got no token from it';
    return r;
  }
  const before = found.issuances.filter((s) => s.at <= r.at);
  const last = before[before.length - 1];
  if (!last) {
    r.note =
      'the HAR is sanitized (no Authorization or cookie headers) and shows no token issued before this request: the token sent is unknown';
    return r;
  }
  // An API takes the access token; only a sign-in without one leaves the ID token to send.
  r.presented = last.tokens.access_token ? 'access_token' : 'id_token';
  r.token = last.tokens[r.presented];
  r.tokenSource = 'inferred';
  r.presentation = 'bearer';
  r.issuance = last;
  const what =
    last.source === 'token_response'
      ? 'token response'
      : last.source === 'form_post'
        ? 'form_post'
        : 'redirect';
  r.note = `the HAR is sanitized: the token sent is inferred from the ${what} at ${new Date(last.at).toISOString()} (${last.method} ${last.url})`;
  return r;
}
