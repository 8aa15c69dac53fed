/**
 * What a HAR shows of a sign-in (issue item 3): the tokens the IdP issued (token endpoint
 * responses, form_post bodies, redirect fragments), the authorize errors (redirects with `error=`,
 * Okta's 400 page), `/userinfo` answers, and every 401/403 an SP gave — each tied to the token it
 * was sent with, or, when the HAR is sanitized (Chrome's default export strips `Authorization`
 * and cookie headers), to the tokens issued just before it. Nothing here prints: URLs are kept
 * redacted and tokens are handed on whole only for decoding.
 */
import type { Entry } from 'har-format';
import type { Presentation } from '../checks/types.js';
import type { TokenUse } from '../expectation.js';
import { OKTA_ERROR_PAGE_TEXT, parseOktaErrorPage } from '../flow/okta-error-page.js';
import {
  endedAt,
  formFields,
  header,
  htmlToText,
  responseJson,
  responseText,
  startedAt,
  printableUrl,
  urlParams,
} from './entry.js';
import { rejection } from './rejection.js';
import type { SentIn } from './request-token.js';
import { IDP_PATHS, looksSanitized, pathOf, refusal, SANITIZED_MISSING } from './refusal.js';
import { authorizePageError } from './authorize-page.js';

export { printableUrl };

/** Where the HAR shows tokens being issued. */
export type IssuanceSource = 'token_response' | 'form_post' | 'redirect';

/** Tokens the IdP handed out, and when. */
export interface TokenIssuance {
  source: IssuanceSource;
  /** The entry (index into log.entries). */
  entry: number;
  /** When the tokens were delivered (the response's end), epoch ms. */
  at: number;
  /** The URL that delivered them, secrets stripped. */
  url: string;
  method: string;
  tokens: { id_token?: string; access_token?: string };
  scope?: string;
  tokenType?: string;
}

/** How a rejected request carried its token. */
export type TokenSource = SentIn | 'form_post' | 'inferred' | 'none';

/** An SP's 401 or 403. */
export interface HarRejection {
  entry: number;
  /** When the request started, epoch ms. */
  at: number;
  method: string;
  /** The request URL, secrets stripped. */
  url: string;
  status: number;
  wwwAuthenticate?: string;
  /** The response body (decoded when base64), at most 64 KB. */
  body?: string;
  tokenSource: TokenSource;
  /** The token the SP was given (or, sanitized, most likely given). */
  token?: string;
  presented?: TokenUse;
  presentation?: Presentation;
  /** The tokens issued with it (for thin-ID-token and sub comparisons). */
  issuance?: TokenIssuance;
  /** What the harness assumed, in words (sanitized HAR, no token sent). */
  note?: string;
}

/** An authorize error: a redirect (or form_post) with `error=`, or Okta's 400 page. */
export interface HarAuthorizeError {
  entry: number;
  at: number;
  method: string;
  /** The URL that carried the error, secrets stripped. */
  url: string;
  /** The HTTP status of that entry (302/303 redirect, 200 form_post, 400 Okta's page). */
  status: number;
  via: 'redirect' | 'form_post' | 'error_page';
  error: string;
  error_description?: string;
  /** Scopes of the authorization request that preceded it. */
  requestedScopes?: string[];
  /** Its authorization server: `org` or a custom server id. */
  server?: string;
}

/** Everything found in one HAR. */
export interface HarFindings {
  entries: number;
  /**
   * A sanitized export: no `Authorization`, `Cookie` or `Set-Cookie` header and no cookie
   * anywhere (what Chrome's "Export HAR (sanitized)" removes), in a HAR where a browser would
   * have sent some — an Okta sign-in, or an SP call that carried no token at all.
   */
  sanitized: boolean;
  /** What the sanitized export left out, in words. */
  missing?: string;
  issuances: TokenIssuance[];
  rejections: HarRejection[];
  authorizeErrors: HarAuthorizeError[];
  /** `/userinfo` answers, oldest first. */
  userinfo: { at: number; claims: Record<string, unknown> }[];
}

const AUTHORIZE_PATH = /\/v1\/authorize$/;
const TOKEN_PATH = /\/token$/;
const USERINFO_PATH = /\/v1\/userinfo$/;
const ERROR_CODE = /^[a-z][a-z0-9_]*$/;

/** `org` or the custom server id of an Okta `/oauth2/…/v1/authorize` URL. */
function serverOf(path: string): string | undefined {
  const m = /^\/oauth2\/(?:([^/]+)\/)?v1\/authorize$/.exec(path);
  if (!m) return undefined;
  return m[1] ?? 'org';
}

function tokensIn(params: URLSearchParams): TokenIssuance['tokens'] {
  const t: TokenIssuance['tokens'] = {};
  const id = params.get('id_token');
  const at = params.get('access_token');
  if (id) t.id_token = id;
  if (at) t.access_token = at;
  return t;
}

function hasTokens(t: TokenIssuance['tokens']): boolean {
  return t.id_token !== undefined || t.access_token !== undefined;
}

