/**
 * A resource server on `express-jwt` with `jwks-rsa`'s `expressJwtSecret`, configured as
 * jwks-rsa's README shows for express-jwt: the key from a fixed `jwksUri`, `issuer`, `audience`,
 * `algorithms: ['RS256']`. express-jwt answers a refusal through the application's error handler
 * with the library's `UnauthorizedError` (code and message); this API sends them as JSON with a
 * 401, the way its README's error-handling example does. Started on its own, before the harness.
 */
import { loggedApp, serveApi } from './express-api.js';
import type { NextFunction, Request, Response } from 'express';
import { expressjwt, type GetVerificationKey, type Request as JwtRequest } from 'express-jwt';
import { expressJwtSecret } from 'jwks-rsa';
import { requireHttpUrl, requireText } from './options.js';
import { createRequestLog } from './request-log.js';
import type { RunningSp } from './types.js';

const WHERE = 'startExpressJwtApi';

export interface ExpressJwtApiOptions {
  issuer: string;
  audience: string;
  /** Where jwks-rsa fetches keys; default `{issuer}/v1/keys` (an Okta custom server's). */
  jwksUri?: string;
  /**
   * jwks-rsa's key cache: with `cache: true` (its default) a `kid` seen once is kept for
   * `cacheMaxAge` ms (default 10 minutes), and an unknown `kid` triggers a refetch.
   */
  cache?: boolean;
}

/** Starts the API on 127.0.0.1 and an ephemeral port; `url` is `…/api/me`. */
export async function startExpressJwtApi(opts: ExpressJwtApiOptions): Promise<RunningSp> {
  const issuer = requireHttpUrl(`${WHERE}: option "issuer"`, opts?.issuer);
  const audience = requireText(`${WHERE}: option "audience"`, opts.audience);
  const jwksUri = requireHttpUrl(`${WHERE}: option "jwksUri"`, opts.jwksUri ?? `${issuer}/v1/keys`);
  const log = createRequestLog('express-jwt');
  const app = loggedApp(log);
  app.use(
    expressjwt({
      secret: expressJwtSecret({
        cache: opts.cache ?? true,
        rateLimit: true,
        jwksRequestsPerMinute: 5,
        jwksUri,
      }) as GetVerificationKey,
      audience,
      issuer,
      algorithms: ['RS256'],
    }),
  );
  app.get('/api/me', (req: JwtRequest, res: Response) => {
    res.json({ sub: req.auth?.sub, claims: req.auth });
  });
  app.use(
    (
      err: Error & { status?: number; code?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      log.reason(res, `${err.code ?? err.name}: ${err.message}`);
      res.status(err.status ?? 500).json({ error: err.code ?? err.name, message: err.message });
    },
  );
  return serveApi(app, log);
}
