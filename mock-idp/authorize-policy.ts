/**
 * Okta's checks of an `/authorize` request, in Okta's order and with its exact strings
 * (okta-behavior.md section 3). They run before the request reaches oidc-provider, whose own
 * checks (and messages) then never fire: unknown client and unregistered `redirect_uri` show
 * Okta's 400 page, everything else is redirected back to the app.
 */
import type { ServerResponse } from 'node:http';
import type { ResolvedConfig } from './config.js';
import { STANDARD_SCOPES } from '../src/okta/scopes.js';
import { normalizeResponseType } from './config.js';
import { escapeHtml } from '../src/net/http.js';
import { AUTHORIZE_ERRORS, PAGE_ERRORS, unsupportedResponseType } from './okta-errors.js';
import type { ServerSpec } from './provider.js';

/** Scopes the ORG server accepts besides the standard ones (section 1). */
const ORG_EXTRA_SCOPES = new Set(['device_sso']);
/** OIDC scopes that need `openid` next to them. */
const OPENID_SCOPES = new Set(['profile', 'email', 'address', 'phone']);

export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** What to do with an authorize request. */
export type AuthorizeDecision =
  | { kind: 'pass'; params: URLSearchParams }
  | { kind: 'page'; error: string; description: string }
  | {
      kind: 'redirect';
      error: string;
      description: string;
      redirectUri: string;
      responseMode: ResponseMode;
      state: string | undefined;
      /** Scopes the server refused (for the System Log's `scope_denied` event). */
      deniedScopes?: string[];
    };

/** The response mode Okta answers with: the requested one, else query for `code`, fragment otherwise. */
export function responseModeOf(params: URLSearchParams): ResponseMode {
  const asked = params.get('response_mode');
  if (asked === 'query' || asked === 'fragment' || asked === 'form_post') return asked;
  return normalizeResponseType(params.get('response_type') ?? '') === 'code' ? 'query' : 'fragment';
}

/** Applies Okta's rules; may return rewritten parameters (a custom server's default scopes). */
export function checkAuthorize(
  config: ResolvedConfig,
  spec: ServerSpec,
  input: URLSearchParams,
): AuthorizeDecision {
  const params = new URLSearchParams(input);
  const { app } = config;
  if (params.get('client_id') !== app.clientId) {
    return { kind: 'page', ...pageError(PAGE_ERRORS.unknownClient) };
  }
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return { kind: 'page', ...pageError(PAGE_ERRORS.redirectUriNotRegistered) };
  }
  const state = params.get('state') ?? undefined;
  const responseMode = responseModeOf(params);
  const fail = (e: { error: string; description: string }, deniedScopes?: string[]) =>
    ({
      kind: 'redirect',
      error: e.error,
      description: e.description,
      redirectUri,
      responseMode,
      state,
      ...(deniedScopes ? { deniedScopes } : {}),
    }) as const;

  const responseType = normalizeResponseType(params.get('response_type') ?? '');
  if (!responseType || !app.responseTypes.includes(responseType)) {
    return fail(unsupportedResponseType(app.responseTypes));
  }
  const parts = new Set(responseType.split(' '));

  let scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0 && spec.server) {
    if (spec.server.defaultScopes.length === 0) return fail(AUTHORIZE_ERRORS.noDefaultScopes);
    scopes = [...spec.server.defaultScopes];
    params.set('scope', scopes.join(' '));
  }
  if (spec.server) {
    const known = new Set(spec.scopes);
    const unknown = scopes.filter((s) => !known.has(s));
    if (unknown.length) return fail(AUTHORIZE_ERRORS.scopeNotConfigured, unknown);
  } else {
    const standard = new Set<string>(STANDARD_SCOPES);
    const custom = scopes.filter(
      (s) => !standard.has(s) && !ORG_EXTRA_SCOPES.has(s) && !s.startsWith('okta.'),
    );
    if (custom.length) return fail(AUTHORIZE_ERRORS.customScopeAtOrg, custom);
  }
  if (
    !scopes.includes('openid') &&
    (parts.has('id_token') || scopes.some((s) => OPENID_SCOPES.has(s)) || scopes.length === 0)
  ) {
    return fail(AUTHORIZE_ERRORS.openidRequired);
  }
  if ((parts.has('id_token') || parts.has('token')) && !params.get('nonce')) {
    return fail(AUTHORIZE_ERRORS.nonceRequired);
  }
  if (parts.has('code') && app.pkceRequired && !params.get('code_challenge')) {
    return fail(AUTHORIZE_ERRORS.pkceRequired);
  }
  if (spec.server && !spec.server.policyAllows) return fail(AUTHORIZE_ERRORS.policyFailed);
  return { kind: 'pass', params };
}

function pageError(e: { error: string; description: string }) {
  return { error: e.error, description: e.description };
}

/** Sends an authorization response (error or not) to the app the way Okta does per response mode. */
export function sendAuthorizationResponse(
  res: ServerResponse,
  redirectUri: string,
  mode: ResponseMode,
  values: Record<string, string | undefined>,
) {
  const entries = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined);
  if (mode === 'form_post') {
    const inputs = entries
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}"/>`)
      .join('\n');
    const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Redirecting</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(redirectUri)}">
${inputs}
<noscript><input type="submit" value="Continue"/></noscript>
</form></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
    return;
  }
  const url = new URL(redirectUri);
  const encoded = new URLSearchParams(entries);
  if (mode === 'query') {
    for (const [k, v] of encoded) url.searchParams.set(k, v);
  } else {
    url.hash = encoded.toString();
  }
  res.writeHead(302, { location: url.href, 'cache-control': 'no-store' });
  res.end();
}
