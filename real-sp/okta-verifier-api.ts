/**
 * A resource server protected by Okta's own verifier, `@okta/jwt-verifier` (okta-behavior.md §8),
 * mounted on express the way Okta's samples do: `GET /api/me` with `Authorization: Bearer …`.
 * Everything that decides accept or reject is the library's; the lines here only mount it.
 */
import { loggedApp, serveApi } from './express-api.js';
import type { Request, Response } from 'express';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { missingClaims, optionalClaimNames, requireHttpUrl, requireText } from './options.js';
import { createRequestLog } from './request-log.js';
import type { ApiSpOptions, RunningSp } from './types.js';

export interface OktaVerifierApiOptions extends Omit<ApiSpOptions, 'audience'> {
  /** Expected `aud` for `verifyAccessToken` (e.g. `api://default`). Required for access tokens. */
  audience?: string;
  /** Expected client id for `verifyIdToken`; used when `tokenUse` is `id_token`. */
  clientId?: string;
  /** `access_token` (default) → `verifyAccessToken`; `id_token` → `verifyIdToken`. */
  tokenUse?: 'access_token' | 'id_token';
  /** The library's `assertClaims` (e.g. `{ 'scp.includes': ['email'] }`, `{ cid: '0oa…' }`). */
  assertClaims?: Record<string, unknown>;
}

const WHERE = 'startOktaVerifierApi';

/**
 * Starts the API on 127.0.0.1 and an ephemeral port; `url` is `http://127.0.0.1:PORT/api/me`.
 *
 * Answers 200 `{ sub, claims }` when the library accepts the token; otherwise 401 with
 * `WWW-Authenticate: Bearer error="invalid_token", error_description="<the library's message>"`,
 * or — with `bareErrors` — a bare `401 Unauthorized` with no header and no reason.
 * The key URL is the library's default `{issuer}/v1/keys` unless `jwksUri` is given (the ORG
 * authorization server needs it: §8).
 */
export async function startOktaVerifierApi(opts: OktaVerifierApiOptions): Promise<RunningSp> {
  const issuer = requireHttpUrl(`${WHERE}: option "issuer"`, opts?.issuer);
  const tokenUse = opts.tokenUse ?? 'access_token';
  if (tokenUse !== 'access_token' && tokenUse !== 'id_token') {
    throw new Error(
      `${WHERE}: option "tokenUse" must be "access_token" or "id_token", got ${JSON.stringify(tokenUse)}`,
    );
  }
  const expected =
    tokenUse === 'id_token'
      ? requireText(`${WHERE}: option "clientId" (or "audience")`, opts.clientId ?? opts.audience)
      : requireText(`${WHERE}: option "audience"`, opts.audience);
  const jwksUri =
    opts.jwksUri === undefined
      ? undefined
      : requireHttpUrl(`${WHERE}: option "jwksUri"`, opts.jwksUri);
  const requireClaims = optionalClaimNames(`${WHERE}: option "requireClaims"`, opts.requireClaims);
  const bare = opts.bareErrors === true;

  const verifier = quietly(
    () =>
      new OktaJwtVerifier({
        issuer,
        ...(jwksUri ? { jwksUri } : {}),
        ...(opts.assertClaims ? { assertClaims: opts.assertClaims } : {}),
        // The library refuses http issuers unless told it is testing; the emulator is http on loopback.
        ...(issuer.startsWith('http://') ? { testing: { disableHttpsCheck: true } } : {}),
      }),
  );

  const log = createRequestLog('okta-jwt-verifier');
  const refuse = (res: Response, error: string, reason: string | undefined): void => {
    log.reason(res, reason ?? 'no token');
    res.status(401);
    if (!bare) {
      // RFC 6750 §3: no error code when the request carried no token at all.
      res.set(
        'WWW-Authenticate',
        reason === undefined
          ? 'Bearer'
          : `Bearer error="${error}", error_description="${quote(reason)}"`,
      );
    }
    res.type('text/plain').send('Unauthorized');
  };

  const app = loggedApp(log);
  app.get('/api/me', async (req: Request, res: Response) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match?.[1]) return refuse(res, 'invalid_request', undefined);
    let claims: OktaJwtVerifier.JwtClaims;
    try {
      const jwt =
        tokenUse === 'id_token'
          ? await verifier.verifyIdToken(match[1], expected)
          : await verifier.verifyAccessToken(match[1], expected);
      claims = jwt.claims;
    } catch (err) {
      return refuse(res, 'invalid_token', messageOf(err));
    }
    // The application's own check, as a typical API does after the library accepted the token;
    // worded as jose words it, the form most Node APIs pass on.
    const missing = missingClaims(claims, requireClaims)[0];
    if (missing !== undefined) {
      return refuse(res, 'invalid_token', `missing required "${missing}" claim`);
    }
    res.json({ sub: claims.sub, claims });
  });

  return serveApi(app, log);
}

/**
 * Runs `build` without the library's "HTTPS check is disabled" console warning, printed on every
 * construction with an http issuer: expected on loopback, and noise in every test run.
 */
function quietly<T>(build: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('Warning: HTTPS check is disabled')) warn(...args);
  };
  try {
    return build();
  } finally {
    console.warn = warn;
  }
}

/** The library rejects with Error objects, and with bare strings from its key resolver. */
function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : 'token rejected';
}

/** A quoted-string for an auth-param (RFC 9110 §5.6.4): escape `"` and `\`, drop line breaks. */
function quote(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, '\\$&');
}
