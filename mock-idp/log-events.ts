/**
 * Records the System Log events of an OIDC sign-in (okta-behavior.md section 5) from
 * oidc-provider's events and the emulator's own handlers, and keeps the list of issued tokens.
 */
import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { findUserById } from './claims.js';
import type { ResolvedConfig, ResolvedUser } from './config.js';
import { clientInfo } from './http-util.js';
import type { ServerSpec } from './provider.js';
import {
  newRequestId,
  oidcEvents,
  type OidcEventContext,
  type SystemLog,
} from './system-log/index.js';

/** A token the emulator issued (through HTTP or `mintToken`). */
export interface IssuedTokenRecord {
  kind: 'access_token' | 'id_token' | 'refresh_token';
  /** The raw token (a JWT, or the opaque refresh token). */
  token: string;
  /** `org` or the custom server id. */
  server: string;
  clientId: string;
  /** ms since the epoch. */
  issuedAt: number;
  /** `authorization_code`, `implicit`, `refresh_token`, `client_credentials` or `mint`. */
  via: string;
}

/** The app's display name in events (Okta shows the app's label). */
export const APP_NAME = 'Okta Emulator OIDC App';

export class EventRecorder {
  constructor(
    private readonly log: SystemLog,
    private readonly config: () => ResolvedConfig,
    private readonly onIssued: (record: IssuedTokenRecord) => void,
  ) {}

  /** The event context of a request. */
  context(
    spec: ServerSpec,
    req: { ip?: string; userAgent?: string; requestUri?: string } = {},
    user?: ResolvedUser,
    extra: Partial<OidcEventContext> = {},
  ): OidcEventContext {
    return {
      server: spec.id,
      app: { clientId: this.config().app.clientId, name: APP_NAME },
      ...(user ? { user: { id: user.id, login: user.login, displayName: displayName(user) } } : {}),
      ...(req.ip ? { ip: req.ip } : {}),
      ...(req.userAgent ? { userAgent: req.userAgent } : {}),
      ...(req.requestUri ? { requestUri: req.requestUri } : {}),
      requestId: newRequestId(),
      ...extra,
    };
  }

  fromRequest(req: IncomingMessage) {
    return { ...clientInfo(req), requestUri: req.url ?? '/' };
  }

  private fromKoa(ctx: KoaContextWithOIDC) {
    return {
      ip: ctx.ip,
      userAgent: String(ctx.get('user-agent') ?? ''),
      requestUri: ctx.originalUrl,
    };
  }

  private record(input: Parameters<SystemLog['record']>[0]) {
    try {
      this.log.record(input);
    } catch {
      // A malformed event must never break a sign-in.
    }
  }

  /** A password sign-in attempt. */
  signIn(
    spec: ServerSpec,
    req: IncomingMessage,
    login: string,
    user: ResolvedUser | undefined,
    ok: boolean,
  ) {
    const ctx = this.context(spec, this.fromRequest(req), user);
    if (!user) ctx.user = { id: 'unknown', login, displayName: login };
    this.record(ok ? oidcEvents.sessionStart(ctx) : oidcEvents.sessionStartFailure(ctx));
  }

  /** A second-factor code checked after the password (Google Authenticator, TOTP). */
  secondFactor(spec: ServerSpec, req: IncomingMessage, user: ResolvedUser, ok: boolean) {
    const ctx = this.context(spec, this.fromRequest(req), user);
    this.record(oidcEvents.authViaMfa(ctx, ok));
  }

  /** `/authorize` refused by Okta's rules (before the Provider saw it). */
  authorizeRefused(
    spec: ServerSpec,
    req: IncomingMessage,
    error: string,
    description: string,
    denied?: string[],
    scopes: string[] = [],
  ) {
    const ctx = this.context(spec, this.fromRequest(req), undefined, { requestedScopes: scopes });
    if (denied?.length) this.record(oidcEvents.scopeDenied(ctx, denied));
    this.record(oidcEvents.authorizeFailure(ctx, `${error}: ${description}`));
  }

  /** `/token` refused by Okta's rules (before the Provider saw it): a failed token grant event. */
  tokenRefused(
    spec: ServerSpec,
    req: IncomingMessage,
    grantType: string,
    error: string,
    description: string,
  ) {
    const ctx = this.context(spec, this.fromRequest(req), undefined, { grantType });
    this.record(oidcEvents.tokenGrantFailure(ctx, `${error}: ${description}`));
  }

