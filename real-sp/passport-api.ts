/**
 * A resource server on the widely used passport JWT strategy: `passport-jwt` with jwks-rsa's
 * `passportJwtSecret`, mounted on express as its README shows. Passport answers a failed
 * authentication with a bare `401 Unauthorized` — no `WWW-Authenticate`, no reason — and that is
 * kept: it is exactly the SP that gives the harness nothing to go on (okta-behavior.md §7).
 */
import { loggedApp, serveApi } from './express-api.js';
import type { Request, Response } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { SecretOrKeyProvider } from 'passport-jwt';
import { passportJwtSecret } from 'jwks-rsa';
import { missingClaims, optionalClaimNames, requireHttpUrl, requireText } from './options.js';
import { createRequestLog } from './request-log.js';
import type { ApiSpOptions, RunningSp } from './types.js';

export interface PassportApiOptions extends ApiSpOptions {
  /** Always bare with passport; the option is accepted for a uniform API and must not be false. */
  bareErrors?: true;
}

const WHERE = 'startPassportApi';

/**
 * Starts the API on 127.0.0.1 and an ephemeral port; `url` is `http://127.0.0.1:PORT/api/me`.
 *
 * The strategy checks the RS256 signature with the key jwks-rsa fetches from `jwksUri`
 * (default `{issuer}/v1/keys`, an Okta custom server's key URL), `iss`, `aud` and `exp`
 * (jsonwebtoken's rules, no clock tolerance); the verify callback — the application's few
 * lines — refuses a token lacking any of `requireClaims`. 200 answers `{ sub, claims }`.
 */
export async function startPassportApi(opts: PassportApiOptions): Promise<RunningSp> {
  const issuer = requireHttpUrl(`${WHERE}: option "issuer"`, opts?.issuer);
  const audience = requireText(`${WHERE}: option "audience"`, opts.audience);
  const jwksUri = requireHttpUrl(`${WHERE}: option "jwksUri"`, opts.jwksUri ?? `${issuer}/v1/keys`);
  const requireClaims = optionalClaimNames(`${WHERE}: option "requireClaims"`, opts.requireClaims);
  if ((opts.bareErrors as boolean | undefined) === false) {
    throw new Error(
      `${WHERE}: option "bareErrors" cannot be false: passport answers a bare 401 by design`,
    );
  }

  // An own Passport instance, not the module singleton, so several APIs can run side by side.
  const authenticator = new passport.Passport();
  authenticator.use(
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKeyProvider: passportJwtSecret({
          jwksUri,
          cache: true,
          rateLimit: true,
          jwksRequestsPerMinute: 10,
        }) as SecretOrKeyProvider,
        issuer,
        audience,
        algorithms: ['RS256'],
      },
      (payload: Record<string, unknown>, done: (err: unknown, user?: unknown) => void) => {
        done(null, missingClaims(payload, requireClaims).length > 0 ? false : payload);
      },
    ),
  );

  const log = createRequestLog('passport-jwt');
  const app = loggedApp(log);
  app.use(authenticator.initialize());
  app.get(
    '/api/me',
    authenticator.authenticate('jwt', { session: false }),
    (req: Request, res: Response) => {
      const claims = req.user as Record<string, unknown>;
      res.json({ sub: claims.sub, claims });
    },
  );

  return serveApi(app, log);
}