/** Extracts issuances, authorize errors, userinfo answers and rejections, in time order. */
export function extractHar(entries: readonly Entry[]): HarFindings {
  // Exporters list entries by start time, but not all do; sort stably by start time.
  const order = entries
    .map((e, i) => ({ e, i, t: startedAt(e) }))
    .sort((a, b) => a.t - b.t || a.i - b.i);

  const sanitized = looksSanitized(entries);
  const found: HarFindings = {
    entries: entries.length,
    sanitized,
    ...(sanitized ? { missing: SANITIZED_MISSING } : {}),
    issuances: [],
    rejections: [],
    authorizeErrors: [],
    userinfo: [],
  };
  const seenTokens = new Set<string>();
  const seenErrors = new Set<string>();
  let lastAuthorize: { scopes?: string[]; server?: string } | undefined;

  const addIssuance = (i: TokenIssuance) => {
    const key = `${i.tokens.id_token ?? ''}|${i.tokens.access_token ?? ''}`;
    if (seenTokens.has(key)) return;
    seenTokens.add(key);
    found.issuances.push(i);
  };
  const addError = (
    e: Omit<HarAuthorizeError, 'requestedScopes' | 'server'>,
    state: string | null,
  ) => {
    const key = `${e.error}|${e.error_description ?? ''}|${state ?? ''}`;
    if (seenErrors.has(key)) return;
    seenErrors.add(key);
    found.authorizeErrors.push({
      ...e,
      ...(lastAuthorize?.scopes ? { requestedScopes: lastAuthorize.scopes } : {}),
      ...(lastAuthorize?.server ? { server: lastAuthorize.server } : {}),
    });
  };

  for (const { e, i } of order) {
    const method = e.request.method.toUpperCase();
    const path = pathOf(e.request.url);
    const base = { entry: i, method, status: e.response.status };

    if (AUTHORIZE_PATH.test(path)) {
      const q = urlParams(e.request.url).find((p) => p.in === 'query')?.params;
      const scope = q?.get('scope');
      lastAuthorize = {
        ...(scope ? { scopes: scope.split(/\s+/).filter(Boolean) } : {}),
        ...(serverOf(path) ? { server: serverOf(path) } : {}),
      };
    }

    // Redirects: the Location a response gave and the URL a request went to.
    const location = header(e.response.headers, 'location') || e.response.redirectURL || undefined;
    const urls: { raw: string; at: number }[] = [{ raw: e.request.url, at: startedAt(e) }];
    if (location) {
      try {
        urls.push({ raw: new URL(location, e.request.url).href, at: endedAt(e) });
      } catch {
        // a Location that is not a URL carries nothing to read
      }
    }
    for (const { raw, at } of urls) {
      for (const p of urlParams(raw)) {
        const tokens = tokensIn(p.params);
        if (hasTokens(tokens) && p.in === 'fragment') {
          addIssuance({ ...base, source: 'redirect', at, url: printableUrl(raw), tokens });
        }
        const error = p.params.get('error');
        if (
          error &&
          ERROR_CODE.test(error) &&
          (p.params.has('state') || p.params.has('error_description'))
        ) {
          const description = p.params.get('error_description');
          addError(
            {
              ...base,
              at,
              url: printableUrl(raw),
              via: 'redirect',
              error,
              ...(description ? { error_description: description } : {}),
            },
            p.params.get('state'),
          );
        }
      }
    }

    // form_post: the IdP's auto-submitting form posts tokens (or an error) to the redirect URI.
    const form = method === 'POST' ? formFields(e) : undefined;
    let posted: TokenIssuance | undefined;
    // Okta's form_post always carries `state`; a bare `access_token` field is a form body.
    if (form && !form.has('grant_type') && (form.has('state') || form.has('id_token'))) {
      const tokens = tokensIn(form);
      if (hasTokens(tokens)) {
        posted = {
          ...base,
          source: 'form_post',
          at: startedAt(e),
          url: printableUrl(e.request.url),
          tokens,
        };
        addIssuance(posted);
      }
      const error = form.get('error');
      if (error && ERROR_CODE.test(error)) {
        const description = form.get('error_description');
        addError(
          {
            ...base,
            at: startedAt(e),
            url: printableUrl(e.request.url),
            via: 'form_post',
            error,
            ...(description ? { error_description: description } : {}),
          },
          form.get('state'),
        );
      }
    }

    // Token endpoint responses.
    if (TOKEN_PATH.test(path) && e.response.status === 200) {
      const json = responseJson(e);
      if (json) {
        const tokens: TokenIssuance['tokens'] = {};
        if (typeof json.id_token === 'string') tokens.id_token = json.id_token;
        if (typeof json.access_token === 'string') tokens.access_token = json.access_token;
        if (hasTokens(tokens)) {
          addIssuance({
            ...base,
            source: 'token_response',
            at: endedAt(e),
            url: printableUrl(e.request.url),
            tokens,
            ...(typeof json.scope === 'string' ? { scope: json.scope } : {}),
            ...(typeof json.token_type === 'string' ? { tokenType: json.token_type } : {}),
          });
        }
      }
    }

    if (USERINFO_PATH.test(path) && e.response.status === 200) {
      const claims = responseJson(e);
      if (claims) found.userinfo.push({ at: endedAt(e), claims });
    }

    // Any 400 from /authorize is Okta refusing to redirect, whatever its page says (or if empty).
    if (e.response.status === 400 && AUTHORIZE_PATH.test(path)) {
      addError(
        {
          ...base,
          at: endedAt(e),
          url: printableUrl(e.request.url),
          via: 'error_page',
          ...authorizePageError(e),
        },
        `page:${i}`,
      );
    } else if (e.response.status === 400) {
      const text = responseText(e);
      if (text?.includes(OKTA_ERROR_PAGE_TEXT)) {
        const page = parseOktaErrorPage(htmlToText(text));
        if (page) {
          addError(
            {
              ...base,
              at: endedAt(e),
              url: printableUrl(e.request.url),
              via: 'error_page',
              ...page,
            },
            `page:${i}`,
          );
        }
      }
    }

    if (!IDP_PATHS.test(path)) {
      const why = refusal(e, posted);
      if (why) found.rejections.push(rejection(e, i, method, posted, found, why.said));
    }
  }
  return found;
}
