/**
 * Okta's System Log event type names for an OIDC sign-in (okta-behavior.md section 5), in one
 * place: the emulator's event builders write them, the token-issuance check reads them.
 *
 * The rule: ORG authorization server events are `app.oauth2.<kind>`; custom authorization
 * server events carry `.as.`: `app.oauth2.as.<kind>`.
 */

/** `org` for the ORG authorization server, otherwise a custom authorization server's id. */
export type AuthorizationServerRef = 'org' | (string & {});

/** User sign-in to Okta ("User login to Okta"). */
export const SESSION_START_EVENT = 'user.session.start';
/** Single sign-on to an app ("User single sign on to app"). */
export const SSO_EVENT = 'user.authentication.sso';
/** A second factor checked after the password ("Authentication of user via MFA"). */
export const MFA_EVENT = 'user.authentication.auth_via_mfa';

/** The OAuth 2.0 event kinds, the part after `app.oauth2.` / `app.oauth2.as.`. */
export const OAUTH2_EVENT_KINDS = [
  'authorize',
  'authorize.code',
  'authorize.implicit.id_token',
  'authorize.implicit.access_token',
  'authorize.scope_denied',
  'token.grant',
  'token.grant.id_token',
  'token.grant.access_token',
  'token.grant.refresh_token',
  'token.detect_reuse',
] as const;

/** One OAuth 2.0 event kind. */
export type OAuth2EventKind = (typeof OAUTH2_EVENT_KINDS)[number];

/** The event type of `kind` on `server`: `app.oauth2.authorize.code` or `app.oauth2.as.authorize.code`. */
export function oauth2EventType(server: AuthorizationServerRef, kind: OAuth2EventKind): string {
  return server === 'org' ? `app.oauth2.${kind}` : `app.oauth2.as.${kind}`;
}

/** Splits an OAuth 2.0 event type into the server kind and event kind; undefined for others. */
export function parseOAuth2EventType(
  eventType: string,
): { serverKind: 'org' | 'custom'; kind: OAuth2EventKind } | undefined {
  const custom = eventType.startsWith('app.oauth2.as.');
  const prefix = custom ? 'app.oauth2.as.' : 'app.oauth2.';
  if (!eventType.startsWith(prefix)) return undefined;
  const kind = eventType.slice(prefix.length);
  if (!(OAUTH2_EVENT_KINDS as readonly string[]).includes(kind)) return undefined;
  return { serverKind: custom ? 'custom' : 'org', kind: kind as OAuth2EventKind };
}

/**
 * Okta's display messages. `user.session.start` and `user.authentication.sso` are Okta's own
 * (section 5 and the System Log API reference); the OAuth 2.0 ones follow Okta's pattern
 * ("OIDC …" on the ORG server, "OAuth2 …" on a custom server) and are not all confirmed.
 */
export function displayMessageFor(eventType: string): string | undefined {
  if (eventType === SESSION_START_EVENT) return 'User login to Okta';
  if (eventType === SSO_EVENT) return 'User single sign on to app';
  if (eventType === MFA_EVENT) return 'Authentication of user via MFA';
  const parsed = parseOAuth2EventType(eventType);
  if (!parsed) return undefined;
  const p = parsed.serverKind === 'org' ? 'OIDC' : 'OAuth2';
  switch (parsed.kind) {
    case 'authorize':
      return `${p} authorization request`;
    case 'authorize.code':
      return `${p} authorization code request`;
    case 'authorize.implicit.id_token':
      return `${p} implicit id token request`;
    case 'authorize.implicit.access_token':
      return `${p} implicit access token request`;
    case 'authorize.scope_denied':
      return `${p} authorization request scope denied`;
    case 'token.grant':
      return `${p} token grant request`;
    case 'token.grant.id_token':
      return `${p} id token is granted`;
    case 'token.grant.access_token':
      return `${p} access token is granted`;
    case 'token.grant.refresh_token':
      return `${p} refresh token is granted`;
    case 'token.detect_reuse':
      return `${p} refresh token reuse detected`;
  }
}
