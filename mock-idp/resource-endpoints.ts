/**
 * `/v1/userinfo` and `/v1/introspect` for Okta's JWT access tokens. oidc-provider refuses JWT
 * access tokens that carry an `aud` at both (oidc-provider-notes.md), so the emulator verifies
 * them itself with the server's keys and answers with Okta's shapes and error strings.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Provider } from 'oidc-provider';
import { findUserById, findUserByLogin, scopeClaims } from './claims.js';
import type { ResolvedConfig } from './config.js';
import { BODY_LIMIT, formParams } from './http-util.js';
import { publicJwk } from './keys.js';
import { readBody, sendJson } from '../src/net/http.js';
import { USERINFO_ERRORS } from './okta-errors.js';
import { verifyDpopProof } from '../src/checks/dpop-proof.js';
import type { ServerSpec } from './provider.js';

/** Verifies a JWT issued by this server (signature, issuer, expiry on the emulator's clock). */
export async function verifyServerJwt(
  config: ResolvedConfig,
  spec: ServerSpec,
  token: string,
): Promise<JWTPayload | undefined> {
  try {
    const keys = [...spec.keys, ...(spec.accessTokenKey ? [spec.accessTokenKey] : [])];
    const jwks = createLocalJWKSet({ keys: keys.map(publicJwk) });
    const { payload } = await jwtVerify(token, jwks, {
      issuer: spec.issuer,
      algorithms: ['RS256'],
      currentDate: new Date(Date.now() + config.clockOffsetSeconds * 1000),
    });
    return payload;
  } catch {
    return undefined;
  }
}

/** The access token and how it came: `Bearer`, or `DPoP` with its proof (RFC 9449 §7.1). */
function presented(
  req: IncomingMessage,
): { scheme: 'bearer' | 'dpop'; token: string; proof?: string } | undefined {
  const m = /^(Bearer|DPoP)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  if (!m) return undefined;
  const proof = req.headers.dpop;
  return m[1]!.toLowerCase() === 'dpop'
    ? { scheme: 'dpop', token: m[2]!, ...(typeof proof === 'string' ? { proof } : {}) }
    : { scheme: 'bearer', token: m[2]! };
}

/**
 * Why a token's DPoP binding is not honoured by this request, or undefined when it is: a bound
 * token (`cnf.jkt`) needs the DPoP scheme and a proof by its key; an unbound one, Bearer.
 */
async function dpopProblem(
  req: IncomingMessage,
  config: ResolvedConfig,
  credential: NonNullable<ReturnType<typeof presented>>,
  payload: JWTPayload,
): Promise<string | undefined> {
  const cnf = payload.cnf as { jkt?: unknown } | undefined;
  const jkt = typeof cnf?.jkt === 'string' ? cnf.jkt : undefined;
  if (jkt === undefined) {
    return credential.scheme === 'dpop' ? USERINFO_ERRORS.invalidToken : undefined;
  }
  if (credential.scheme !== 'dpop') return USERINFO_ERRORS.dpopScheme;
  if (!credential.proof) return USERINFO_ERRORS.dpopProof;
  const checked = await verifyDpopProof(
    {
      proof: credential.proof,
      method: req.method ?? 'GET',
      url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
    },
    credential.token,
    Math.floor(Date.now() / 1000) + config.clockOffsetSeconds,
  );
  return 'jkt' in checked && checked.jkt === jkt ? undefined : USERINFO_ERRORS.dpopProof;
}

