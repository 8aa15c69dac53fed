/**
 * Okta's exact error strings and error pages (okta-behavior.md section 3), in one place so the
 * emulator and its tests quote the same text.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { escapeHtml, sendJson } from '../src/net/http.js';

/** `/authorize` errors that Okta redirects back to the app, with their descriptions. */
export const AUTHORIZE_ERRORS = {
  customScopeAtOrg: {
    error: 'invalid_scope',
    description: 'Custom scopes are not allowed for this request.',
  },
  scopeNotConfigured: {
    error: 'invalid_scope',
    description: 'One or more scopes are not configured for the authorization server resource.',
  },
  noDefaultScopes: {
    error: 'invalid_scope',
    description:
      "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
  },
  openidRequired: {
    error: 'invalid_scope',
    description:
      "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.",
  },
  userNotAssigned: {
    error: 'access_denied',
    description: 'User is not assigned to the client application.',
  },
  policyFailed: {
    error: 'access_denied',
    description:
      'Policy evaluation failed for this request, please check the policy configurations.',
  },
  nonceRequired: {
    error: 'invalid_request',
    // Two full stops, as Okta sends it.
    description:
      "The 'nonce' parameter is required for authorize requests with either the 'id_token' or 'token' response types..",
  },
  pkceRequired: {
    error: 'invalid_request',
    description: 'PKCE code challenge is required by the application.',
  },
} as const;

/** Okta's description for a response type the app does not allow; lists the app's types. */
export function unsupportedResponseType(configured: string[]) {
  return {
    error: 'unsupported_response_type',
    description: `The response type is not supported by the authorization server. Configured response types: [${configured.join(', ')}].`,
  } as const;
}

/** Errors Okta shows on its own 400 page instead of redirecting. */
export const PAGE_ERRORS = {
  redirectUriNotRegistered: {
    error: 'invalid_request',
    description:
      "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
  },
  unknownClient: {
    error: 'invalid_client',
    description: "Invalid value for 'client_id' parameter.",
  },
} as const;

/** `/token` error descriptions (JSON body). */
export const TOKEN_ERRORS = {
  invalidCode: 'The authorization code is invalid or has expired.',
  invalidRefreshToken: 'The refresh token is invalid or expired.',
  pkceFailed: 'PKCE verification failed.',
  clientAuthFailed:
    'Client authentication failed. Either the client or the client credentials are invalid.',
  customScopeAtOrg: 'Custom scopes are not allowed for this request.',
  scopeNotConfigured:
    'One or more scopes are not configured for the authorization server resource.',
  clientCredentialsAtOrg:
    "'client_credentials' grant type can only be used with a custom authorization server.",
  clientCredentialsNotService:
    "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
  clientCredentialsNotPrivateKeyJwt:
    'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
  noDefaultScopes:
    "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
} as const;

/** `/v1/userinfo` error descriptions (in `WWW-Authenticate`). */
export const USERINFO_ERRORS = {
  invalidToken: 'The access token is invalid',
  // A DPoP-bound token sent as Bearer: Okta's wording (okta-behavior.md section 3).
  dpopScheme:
    'The resource request must use the DPoP authentication scheme when using a DPoP bound token.',
  // A missing or bad proof: RFC 9449's error code; this wording is the emulator's own.
  dpopProof: 'The DPoP proof is missing or invalid.',
  insufficientScope:
    'The access token must provide access to at least one of these scopes - profile, email, address or phone',
} as const;

/** Okta's error id: 26 characters of base62-ish noise, new each time. */
export function oktaErrorId(): string {
  return 'oae' + randomBytes(18).toString('base64url').replace(/[-_]/g, 'Z').slice(0, 23);
}

/** Okta's API error body (`errorCode`, `errorSummary`, …). */
export function apiError(errorCode: string, errorSummary: string) {
  return { errorCode, errorSummary, errorLink: errorCode, errorId: oktaErrorId(), errorCauses: [] };
}

/** 404 for an authorization server id that does not exist. */
export function sendUnknownServer(res: ServerResponse, id: string) {
  sendJson(
    res,
    404,
    apiError('E0000007', `Not found: Resource not found: ${id} (AuthorizationServer)`),
  );
}

/** Okta's "400 BAD REQUEST" page, which it shows instead of redirecting to an untrusted URI. */
export function badRequestPage(error: string, description: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Error</title></head>
<body class="error-page">
<div id="error-page-wrapper" class="content">
  <h1 class="error-code">400 BAD REQUEST</h1>
  <h2 class="error-title">Your request resulted in an error.</h2>
  <div class="error-details">
    <p id="error-summary" class="error-summary">${escapeHtml(description)}</p>
    <p id="error-code">Error Code : <span class="error-code-value">${escapeHtml(error)}</span></p>
    <p id="error-description">Description : <span class="error-description-value">${escapeHtml(description)}</span></p>
  </div>
</div>
</body>
</html>`;
}

export function sendBadRequestPage(res: ServerResponse, error: string, description: string) {
  const html = badRequestPage(error, description);
  res.writeHead(400, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}
