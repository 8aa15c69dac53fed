/**
 * One oidc-provider `Provider` per authorization server (ORG at `/`, custom at `/oauth2/{id}`),
 * configured through its documented options only (oidc-provider-notes.md): Okta's paths, JWT
 * access tokens shaped like Okta's, thin/fat ID tokens, no consent screen, and every option set
 * whose default would print a NOTICE or WARNING.
 */
import type {
  Configuration,
  KoaContextWithOIDC,
  Provider as ProviderType,
  ClientMetadata,
  JWK,
} from 'oidc-provider';
import type { ResolvedConfig, ResolvedServer } from './config.js';
import { STANDARD_SCOPES } from '../src/okta/scopes.js';
import {
  accessTokenClaims,
  findUserById,
  idTokenClaims,
  OPENID_ACCOUNT_CLAIMS,
  isThinIdToken,
  SCOPE_CLAIMS,
} from './claims.js';
import type { PrivateJwk } from './keys.js';
import { loadOidcProvider } from './oidc-provider-module.js';
import { badRequestPage } from './okta-errors.js';
import type { MemoryStore } from './store.js';

/** One authorization server as the emulator runs it. */
export interface ServerSpec {
  /** `org` for the ORG authorization server, else the custom server's id. */
  id: string;
  issuer: string;
  /** `''` for the ORG server, `/oauth2/{id}` for a custom one (equals the issuer's path). */
  mountPath: string;
  /** Access token `aud`: the org URL for ORG, the configured audience otherwise. */
  audience: string;
  /** Every scope the server knows. */
  scopes: string[];
  /** The custom server's configuration; undefined for ORG. */
  server: ResolvedServer | undefined;
  /** Signing keys; the first signs, all are published at `/v1/keys`. */
  keys: PrivateJwk[];
  /**
   * ORG server with `orgAccessTokenVerifiable: false`: access tokens are signed with this key,
   * which is never published (Okta's older docs: treat ORG access tokens as opaque).
   */
  accessTokenKey?: PrivateJwk;
}

/** What the Providers of one emulator share. */
export interface ProviderEnvironment {
  config: ResolvedConfig;
  store: MemoryStore;
  cookieKeys: string[];
  /** Called once per Provider so the emulator can subscribe to its events. */
  attach(provider: ProviderType, spec: ServerSpec): void;
}

/** Every response type oidc-provider may see; the app's own list is enforced before it (section 3). */
const ALL_RESPONSE_TYPES = [
  'code',
  'id_token',
  'id_token token',
  'code id_token',
  'code token',
  'code id_token token',
] as const;

/** Okta's routes: the ORG server's live under `/oauth2/v1`, a custom server's under its mount. */
function routesFor(spec: ServerSpec) {
  const base = spec.id === 'org' ? '/oauth2/v1' : '/v1';
  return {
    authorization: `${base}/authorize`,
    token: `${base}/token`,
    jwks: `${base}/keys`,
    userinfo: `${base}/userinfo`,
    introspection: `${base}/introspect`,
    revocation: `${base}/revoke`,
    end_session: `${base}/logout`,
    // Never served (the features are off) but kept off Okta's paths.
    registration: `${base}/clients`,
    code_verification: `${base}/device`,
    device_authorization: `${base}/device/authorize`,
    pushed_authorization_request: `${base}/par`,
    backchannel_authentication: `${base}/bc-authorize`,
    challenge: `${base}/challenge`,
  };
}

