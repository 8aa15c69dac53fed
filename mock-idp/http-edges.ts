/**
 * Which methods each of Okta's OAuth paths answers, so the emulator refuses the others the way
 * Okta does — a JSON 405 (`E0000022`) for a known path and a JSON 404 (`E0000007`) for an unknown
 * one — instead of serving a discovery document to PUT or a plain-text 404 from oidc-provider.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../src/net/http.js';
import { apiError } from './okta-errors.js';

const READ = ['GET', 'HEAD'] as const;
const POST = ['POST'] as const;
const GET_OR_POST = ['GET', 'POST'] as const;

/** Paths relative to a server's mount (`/oauth2/v1` for the org server, `/v1` for a custom one). */
const ENDPOINTS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^\/\.well-known\/(openid-configuration|oauth-authorization-server)$/, READ],
  [/^\/keys$/, READ],
  [/^\/(token|revoke|introspect|par|device\/authorize|bc-authorize|challenge)$/, POST],
  [/^\/userinfo$/, GET_OR_POST],
  // `/authorize/{uid}` is where oidc-provider resumes after the sign-in page.
  [/^\/authorize(\/[^/]+)?$/, GET_OR_POST],
  [/^\/logout(\/(confirm|success))?$/, GET_OR_POST],
];

/**
 * The methods a path answers, or undefined for a path Okta does not serve. `rest` is the request
 * path relative to the server's mount, `v1` the mount's OAuth prefix.
 */
export function allowedMethods(rest: string, v1: string): readonly string[] | undefined {
  const relative = rest.startsWith('/.well-known/')
    ? rest
    : rest.startsWith(`${v1}/`)
      ? rest.slice(v1.length)
      : undefined;
  if (relative === undefined) return undefined;
  return ENDPOINTS.find(([pattern]) => pattern.test(relative))?.[1];
}

/** Okta's 405: JSON, with the methods the path does answer in `Allow`. */
export function sendMethodNotAllowed(res: ServerResponse, allowed: readonly string[]) {
  sendJson(
    res,
    405,
    apiError('E0000022', 'The endpoint does not support the provided HTTP method'),
    {
      Allow: allowed.join(', '),
    },
  );
}

/** Okta's 404 for a path it does not serve: JSON, never the path echoed back whole. */
export function sendNotFound(res: ServerResponse) {
  sendJson(res, 404, apiError('E0000007', 'Not found: Resource not found'));
}

/**
 * Refuses a request Okta would refuse before any endpoint runs; true when it answered.
 */
export function refuseEdge(
  method: string | undefined,
  rest: string,
  v1: string,
  res: ServerResponse,
) {
  const allowed = allowedMethods(rest, v1);
  if (!allowed) {
    sendNotFound(res);
    return true;
  }
  // OPTIONS is CORS preflight, which oidc-provider answers for the endpoints browsers call.
  if (method !== 'OPTIONS' && !allowed.includes(method ?? 'GET')) {
    sendMethodNotAllowed(res, allowed);
    return true;
  }
  return false;
}
