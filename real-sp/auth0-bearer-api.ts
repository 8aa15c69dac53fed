/**
 * A resource server on Auth0's `express-oauth2-jwt-bearer`, configured exactly as its README's
 * "Library Initialization" shows: `auth({ issuerBaseURL, audience })`. The library discovers the
 * issuer's metadata (`{issuerBaseURL}/.well-known/openid-configuration`, then the OAuth form) and
 * its `jwks_uri` itself, checks RS256, `iss`, `aud`, `exp`/`iat` (5 s tolerance by default), and
 * answers a refusal with an RFC 6750 `WWW-Authenticate: Bearer error="invalid_token", …` challenge.
 * It is meant to be started on its own, before the harness, with a fixed issuer.
 */
import { loggedApp, serveApi } from './express-api.js';
import type { NextFunction, Request, Response } from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { requireHttpUrl, requireText } from './options.js';
import { createRequestLog } from './request-log.js';
import type { RunningSp } from './types.js';

const WHERE = 'startAuth0BearerApi';

export interface Auth0BearerApiOptions {
  /** The issuer's base URL (`issuerBaseURL`): `iss` must equal it. */
  issuerBaseURL: string;
  /** The API identifier the tokens must be issued for (`aud`). */
  audience: string;
  /**
   * The library's `cooldownDuration` (ms, default 30 000): after a JWKS fetch, a token with an
   * unknown `kid` is refused without fetching again for this long (jose's createRemoteJWKSet).
   */
  cooldownDuration?: number;
  /** The library's `cacheMaxAge` (ms, default 600 000): how long a fetched JWKS is kept. */
  cacheMaxAge?: number;
}

/** Starts the API on 127.0.0.1 and an ephemeral port; `url` is `…/api/me`. */
export async function startAuth0BearerApi(opts: Auth0BearerApiOptions): Promise<RunningSp> {
  const issuerBaseURL = requireHttpUrl(`${WHERE}: option "issuerBaseURL"`, opts?.issuerBaseURL);
  const audience = requireText(`${WHERE}: option "audience"`, opts.audience);
  const log = createRequestLog('express-oauth2-jwt-bearer');
  const app = loggedApp(log);
  app.use(
    auth({
      issuerBaseURL,
      audience,
      ...(opts.cooldownDuration !== undefined ? { cooldownDuration: opts.cooldownDuration } : {}),
      ...(opts.cacheMaxAge !== undefined ? { cacheMaxAge: opts.cacheMaxAge } : {}),
    }),
  );
  app.get('/api/me', (req: Request, res: Response) => {
    res.json({ sub: req.auth?.payload.sub, claims: req.auth?.payload });
  });
  // The library's errors carry the status and the challenge; the reason goes in the body too,
  // as the README's error handler example does.
  app.use(
    (
      err: Error & { status?: number; headers?: Record<string, string> },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      log.reason(res, err.message);
      res
        .status(err.status ?? 500)
        .set(err.headers ?? {})
        .json({ error: err.name, message: err.message });
    },
  );
  return serveApi(app, log);
}