/** The app as oidc-provider client metadata, for one server. */
export function clientMetadata(config: ResolvedConfig, spec: ServerSpec): ClientMetadata {
  const { app } = config;
  const grantTypes = ['authorization_code', 'implicit'];
  if (app.refreshTokens || app.grantTypes.includes('refresh_token'))
    grantTypes.push('refresh_token');
  if (spec.id !== 'org' && app.grantTypes.includes('client_credentials'))
    grantTypes.push('client_credentials');
  return {
    client_id: app.clientId,
    ...(app.public
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: app.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
    redirect_uris: app.redirectUris.length ? app.redirectUris : ['http://127.0.0.1/unset'],
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    grant_types: grantTypes,
    response_types: [...ALL_RESPONSE_TYPES],
    id_token_signed_response_alg: 'RS256',
    // Okta puts auth_time in every ID token.
    require_auth_time: true,
  };
}

function rawScopes(ctx: KoaContextWithOIDC): string[] {
  const body = (ctx.oidc as unknown as { body?: Record<string, unknown> }).body;
  const raw = (ctx.method === 'POST' ? body?.scope : ctx.query.scope) ?? '';
  return String(raw).split(' ').filter(Boolean);
}

/** Builds the Provider of one authorization server. */
export async function buildProvider(
  env: ProviderEnvironment,
  spec: ServerSpec,
): Promise<ProviderType> {
  const { default: Provider, errors } = await loadOidcProvider();
  const { config } = env;
  const ttlAccessToken = spec.server?.accessTokenLifetimeSeconds ?? 3600;
  const customClaimNames = (spec.server?.claims ?? []).map((c) => c.name);

  const configuration: Configuration = {
    adapter: env.store.adapterFor(spec.id),
    jwks: {
      keys: [
        ...spec.keys,
        ...(spec.accessTokenKey ? [spec.accessTokenKey] : []),
      ] as unknown as JWK[],
    },
    clients: [clientMetadata(config, spec)],
    cookies: {
      keys: env.cookieKeys,
      names: {
        session: `okta_sid_${spec.id}`,
        interaction: `okta_ia_${spec.id}`,
        resume: `okta_rs_${spec.id}`,
      },
    },
    routes: routesFor(spec),
    scopes: [...spec.scopes],
    claims: {
      openid: [...OPENID_ACCOUNT_CLAIMS, ...customClaimNames],
      profile: [...SCOPE_CLAIMS.profile],
      email: [...SCOPE_CLAIMS.email],
      phone: [...SCOPE_CLAIMS.phone],
      address: [...SCOPE_CLAIMS.address],
      groups: [...SCOPE_CLAIMS.groups],
    },
    // Okta thins ID tokens by its own rules (section 4), applied in claims() below.
    conformIdTokenClaims: false,
    responseTypes: [...ALL_RESPONSE_TYPES],
    // PKCE is Okta's rule, enforced with Okta's message before the request reaches the Provider.
    pkce: { required: () => false },
    features: {
      devInteractions: { enabled: false },
      // `/v1/userinfo` and `/v1/introspect` are the emulator's own (JWT access tokens).
      userinfo: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: true, allowedPolicy: async () => true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = `<!DOCTYPE html><html><body>${form}<script>document.forms[0].submit()</script></body></html>`;
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = '<!DOCTYPE html><html><body><p>You have been signed out.</p></body></html>';
        },
      },
      clientCredentials: { enabled: spec.id !== 'org' },
      // Okta binds tokens to a DPoP key when the token request carries a proof (RFC 9449):
      // `token_type: DPoP` and `cnf.jkt` in the access token (okta-behavior.md section 7, item 9).
      dPoP: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => spec.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator !== spec.audience) throw new errors.InvalidTarget();
          return {
            scope: spec.scopes.join(' '),
            audience: spec.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ttlAccessToken,
            jwt: {
              sign: {
                alg: 'RS256',
                ...(spec.accessTokenKey ? { kid: spec.accessTokenKey.kid } : {}),
              },
            },
          };
        },
      },
    },
    formats: {
      customizers: {
        // Okta's access token shape (section 2): ver, AT. jti, cid, uid, scp array, sub = login;
        // no `typ` on custom servers, Okta's internal `typ` on the ORG server.
        jwt: async (ctx, token, jwt) => {
          const p = jwt.payload as Record<string, unknown>;
          const accountId = (token as { accountId?: string }).accountId;
          const user = accountId ? findUserById(config, accountId) : undefined;
          const source = ctx?.oidc?.entities as Record<string, { authTime?: number }> | undefined;
          const authTime =
            source?.AuthorizationCode?.authTime ??
            source?.RefreshToken?.authTime ??
            (ctx?.oidc?.session as { authTime?: () => number } | undefined)?.authTime?.();
          const scopes = String(p.scope ?? '')
            .split(' ')
            .filter(Boolean);
          const shift = config.clockOffsetSeconds;
          const okta = accessTokenClaims({
            config,
            server: spec.server,
            user,
            clientId: String(p.client_id),
            scopes,
            authTime: user ? authTime : undefined,
          });
          jwt.payload = {
            ver: okta.ver,
            jti: okta.jti,
            iss: p.iss,
            aud: p.aud,
            iat: Number(p.iat) + shift,
            exp: Number(p.exp) + shift,
            ...okta,
            // The DPoP key's thumbprint, when the token request proved one.
            ...(p.cnf ? { cnf: p.cnf } : {}),
          };
          jwt.header =
            spec.id === 'org' ? { typ: 'application/okta-internal-at+jwt' } : { typ: undefined };
        },
      },
    },
    findAccount: async (ctx, sub) => {
      const user = findUserById(config, sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: async (use, scope) => {
          const route = ctx.oidc?.route;
          const frontChannel = route === 'authorization' || route === 'resume';
          const responseType = frontChannel
            ? String((ctx.oidc.params as Record<string, unknown>)?.response_type ?? '')
            : undefined;
          return idTokenClaims({
            config,
            server: spec.server,
            user,
            scopes: scope.split(' '),
            thin: use === 'id_token' && isThinIdToken(config, responseType),
          }) as { sub: string };
        },
      };
    },
    // No consent screen (Okta first-party apps): a saved grant with what was asked.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const scope = String((ctx.oidc.params as Record<string, unknown>)?.scope ?? '');
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(scope);
      grant.addResourceScope(spec.audience, scope);
      await grant.save();
      return grant;
    },
    extraParams: {
      // oidc-provider drops offline_access unless prompt=consent; Okta grants it when the app
      // allows refresh tokens and the response type has `code` (section 4).
      okta_offline_access: async (ctx) => {
        const params = ctx.oidc.params as Record<string, unknown>;
        const responseType = String(params.response_type ?? '');
        const scopes = String(params.scope ?? '')
          .split(' ')
          .filter(Boolean);
        if (
          rawScopes(ctx).includes('offline_access') &&
          !scopes.includes('offline_access') &&
          config.app.refreshTokens &&
          responseType.split(' ').includes('code')
        ) {
          params.scope = [...scopes, 'offline_access'].join(' ');
        }
      },
    },
    // Okta's "Refresh token behavior": rotate after every use, or keep the same token.
    rotateRefreshToken: () => config.app.refreshTokenRotation === 'rotate',
    issueRefreshToken: async (_ctx, client, code) =>
      config.app.refreshTokens &&
      client.grantTypeAllowed('refresh_token') &&
      code.scopes.has('offline_access'),
    interactions: {
      url: async (_ctx, interaction) => `/signin/${spec.id}/${interaction.uid}`,
    },
    renderError: async (ctx, out) => {
      // Okta's own 400 page for what it won't redirect (unknown client, unregistered redirect_uri).
      ctx.type = 'html';
      ctx.status = 400;
      ctx.body = badRequestPage(String(out.error), String(out.error_description ?? ''));
    },
    clientBasedCORS: () => true,
    ttl: {
      AccessToken: () => ttlAccessToken,
      AuthorizationCode: 300,
      ClientCredentials: () => ttlAccessToken,
      IdToken: 3600,
      RefreshToken: () => 90 * 24 * 3600,
      Interaction: 3600,
      Session: 2 * 3600,
      Grant: 90 * 24 * 3600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
  };

  const provider = new Provider(spec.issuer, configuration);
  // Okta lets web apps use http://localhost redirect URIs with the implicit flow; oidc-provider's
  // documented recipe for allowing that is to skip these two metadata checks.
  const schema = (
    provider.Client as unknown as {
      Schema: { prototype: { invalidate(m: string, c?: string): void } };
    }
  ).Schema.prototype;
  const invalidate = schema.invalidate;
  schema.invalidate = function (message: string, code?: string) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };
  env.attach(provider, spec);
  return provider;
}

/** The scopes a server knows: the standard ones plus a custom server's own (section 1). */
export function serverScopes(server: ResolvedServer | undefined): string[] {
  return [...new Set([...STANDARD_SCOPES, ...(server?.scopes ?? [])])];
}
