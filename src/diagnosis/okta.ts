/**
 * What Okta's values look like (okta-behavior.md sections 1, 2 and 4), so a diagnosis can say
 * *which* authorization server a token came from and what kind of audience it carries.
 */
import { serverOfIssuer } from '../okta/issuers.js';

/** Where a token came from, read off its `iss`. */
export type IssuerShape =
  | { kind: 'org'; domain: string }
  | { kind: 'custom'; domain: string; serverId: string }
  | { kind: 'other' };

/**
 * `https://{domain}` is the ORG authorization server; `https://{domain}/oauth2/{id}` a custom one
 * (section 1). Anything else is not Okta-shaped.
 */
export function issuerShape(iss: unknown): IssuerShape {
  if (typeof iss !== 'string') return { kind: 'other' };
  const read = serverOfIssuer(iss);
  if (!read) return { kind: 'other' };
  if (read.server === 'org') return { kind: 'org', domain: read.origin };
  return { kind: 'custom', domain: read.origin, serverId: read.server };
}

/** The base URL of an issuer's endpoints: `{issuer}/v1/…` for both kinds of server. */
export function oauthBase(shape: IssuerShape, iss: string): string {
  if (shape.kind === 'org') return `${shape.domain}/oauth2`;
  return iss.replace(/\/+$/, '');
}

/**
 * What an `aud` value is: a custom server's API audience (`api://default`), an app's client id
 * (`0oa…`, what ID tokens carry), the org URL (ORG access tokens), or another URL.
 */
export type AudienceKind = 'api_audience' | 'client_id' | 'org_url' | 'other_url';

/** Classifies one audience value (section 1: "ID token aud" / "access token aud"). */
export function audienceKind(aud: string): AudienceKind {
  if (/^api:\/\//i.test(aud)) return 'api_audience';
  if (/^https?:\/\//i.test(aud)) {
    try {
      const url = new URL(aud);
      return url.pathname === '/' || url.pathname === '' ? 'org_url' : 'other_url';
    } catch {
      return 'other_url';
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(aud)) return 'other_url';
  return 'client_id';
}

/** Words for an audience kind, for summaries. */
export function describeAudience(aud: string): string {
  switch (audienceKind(aud)) {
    case 'api_audience':
      return `"${aud}", a custom authorization server's audience (what its access tokens carry)`;
    case 'client_id':
      return `"${aud}", an app's client id (what ID tokens carry)`;
    case 'org_url':
      return `"${aud}", the org URL (what ORG authorization server access tokens carry)`;
    case 'other_url':
      return `"${aud}"`;
  }
}

/** Words for an issuer, for summaries. */
export function describeIssuer(iss: unknown): string {
  const shape = issuerShape(iss);
  if (shape.kind === 'org') return `the ORG authorization server (${String(iss)})`;
  if (shape.kind === 'custom')
    return `custom authorization server "${shape.serverId}" (${String(iss)})`;
  return `"${String(iss)}"`;
}

// ORG_THIN_KEEPS: claims a thin ORG ID token still carries; their absence there means the scope
// was not requested, not thinness.
export { SCOPE_CLAIMS, scopeForClaim, ORG_THIN_KEEPS } from '../okta/scopes.js';

/** True for an Okta user id (`00u…`), what ID token `sub` and access token `uid` carry. */
export function isOktaUserId(value: unknown): boolean {
  return typeof value === 'string' && /^00u[0-9A-Za-z]{6,}$/.test(value);
}

/** The Admin console path to a custom authorization server's page. */
export function serverConsolePath(serverId: string | undefined, tab: string): string {
  return `Admin console → Security → API → Authorization Servers → ${serverId ?? '{server}'} → ${tab}`;
}

/** The Admin console path to an app's page. */
export function appConsolePath(clientId: unknown, tab: string): string {
  const app =
    typeof clientId === 'string' && clientId ? `the app (client id ${clientId})` : 'the app';
  return `Admin console → Applications → Applications → ${app} → ${tab}`;
}