  /** Subscribes to one Provider's events. */
  attach(provider: Provider, spec: ServerSpec) {
    provider.on(
      'authorization.success',
      (ctx: KoaContextWithOIDC, out?: Record<string, unknown>) => {
        try {
          const accountId = ctx.oidc.session?.accountId;
          const user = accountId ? findUserById(this.config(), accountId) : undefined;
          const scopes = String((ctx.oidc.params as Record<string, unknown>)?.scope ?? '')
            .split(' ')
            .filter(Boolean);
          const base = this.context(spec, this.fromKoa(ctx), user, {
            requestedScopes: scopes,
            grantedScopes: scopes,
            ...(ctx.oidc.session?.uid ? { sessionId: ctx.oidc.session.uid } : {}),
          });
          this.record(oidcEvents.sso(base));
          if (out?.code)
            this.record(oidcEvents.authorizeCode({ ...base, grantType: 'authorization_code' }));
          for (const kind of ['id_token', 'access_token'] as const) {
            const token = out?.[kind];
            if (typeof token !== 'string') continue;
            this.record(
              oidcEvents.implicitGrant(
                { ...base, grantType: 'implicit', ...tokenDetails(token) },
                kind,
              ),
            );
            this.issued(spec, kind, token, 'implicit');
          }
        } catch {
          // Logging must not break the flow.
        }
      },
    );
    provider.on(
      'authorization.error',
      (ctx: KoaContextWithOIDC, err: Error & { error?: string; error_description?: string }) => {
        const accountId = ctx.oidc?.session?.accountId;
        const user = accountId ? findUserById(this.config(), accountId) : undefined;
        this.record(
          oidcEvents.authorizeFailure(
            this.context(spec, this.fromKoa(ctx), user),
            `${err.error ?? 'error'}: ${err.error_description ?? err.message}`,
          ),
        );
      },
    );
    provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
      try {
        const body = ctx.body as Record<string, unknown>;
        const params = ctx.oidc.params as Record<string, unknown>;
        const grantType = String(params?.grant_type ?? '');
        const entities = ctx.oidc.entities as {
          AccessToken?: { accountId?: string };
          ClientCredentials?: unknown;
        };
        const accountId = entities.AccessToken?.accountId;
        const user = accountId ? findUserById(this.config(), accountId) : undefined;
        const scopes = String(body.scope ?? '')
          .split(' ')
          .filter(Boolean);
        const base = this.context(spec, this.fromKoa(ctx), user, {
          grantType,
          grantedScopes: scopes,
        });
        for (const kind of ['access_token', 'id_token', 'refresh_token'] as const) {
          const token = body[kind];
          if (typeof token !== 'string') continue;
          this.record(oidcEvents.tokenGrant({ ...base, ...tokenDetails(token) }, kind));
          this.issued(spec, kind, token, grantType);
        }
      } catch {
        // Logging must not break the flow.
      }
    });
    provider.on(
      'grant.error',
      (
        ctx: KoaContextWithOIDC,
        err: Error & { error?: string; error_description?: string; error_detail?: string },
      ) => {
        const grantType = String(
          (ctx.oidc?.params as Record<string, unknown> | undefined)?.grant_type ?? '',
        );
        const context = this.context(spec, this.fromKoa(ctx), undefined, { grantType });
        // oidc-provider's own words for a rotated refresh token presented again.
        if (grantType === 'refresh_token' && /already used/.test(err.error_detail ?? '')) {
          this.record(oidcEvents.refreshTokenReuse(context));
        }
        this.record(
          oidcEvents.tokenGrantFailure(
            context,
            grantType === 'refresh_token' && err.error === 'invalid_grant'
              ? 'invalid_refresh_token'
              : `${err.error ?? 'error'}: ${err.error_description ?? err.message}`,
          ),
        );
      },
    );
  }

  issued(spec: ServerSpec, kind: IssuedTokenRecord['kind'], token: string, via: string) {
    this.onIssued({
      kind,
      token,
      server: spec.id,
      clientId: this.config().app.clientId,
      issuedAt: Date.now(),
      via,
    });
  }
}

function displayName(user: ResolvedUser): string {
  return [user.givenName, user.familyName].filter(Boolean).join(' ') || user.login;
}

function tokenDetails(token: string): Partial<OidcEventContext> {
  try {
    const p = decodeJwt(token);
    return {
      ...(typeof p.jti === 'string' ? { tokenId: p.jti } : {}),
      ...(typeof p.exp === 'number' ? { expiresAt: new Date(p.exp * 1000).toISOString() } : {}),
    };
  } catch {
    return {};
  }
}
