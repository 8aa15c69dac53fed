/**
 * Builders for the System Log events of an OIDC sign-in, with Okta's event type names and display
 * messages (okta-behavior.md section 5): ORG server events are `app.oauth2.*`, custom server events
 * `app.oauth2.as.*`. Each returns a LogEventInput for `SystemLog.record()`.
 */
import { randomBytes } from 'node:crypto';
import {
  MFA_EVENT,
  SESSION_START_EVENT,
  SSO_EVENT,
  oauth2EventType,
  type AuthorizationServerRef,
  type OAuth2EventKind,
} from '../../src/okta/system-log-event-types.js';
import type { LogActor, LogEventInput, LogTarget } from '../../src/okta/system-log-types.js';

/** What an event builder needs to know about the request. */
export interface OidcEventContext {
  /** `org` for the ORG authorization server, else the custom authorization server's id. */
  server: AuthorizationServerRef;
  /** The signed-in user (absent for client credentials). */
  user?: { id: string; login: string; displayName: string };
  /** The OIDC app: in Okta its client id is also its app instance id. */
  app: { clientId: string; name: string };
  /** The app user id (`0ua…`) for the SSO event's AppUser target; derived when absent. */
  appUserId?: string;
  ip?: string;
  userAgent?: string;
  /** Path and query of the request, e.g. `/oauth2/default/v1/authorize?…`. */
  requestUri?: string;
  /** Shared by the events of one request (`transaction.id`, `debugData.requestId`). */
  requestId?: string;
  /** The Okta session id (`authenticationContext.externalSessionId`). */
  sessionId?: string;
  /** Scopes requested / granted, written to `debugData` like Okta does. */
  requestedScopes?: string[];
  grantedScopes?: string[];
  /** `authorization_code`, `implicit`, `refresh_token`, `client_credentials`. */
  grantType?: string;
  /** The issued token's id (`ID.…`, `AT.…`) or the code's id, for the token target. */
  tokenId?: string;
  /** The token's or code's expiry, ISO 8601, for the target's `detailEntry`. */
  expiresAt?: string;
}

type TokenKind = 'id_token' | 'access_token' | 'refresh_token';

const TOKEN_NAMES: Record<TokenKind | 'code', string> = {
  id_token: 'ID Token',
  access_token: 'Access Token',
  refresh_token: 'Refresh Token',
  code: 'Authorization Code',
};

function randomId(prefix: string, length = 17): string {
  return `${prefix}${randomBytes(length).toString('base64url').slice(0, length)}`;
}

function userActor(ctx: OidcEventContext): LogActor | undefined {
  return ctx.user
    ? {
        id: ctx.user.id,
        type: 'User',
        alternateId: ctx.user.login,
        displayName: ctx.user.displayName,
      }
    : undefined;
}

function clientActor(ctx: OidcEventContext): LogActor {
  return {
    id: ctx.app.clientId,
    type: 'PublicClientApp',
    alternateId: ctx.app.clientId,
    displayName: ctx.app.name,
  };
}

function clientTarget(ctx: OidcEventContext): LogTarget {
  return { ...clientActor(ctx), detailEntry: null };
}

function tokenTarget(ctx: OidcEventContext, kind: TokenKind | 'code'): LogTarget {
  const prefix =
    kind === 'id_token' ? 'ID.' : kind === 'access_token' ? 'AT.' : kind === 'code' ? '' : 'rt.';
  return {
    id: ctx.tokenId ?? randomId(prefix, 24),
    type: kind === 'code' ? 'authorization_code' : kind,
    alternateId: ctx.user?.login ?? ctx.app.clientId,
    displayName: TOKEN_NAMES[kind],
    detailEntry: {
      ...(ctx.expiresAt ? { expires: ctx.expiresAt } : {}),
      subject: ctx.user?.id ?? ctx.app.clientId,
    },
  };
}

/** The fields every event of one request shares: client, request, transaction, debug data. */
function common(ctx: OidcEventContext, extraDebug: Record<string, unknown> = {}) {
  const requestId = ctx.requestId ?? randomId('', 27);
  const debugData: Record<string, unknown> = { requestId };
  if (ctx.requestUri !== undefined) {
    debugData.requestUri = ctx.requestUri.split('?')[0];
    debugData.url = ctx.requestUri;
  }
  if (ctx.server !== 'org') debugData.authorizationServerId = ctx.server;
  if (ctx.grantType) debugData.grantType = ctx.grantType;
  if (ctx.requestedScopes) debugData.requestedScopes = ctx.requestedScopes.join(' ');
  if (ctx.grantedScopes) debugData.grantedScopes = ctx.grantedScopes.join(' ');
  Object.assign(debugData, extraDebug);
  return {
    client: {
      userAgent: { rawUserAgent: ctx.userAgent ?? null, os: null, browser: 'UNKNOWN' },
      ipAddress: ctx.ip ?? null,
      zone: 'null',
      device: 'Computer',
    },
    request: {
      ipChain: ctx.ip ? [{ ip: ctx.ip, version: ctx.ip.includes(':') ? 'V6' : 'V4' }] : [],
    },
    transaction: { type: 'WEB', id: requestId, detail: {} },
    debugContext: { debugData },
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: ctx.sessionId ?? null,
    },
  };
}

function oauth2(
  ctx: OidcEventContext,
  kind: OAuth2EventKind,
  rest: Partial<LogEventInput>,
  extraDebug?: Record<string, unknown>,
): LogEventInput {
  return { eventType: oauth2EventType(ctx.server, kind), ...common(ctx, extraDebug), ...rest };
}

/**
 * Builders for an OIDC sign-in's events. Names and display messages are Okta's; the token-issuance
 * check (`src/okta/token-issuance.ts`) reads exactly these.
 */
