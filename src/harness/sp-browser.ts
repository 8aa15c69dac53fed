/**
 * `sp.via: browser`: an SP that signs users in itself (SP-initiated SSO, a relying party such as
 * Apache with mod_auth_openidc). The harness opens the SP in the browser, signs in at the IdP when
 * redirected, observes how the SP ends (status, final URL, page text) and takes the tokens from
 * the IdP side (what it issued since the step began) — the SP never shows them.
 */
import type { SpResponse } from './replay.js';

/** What the browser SP port is asked to do. */
export interface BrowserSpRequest {
  /** The SP's protected page. */
  url: string;
  username: string;
  password: string;
}

/** How a browser SP sign-in ended. */
export interface BrowserSpOutcome {
  /** Where the browser ended. */
  finalUrl: string;
  /** The status of the last page the SP served. */
  status: number;
  /** That page's response headers (lower-case names). */
  headers?: Record<string, string>;
  /** The page's visible text (cut at 4 KB). */
  text: string;
  /** The tokens the IdP issued to the SP during the sign-in (newest of each kind). */
  tokens: { id_token?: string; access_token?: string };
  timings?: Array<{ step: string; ms: number }>;
}

/**
 * True when the SP let the user in: a 2xx on the page that was asked for. An RP that fails a
 * sign-in often answers 200 with an error page on its redirect URI (mod_auth_openidc does), so
 * the status alone does not say it.
 */
export function browserSpAccepted(requested: string, outcome: BrowserSpOutcome): boolean {
  if (outcome.status < 200 || outcome.status >= 300) return false;
  const want = new URL(requested);
  const got = new URL(outcome.finalUrl);
  return got.origin === want.origin && got.pathname === want.pathname;
}

/** The SP's answer as replay evidence (the page text as the body; nothing secret in it). */
export function browserSpResponse(outcome: BrowserSpOutcome): SpResponse {
  const headers = outcome.headers ?? {};
  const response: SpResponse = {
    url: outcome.finalUrl,
    status: outcome.status,
    headers,
    body: outcome.text.slice(0, 4096),
  };
  if (headers['www-authenticate']) response.wwwAuthenticate = headers['www-authenticate'];
  return response;
}
