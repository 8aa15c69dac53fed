/**
 * Ties an SP's rejection to the token it was given: the one the request itself carried
 * (`Authorization`, a form or JSON body, the query), the ID token of the form_post it answered,
 * or — in a sanitized HAR only, where the export dropped the headers that carried it — the
 * tokens issued just before it, which the note says in words. HTML bodies are read as text.
 */
import type { Entry } from 'har-format';
import { headers, htmlToText, isHtml, printableUrl, responseText, startedAt } from './entry.js';
import type { HarFindings, HarRejection, TokenIssuance } from './extract.js';
import { sentTokens } from './request-token.js';

const MAX_BODY = 64 * 1024;

function issuanceOf(found: HarFindings, token: string): TokenIssuance | undefined {
  return [...found.issuances]
    .reverse()
    .find((s) => s.tokens.access_token === token || s.tokens.id_token === token);
}

/** The body as the SP's words: an HTML page becomes its text. */
function readableBody(e: Entry): string | undefined {
  const body = responseText(e);
  if (!body) return undefined;
  const cut = body.slice(0, MAX_BODY);
  return isHtml(e, cut) ? htmlToText(cut) || undefined : cut;
}

/** The rejection of entry `i`, with the token it carried or the one inferred for it. */
export function rejection(
  e: Entry,
  i: number,
  method: string,
  posted: TokenIssuance | undefined,
  found: HarFindings,
  extraBody?: string,
): HarRejection {
  const challenges = headers(e.response.headers, 'www-authenticate');
  const body = [readableBody(e), extraBody].filter(Boolean).join('\n') || undefined;
  const r: HarRejection = {
    entry: i,
    at: startedAt(e),
    method,
    url: printableUrl(e.request.url),
    status: e.response.status,
    tokenSource: 'none',
    ...(challenges.length > 0 ? { wwwAuthenticate: challenges.join(', ') } : {}),
    ...(body ? { body } : {}),
  };
  if (posted?.tokens.id_token || posted?.tokens.access_token) {
    // An RP's callback refusing the ID token the IdP posted to it.
    r.tokenSource = 'form_post';
    r.presentation = 'form_post';
    r.presented = posted.tokens.id_token ? 'id_token' : 'access_token';
    r.token = posted.tokens[r.presented];
    r.issuance = posted;
    return r;
  }
  const sent = sentTokens(e)[0];
  if (sent) {
    r.token = sent.token;
    r.tokenSource = sent.in;
    r.presentation = sent.presentation;
    const issuance = issuanceOf(found, sent.token);
    if (issuance) {
      r.issuance = issuance;
      r.presented = issuance.tokens.access_token === sent.token ? 'access_token' : 'id_token';
    } else if (sent.use) r.presented = sent.use;
    if (sent.in !== 'authorization_header')
      r.note = `the token was sent in ${sent.in === 'json_body' ? 'the JSON body' : sent.in === 'form_body' ? 'the form body' : `the URL ${sent.in}`} as "${sent.field}"`;
    return r;
  }
  if (!found.sanitized) {
    r.note =
      'no token was sent with this request (no Authorization header, and none in its body or URL): the SP got no token from it';
    return r;
  }
  const before = found.issuances.filter((s) => s.at <= r.at);
  const last = before[before.length - 1];
  if (!last) {
    r.note = `the HAR is sanitized (${found.missing ?? 'Authorization and cookie headers removed'}) and shows no token issued before this request: the token sent is unknown`;
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