export const oidcEvents = {
  /** `user.session.start` "User login to Okta": the user signed in. */
  sessionStart(ctx: OidcEventContext): LogEventInput {
    const base = common(ctx);
    return {
      eventType: SESSION_START_EVENT,
      ...base,
      actor: userActor(ctx),
      legacyEventType: 'core.user_auth.login_success',
      authenticationContext: {
        ...base.authenticationContext,
        authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER',
        credentialType: 'PASSWORD',
      },
    };
  },

  /** `user.session.start` with outcome FAILURE: a wrong password (Okta's reason INVALID_CREDENTIALS). */
  sessionStartFailure(ctx: OidcEventContext, reason = 'INVALID_CREDENTIALS'): LogEventInput {
    return {
      ...oidcEvents.sessionStart(ctx),
      outcome: { result: 'FAILURE', reason },
      legacyEventType: 'core.user_auth.login_failed',
    };
  },

  /**
   * `user.authentication.auth_via_mfa` "Authentication of user via MFA": a second factor was
   * checked; the factor is Google Authenticator (a TOTP code). A wrong code is outcome FAILURE
   * with reason INVALID_CREDENTIALS.
   */
  authViaMfa(ctx: OidcEventContext, ok: boolean): LogEventInput {
    const base = common(ctx);
    return {
      eventType: MFA_EVENT,
      ...base,
      actor: userActor(ctx),
      legacyEventType: ok ? 'core.user.factor.attempt_success' : 'core.user.factor.attempt_fail',
      ...(ok ? {} : { outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } }),
      authenticationContext: {
        ...base.authenticationContext,
        authenticationProvider: 'FACTOR_PROVIDER',
        credentialProvider: 'GOOGLE',
        credentialType: 'OTP',
      },
    };
  },

  /** `user.authentication.sso` "User single sign on to app": targets the app instance and the app user. */
  sso(ctx: OidcEventContext): LogEventInput {
    const target: LogTarget[] = [
      {
        id: ctx.app.clientId,
        type: 'AppInstance',
        alternateId: ctx.app.name,
        displayName: ctx.app.name,
        detailEntry: { signOnModeType: 'OPENID_CONNECT' },
      },
    ];
    if (ctx.user) {
      target.push({
        id: ctx.appUserId ?? `0ua${ctx.user.id.slice(3)}`,
        type: 'AppUser',
        alternateId: ctx.user.login,
        displayName: ctx.user.displayName,
        detailEntry: null,
      });
    }
    return {
      eventType: SSO_EVENT,
      ...common(ctx),
      actor: userActor(ctx),
      target,
      legacyEventType: 'app.auth.sso',
    };
  },

  /** `app.oauth2[.as].authorize.code`: an authorization code was issued to the client. */
  authorizeCode(ctx: OidcEventContext): LogEventInput {
    return oauth2(ctx, 'authorize.code', {
      actor: userActor(ctx) ?? clientActor(ctx),
      target: [clientTarget(ctx), tokenTarget(ctx, 'code')],
    });
  },

  /**
   * `app.oauth2[.as].token.grant.<token>`: the token endpoint issued an ID, access or refresh token.
   * The client is the actor and also a target (beside the token), so a reader that looks for the
   * app among targets, as it must for the SSO event, finds it here too.
   */
  tokenGrant(ctx: OidcEventContext, token: TokenKind): LogEventInput {
    return oauth2(ctx, `token.grant.${token}`, {
      actor: clientActor(ctx),
      target: [clientTarget(ctx), tokenTarget(ctx, token)],
    });
  },

  /** `app.oauth2[.as].authorize.implicit.<token>`: the implicit flow issued a token at /authorize. */
  implicitGrant(ctx: OidcEventContext, token: 'id_token' | 'access_token'): LogEventInput {
    return oauth2(ctx, `authorize.implicit.${token}`, {
      actor: clientActor(ctx),
      target: [clientTarget(ctx), tokenTarget(ctx, token)],
    });
  },

  /** `app.oauth2[.as].authorize` FAILURE: /authorize refused (reason: Okta's error and description). */
  authorizeFailure(ctx: OidcEventContext, reason: string): LogEventInput {
    return oauth2(ctx, 'authorize', {
      actor: userActor(ctx) ?? clientActor(ctx),
      target: [clientTarget(ctx)],
      outcome: { result: 'FAILURE', reason },
    });
  },

  /** `app.oauth2[.as].token.grant` FAILURE: /token refused. */
  tokenGrantFailure(ctx: OidcEventContext, reason: string): LogEventInput {
    return oauth2(ctx, 'token.grant', {
      actor: clientActor(ctx),
      target: [clientTarget(ctx)],
      outcome: { result: 'FAILURE', reason },
    });
  },

  /**
   * `app.oauth2[.as].token.detect_reuse`: a rotated refresh token presented again (Okta's
   * "Refresh token rotation" guide); Okta then revokes the tokens issued since sign-in.
   */
  refreshTokenReuse(ctx: OidcEventContext): LogEventInput {
    return oauth2(ctx, 'token.detect_reuse', {
      actor: clientActor(ctx),
      target: [clientTarget(ctx)],
      outcome: { result: 'FAILURE', reason: 'invalid_refresh_token' },
    });
  },

  /** `app.oauth2[.as].authorize.scope_denied`: scopes the app or the server does not allow. */
  scopeDenied(ctx: OidcEventContext, scopes: readonly string[]): LogEventInput {
    return oauth2(
      ctx,
      'authorize.scope_denied',
      {
        actor: userActor(ctx) ?? clientActor(ctx),
        target: [clientTarget(ctx)],
        outcome: { result: 'FAILURE', reason: `Scopes denied: ${scopes.join(' ')}` },
      },
      { deniedScopes: scopes.join(' ') },
    );
  },
} as const;
