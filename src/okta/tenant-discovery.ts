/**
 * Discovery of a real tenant's authorization server (okta-behavior.md section 1): the ORG server's
 * document is at `/.well-known/openid-configuration` with issuer `https://{domain}`; a custom
 * server's at `/oauth2/{id}/.well-known/openid-configuration` with issuer
 * `https://{domain}/oauth2/{id}`. The issuer the document states must have that shape.
 */
import { issuerOf, serverPath } from './issuers.js';
import { HarnessError } from '../errors.js';

/** Which kind of authorization server answered. */
export type ServerKind = 'org' | 'custom';

/** The discovery document fields the harness reads. */
export interface DiscoveryDocument {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  jwks_uri?: string;
  userinfo_endpoint?: string;
  scopes_supported?: string[];
  claims_supported?: string[];
  response_types_supported?: string[];
  [key: string]: unknown;
}

/** A discovered authorization server. */
export interface DiscoveredServer {
  server: string;
  kind: ServerKind;
  issuer: string;
  /** Where the document was read. */
  url: string;
  document: DiscoveryDocument;
}

/** Why discovery failed. */
export type DiscoveryErrorCode = 'unreachable' | 'not_found' | 'http_error' | 'invalid' | 'issuer';

/** A discovery that failed, with what to fix. */
export class DiscoveryError extends HarnessError<DiscoveryErrorCode> {
  constructor(
    readonly code: DiscoveryErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** The OIDC discovery URL of a server of the org. */
export function discoveryUrl(orgUrl: string, server: string): string {
  return `${orgUrl}${serverPath(server)}/.well-known/openid-configuration`;
}

/** The OAuth 2.0 metadata URL (RFC 8414, Okta's path form) of a server of the org. */
export function oauthMetadataUrl(orgUrl: string, server: string): string {
  return `${orgUrl}${serverPath(server)}/.well-known/oauth-authorization-server`;
}

/** GETs a JSON document; answers the status and the parsed body (undefined if not JSON). */
export async function getJson(
  url: string,
  timeoutMs = 10_000,
): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // fetch() says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is its cause.
    const c = (err as { cause?: { code?: string; message?: string } }).cause;
    const cause = c?.code ?? c?.message ?? (err as Error).message;
    throw new DiscoveryError('unreachable', `GET ${url} failed: ${cause}`);
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

/**
 * Reads a server's discovery document and checks its issuer. Throws {@link DiscoveryError} with
 * the fix in Okta's terms.
 */
export async function discoverServer(
  orgUrl: string,
  server: string,
  options: { timeoutMs?: number } = {},
): Promise<DiscoveredServer> {
  const url = discoveryUrl(orgUrl, server);
  const { status, body } = await getJson(url, options.timeoutMs);
  if (status === 404) {
    const summary =
      body && typeof body === 'object' && 'errorSummary' in body
        ? ` (${String((body as { errorSummary: unknown }).errorSummary)})`
        : '';
    throw new DiscoveryError(
      'not_found',
      server === 'org'
        ? `GET ${url} answered 404${summary}: is OKTA_DOMAIN the org URL?`
        : `GET ${url} answered 404${summary}: the org has no authorization server "${server}" (Okta Admin → Security → API → Authorization Servers; needs API Access Management)`,
      status,
    );
  }
  if (status !== 200) {
    throw new DiscoveryError('http_error', `GET ${url} answered HTTP ${status}`, status);
  }
  if (
    !body ||
    typeof body !== 'object' ||
    typeof (body as { issuer?: unknown }).issuer !== 'string'
  ) {
    throw new DiscoveryError('invalid', `GET ${url} answered 200 without a JSON issuer`, status);
  }
  const document = body as DiscoveryDocument;
  const expected = issuerOf(orgUrl, server);
  if (document.issuer !== expected) {
    throw new DiscoveryError(
      'issuer',
      `GET ${url}: the issuer is ${document.issuer}, expected ${expected} (${server === 'org' ? 'the ORG server’s issuer is the org URL' : 'a custom server’s issuer is {org}/oauth2/{id}'}; a custom URL domain changes it: set OKTA_DOMAIN to the domain the issuer names)`,
      status,
    );
  }
  return {
    server,
    kind: server === 'org' ? 'org' : 'custom',
    issuer: document.issuer,
    url,
    document,
  };
}
