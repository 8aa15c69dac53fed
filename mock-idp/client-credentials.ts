/**
 * Okta's rules for the client-credentials grant (okta-behavior.md section 3), checked before the
 * request reaches oidc-provider so the answer carries Okta's words.
 *
 * ORG authorization server: only a service app (`application_type: service`) authenticating with
 * `private_key_jwt` and asking for `okta.*` scopes (Okta's "Implement OAuth for Okta with a service
 * app" guide). Custom servers: any app with the grant, custom scopes required, none unknown.
 * A request the ORG server would accept still gets the older "custom authorization server only"
 * answer: the emulator mints no Okta management API tokens.
 */
import type { ResolvedConfig } from './config.js';
import { TOKEN_ERRORS } from './okta-errors.js';
import type { ServerSpec } from './provider.js';

/** Okta's answer to a refused `/token` request. */
export interface TokenRefusal {
  error: string;
  description: string;
  status: number;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function scopesOf(form: URLSearchParams): string[] {
  return (form.get('scope') ?? '').split(' ').filter(Boolean);
}

function atOrgServer(config: ResolvedConfig, form: URLSearchParams): TokenRefusal {
  if (config.app.applicationType !== 'service') {
    return {
      error: 'unauthorized_client',
      description: TOKEN_ERRORS.clientCredentialsNotService,
      status: 400,
    };
  }
  if (form.get('client_assertion_type') !== JWT_BEARER) {
    return {
      error: 'invalid_client',
      description: TOKEN_ERRORS.clientCredentialsNotPrivateKeyJwt,
      status: 401,
    };
  }
  if (scopesOf(form).some((s) => !s.startsWith('okta.'))) {
    return { error: 'invalid_scope', description: TOKEN_ERRORS.customScopeAtOrg, status: 400 };
  }
  return {
    error: 'unsupported_grant_type',
    description: TOKEN_ERRORS.clientCredentialsAtOrg,
    status: 400,
  };
}

function atCustomServer(
  spec: ServerSpec,
  config: ResolvedConfig,
  form: URLSearchParams,
): TokenRefusal | undefined {
  const scopes = scopesOf(form);
  if (scopes.length === 0 && spec.server?.defaultScopes.length) {
    form.set('scope', spec.server.defaultScopes.join(' '));
  } else if (scopes.length === 0) {
    return { error: 'invalid_scope', description: TOKEN_ERRORS.noDefaultScopes, status: 400 };
  }
  const known = new Set(spec.server?.scopes ?? []);
  if (scopes.some((s) => !known.has(s))) {
    return { error: 'invalid_scope', description: TOKEN_ERRORS.scopeNotConfigured, status: 400 };
  }
  if (!config.app.grantTypes.includes('client_credentials')) {
    return {
      error: 'unauthorized_client',
      description: `The client is not authorized to use the provided grant type. Configured grant types: [${config.app.grantTypes.join(', ')}].`,
      status: 400,
    };
  }
  return undefined;
}

/**
 * Okta's refusal of a client-credentials request, or undefined to let it through. May set the
 * server's default scopes on `form` when the request names none.
 */
export function clientCredentialsRefusal(
  spec: ServerSpec,
  config: ResolvedConfig,
  form: URLSearchParams,
): TokenRefusal | undefined {
  return spec.id === 'org' ? atOrgServer(config, form) : atCustomServer(spec, config, form);
}
