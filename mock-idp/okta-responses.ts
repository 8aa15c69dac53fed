/**
 * A Koa middleware on each Provider that turns oidc-provider's responses into Okta's:
 * no `iss` authorization response parameter (Okta sends none), Okta's `/token` error strings
 * (okta-behavior.md section 3), and Okta's 200 for revoking a token it does not keep.
 * Registered with `provider.use`, oidc-provider's documented extension point; it never throws
 * (an error escaping it would become a 500).
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { TOKEN_ERRORS } from './okta-errors.js';
import type { ServerSpec } from './provider.js';

function stripIssFromLocation(location: string): string {
  const url = URL.parse(location);
  if (!url) return location;
  url.searchParams.delete('iss');
  if (url.hash.length > 1) {
    const fragment = new URLSearchParams(url.hash.slice(1));
    fragment.delete('iss');
    url.hash = fragment.toString();
  }
  return url.href;
}

function oktaTokenError(
  spec: ServerSpec,
  grantType: string | undefined,
  error: string,
  description: string,
): string | undefined {
  switch (error) {
    case 'invalid_client':
      return TOKEN_ERRORS.clientAuthFailed;
    case 'invalid_grant':
      if (/pkce|code_verifier/i.test(description)) return TOKEN_ERRORS.pkceFailed;
      if (grantType === 'refresh_token') return TOKEN_ERRORS.invalidRefreshToken;
      return TOKEN_ERRORS.invalidCode;
    case 'invalid_scope':
      return spec.id === 'org' ? TOKEN_ERRORS.customScopeAtOrg : TOKEN_ERRORS.scopeNotConfigured;
    case 'unsupported_grant_type':
      return grantType === 'client_credentials' && spec.id === 'org'
        ? TOKEN_ERRORS.clientCredentialsAtOrg
        : undefined;
    default:
      return undefined;
  }
}

/** The middleware for one authorization server. */
export function oktaResponses(spec: ServerSpec) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => {
    await next();
    try {
      const route = ctx.oidc?.route;
      if (route === 'authorization' || route === 'resume') {
        const location = ctx.response.get('location');
        if (location) ctx.set('location', stripIssFromLocation(location));
        if (typeof ctx.body === 'string' && ctx.body.includes('name="iss"')) {
          ctx.body = ctx.body.replace(/\s*<input type="hidden" name="iss" value="[^"]*"\/>/, '');
        }
      } else if (route === 'token' && ctx.status >= 400 && isErrorBody(ctx.body)) {
        const grantType = (ctx.oidc.params as Record<string, unknown> | undefined)?.grant_type;
        const description = oktaTokenError(
          spec,
          typeof grantType === 'string' ? grantType : undefined,
          ctx.body.error,
          String(ctx.body.error_description ?? ''),
        );
        if (description) ctx.body = { error: ctx.body.error, error_description: description };
      } else if (
        route === 'revocation' &&
        isErrorBody(ctx.body) &&
        ctx.body.error === 'unsupported_token_type'
      ) {
        ctx.status = 200;
        ctx.body = '';
      }
    } catch {
      // Leave oidc-provider's response as it is.
    }
  };
}

function isErrorBody(body: unknown): body is { error: string; error_description?: string } {
  return (
    !!body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
  );
}