/** `GET|POST /v1/userinfo` (section 3 for the errors, section 4 for the claims). */
export async function handleUserinfo(
  req: IncomingMessage,
  res: ServerResponse,
  config: ResolvedConfig,
  spec: ServerSpec,
): Promise<void> {
  const credential = presented(req);
  const payload = credential ? await verifyServerJwt(config, spec, credential.token) : undefined;
  const scopes = Array.isArray(payload?.scp) ? (payload.scp as string[]) : undefined;
  const user = typeof payload?.uid === 'string' ? findUserById(config, payload.uid) : undefined;
  const problem =
    credential && payload && scopes && user
      ? await dpopProblem(req, config, credential, payload)
      : USERINFO_ERRORS.invalidToken;
  if (problem || !scopes || !user) {
    const scheme = credential?.scheme === 'dpop' || payload?.cnf ? 'DPoP' : 'Bearer';
    const error = problem === USERINFO_ERRORS.dpopProof ? 'invalid_dpop_proof' : 'invalid_token';
    res.writeHead(401, {
      'www-authenticate': `${scheme} error="${error}", error_description="${problem ?? USERINFO_ERRORS.invalidToken}"`,
      'cache-control': 'no-cache, no-store',
    });
    res.end();
    return;
  }
  if (!scopes.includes('openid')) {
    res.writeHead(403, {
      'www-authenticate': `Bearer error="insufficient_scope", error_description="${USERINFO_ERRORS.insufficientScope}"`,
      'cache-control': 'no-cache, no-store',
    });
    res.end();
    return;
  }
  sendJson(res, 200, { sub: user.id, ...scopeClaims(user, scopes, config) });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Client authentication as Okta accepts it at `/introspect`: Basic, or the secret in the body. */
function authenticateClient(
  req: IncomingMessage,
  form: URLSearchParams,
  config: ResolvedConfig,
): boolean {
  const { app } = config;
  let clientId = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, i));
    secret = decodeURIComponent(decoded.slice(i + 1));
  }
  if (clientId !== app.clientId) return false;
  if (app.public) return true;
  return !!secret && !!app.clientSecret && sameSecret(secret, app.clientSecret);
}

/** `POST /v1/introspect` (RFC 7662, Okta's response fields). */
export async function handleIntrospect(
  req: IncomingMessage,
  res: ServerResponse,
  config: ResolvedConfig,
  spec: ServerSpec,
  provider: Provider,
): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const form = formParams(req, await readBody(req, BODY_LIMIT));
  if (!authenticateClient(req, form, config)) {
    sendJson(res, 401, {
      error: 'invalid_client',
      error_description:
        'Client authentication failed. Either the client or the client credentials are invalid.',
    });
    return;
  }
  const token = form.get('token') ?? '';
  if (!token) {
    sendJson(res, 400, {
      error: 'invalid_request',
      error_description: "The 'token' parameter is required.",
    });
    return;
  }
  const payload =
    token.split('.').length === 3 ? await verifyServerJwt(config, spec, token) : undefined;
  if (payload) {
    const isAccessToken = Array.isArray(payload.scp);
    const user = isAccessToken
      ? typeof payload.uid === 'string'
        ? findUserById(config, payload.uid)
        : undefined
      : findUserById(config, String(payload.sub));
    sendJson(res, 200, {
      active: true,
      ...(isAccessToken
        ? { scope: (payload.scp as string[]).join(' '), token_type: 'Bearer' }
        : {}),
      ...(user ? { username: user.login } : {}),
      exp: payload.exp,
      iat: payload.iat,
      sub: isAccessToken
        ? payload.sub
        : (findUserByLogin(config, String(payload.sub))?.login ?? payload.sub),
      aud: payload.aud,
      iss: payload.iss,
      jti: payload.jti,
      ...(isAccessToken
        ? { uid: payload.uid, client_id: payload.cid }
        : { client_id: payload.aud }),
    });
    return;
  }
  const refresh = await provider.RefreshToken.find(token).catch(() => undefined);
  if (refresh && !refresh.isExpired && refresh.clientId === config.app.clientId) {
    const user = refresh.accountId ? findUserById(config, refresh.accountId) : undefined;
    sendJson(res, 200, {
      active: true,
      token_type: 'refresh_token',
      scope: refresh.scope,
      client_id: refresh.clientId,
      ...(user ? { username: user.login, sub: user.login, uid: user.id } : {}),
      exp: refresh.exp,
      iat: refresh.iat,
      iss: spec.issuer,
    });
    return;
  }
  sendJson(res, 200, { active: false });
}
