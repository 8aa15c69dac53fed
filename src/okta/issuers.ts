/**
 * Okta's issuer URLs, built and read in one place: the ORG authorization server's issuer is the
 * org URL itself; a custom authorization server's is `{org}/oauth2/{serverId}` (okta-behavior.md
 * §1). The emulator, the real-tenant adapter, discovery and the diagnosis all go through here.
 */

/** `org`, or a custom authorization server's id (`default`, `aus…`). */
export type ServerRef = 'org' | (string & {});

/** The issuer of `server` in the org at `orgUrl` (no trailing slash). */
export function issuerOf(orgUrl: string, server: ServerRef): string {
  return server === 'org' ? orgUrl : `${orgUrl}${serverPath(server)}`;
}

/** Where a server's endpoints are mounted under the org URL: '' for org, `/oauth2/{id}` else. */
export function serverPath(server: ServerRef): string {
  return server === 'org' ? '' : `/oauth2/${server}`;
}

/**
 * Which server an issuer URL names: `org` for a bare origin, the id for `/oauth2/{id}` (not the
 * ORG server's own `/oauth2/v1` endpoints), undefined for anything else.
 */
export function serverOfIssuer(iss: string): { origin: string; server: ServerRef } | undefined {
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return undefined;
  }
  if (url.pathname === '/' || url.pathname === '') return { origin: url.origin, server: 'org' };
  const m = /^\/oauth2\/([^/]+)\/?$/.exec(url.pathname);
  if (m?.[1] && m[1] !== 'v1') return { origin: url.origin, server: m[1] };
  return undefined;
}
