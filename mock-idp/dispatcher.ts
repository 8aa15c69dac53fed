/**
 * The emulator's one HTTP server: routes Okta's URLs to the right authorization server
 * (oidc-provider-notes.md "Several authorization servers on one origin") and serves the
 * endpoints the emulator answers itself (discovery, userinfo, introspect, sign-in, System Log).
 * Every failure ends as an Okta-shaped response, never a stack trace.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { checkAuthorize, sendAuthorizationResponse } from './authorize-policy.js';
import type { ResolvedConfig } from './config.js';
import { openidConfiguration, oauthMetadata } from './discovery.js';
import { BodyTooLargeError, readBody, sendJson } from '../src/net/http.js';
import { BODY_LIMIT, formParams, replayRequest } from './http-util.js';
import { refuseEdge, sendMethodNotAllowed } from './http-edges.js';
import type { EventRecorder } from './log-events.js';
import { apiError, sendBadRequestPage, sendUnknownServer, TOKEN_ERRORS } from './okta-errors.js';
import type { ServerSpec } from './provider.js';
import { clientCredentialsRefusal } from './client-credentials.js';
import { publicJwk } from './keys.js';
import { handleIntrospect, handleUserinfo } from './resource-endpoints.js';
import { handleSignIn } from './sign-in.js';

/** One authorization server's oidc-provider instance and its request handler. */
export interface ProviderEntry {
  provider: Provider;
  callback: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The Providers and settings in force; swapped whole by `configure()`. */
export interface Runtime {
  config: ResolvedConfig;
  specs: Map<string, ServerSpec>;
  /**
   * A server's Provider, built on first use: discovery, keys, userinfo, the System Log and
   * minted tokens need none, so a run of minted cases never loads oidc-provider at all.
   */
  provider(id: string): Promise<ProviderEntry>;
}

export interface DispatcherDeps {
  runtime(): Runtime | undefined;
  logs(req: IncomingMessage, res: ServerResponse, url: URL): void;
  recorder: EventRecorder;
}

const CUSTOM_SERVER = /^\/oauth2\/([^/]+)(\/.*)?$/;
const RFC8414 = /^\/\.well-known\/oauth-authorization-server\/oauth2\/([^/]+)$/;

export function createDispatcher(deps: DispatcherDeps) {
  return (req: IncomingMessage, res: ServerResponse) => {
    dispatch(req, res, deps).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof BodyTooLargeError) {
        sendJson(res, 400, { error: 'invalid_request', error_description: err.message });
        return;
      }
      sendJson(res, 500, apiError('E0000009', 'Internal Server Error'));
    });
  };
}

async function dispatch(req: IncomingMessage, res: ServerResponse, deps: DispatcherDeps) {
  const runtime = deps.runtime();
  if (!runtime) {
    sendJson(
      res,
      503,
      apiError('E0000010', 'Service unavailable: the emulator is starting or closing'),
    );
    return;
  }
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const path = url.pathname;

  if (path === '/api/v1/logs') {
    deps.logs(req, res, url);
    return;
  }
  const signIn = /^\/signin\/([^/]+)\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  if (signIn) {
    const [, serverId, uid, step] = signIn;
    const spec = runtime.specs.get(serverId!);
    if (!spec) {
      sendUnknownServer(res, serverId!);
      return;
    }
    const { provider } = await runtime.provider(spec.id);
    await handleSignIn(req, res, uid!, step, {
      provider,
      spec,
      config: runtime.config,
      onSignIn: (r, login, user, ok) => deps.recorder.signIn(spec, r, login, user, ok),
      onNotAssigned: () => undefined,
      onSecondFactor: (r, user, ok) => deps.recorder.secondFactor(spec, r, user, ok),
    });
    return;
  }
  const rfc8414 = RFC8414.exec(path);
  if (rfc8414) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendMethodNotAllowed(res, ['GET', 'HEAD']);
      return;
    }
    const spec = runtime.specs.get(rfc8414[1]!);
    if (!spec || spec.id === 'org') sendUnknownServer(res, rfc8414[1]!);
    else sendJson(res, 200, oauthMetadata(spec));
    return;
  }

  // Which authorization server, and the path relative to its mount.
  let spec: ServerSpec | undefined;
  let rest = path;
  const custom = CUSTOM_SERVER.exec(path);
  if (custom && custom[1] !== 'v1') {
    spec = runtime.specs.get(custom[1]!);
    if (!spec || spec.id === 'org') {
      sendUnknownServer(res, custom[1]!);
      return;
    }
    rest = custom[2] ?? '/';
  } else {
    spec = runtime.specs.get('org')!;
  }
  const v1 = spec.id === 'org' ? '/oauth2/v1' : '/v1';
  if (refuseEdge(req.method, rest, v1, res)) return;

  if (rest === '/.well-known/openid-configuration') {
    sendJson(res, 200, openidConfiguration(spec));
    return;
  }
  if (rest === '/.well-known/oauth-authorization-server') {
    if (spec.id === 'org' && !runtime.config.orgOAuthMetadata) {
      sendJson(
        res,
        404,
        apiError('E0000022', 'The endpoint does not support the provided HTTP method'),
      );
      return;
    }
    sendJson(res, 200, oauthMetadata(spec));
    return;
  }
  if (rest === `${v1}/keys` && req.method === 'GET') {
    // Served here so that an unpublished ORG access token key stays unpublished.
    sendJson(res, 200, { keys: spec.keys.map(publicJwk) });
    return;
  }
  if (rest === `${v1}/userinfo`) {
    await handleUserinfo(req, res, runtime.config, spec);
    return;
  }
  if (rest === `${v1}/introspect`) {
    await handleIntrospect(
      req,
      res,
      runtime.config,
      spec,
      (await runtime.provider(spec.id)).provider,
    );
    return;
  }

  let forward: IncomingMessage = req;
  if (rest === `${v1}/authorize` && (req.method === 'GET' || req.method === 'POST')) {
    const isPost = req.method === 'POST';
    const body = isPost ? await readBody(req, BODY_LIMIT) : undefined;
    const params = isPost ? formParams(req, body!) : url.searchParams;
    const decision = checkAuthorize(runtime.config, spec, params);
    if (decision.kind === 'page') {
      deps.recorder.authorizeRefused(spec, req, decision.error, decision.description);
      sendBadRequestPage(res, decision.error, decision.description);
      return;
    }
    if (decision.kind === 'redirect') {
      deps.recorder.authorizeRefused(
        spec,
        req,
        decision.error,
        decision.description,
        decision.deniedScopes,
        (params.get('scope') ?? '').split(' ').filter(Boolean),
      );
      sendAuthorizationResponse(res, decision.redirectUri, decision.responseMode, {
        error: decision.error,
        error_description: decision.description,
        state: decision.state,
      });
      return;
    }
    if (isPost) {
      forward = replayRequest(req, decision.params.toString());
    } else {
      url.search = decision.params.toString();
      req.url = url.pathname + url.search;
    }
  } else if (rest === `${v1}/token` && req.method === 'POST') {
    const { provider } = await runtime.provider(spec.id);
    const refused = await prepareTokenRequest(req, spec, runtime.config, provider);
    if ('error' in refused) {
      deps.recorder.tokenRefused(spec, req, refused.grantType, refused.error, refused.description);
      sendJson(res, refused.status, {
        error: refused.error,
        error_description: refused.description,
      });
      return;
    }
    forward = refused.request;
  } else if (rest === `${v1}/revoke` && req.method === 'POST') {
    forward = (await prepareClientAuth(req)).request();
  }

  // Hand over to the Provider with the mount prefix cut and the original URL kept.
  const search = new URL(forward.url ?? '/', 'http://emulator.invalid').search;
  (forward as IncomingMessage & { originalUrl?: string }).originalUrl = forward.url;
  forward.url = rest + search;
  (await runtime.provider(spec.id)).callback(forward, res);
}

/**
 * Okta accepts the client secret in the body or as HTTP Basic; oidc-provider accepts one method
 * per client, so a body secret is moved to the Authorization header.
 */
async function prepareClientAuth(req: IncomingMessage) {
  const body = await readBody(req, BODY_LIMIT);
  const form = formParams(req, body);
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  const headers: Record<string, string> = {};
  if (id && secret && !req.headers.authorization) {
    form.delete('client_id');
    form.delete('client_secret');
    const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString(
      'base64',
    );
    headers.authorization = `Basic ${basic}`;
  }
  return { form, request: () => replayRequest(req, form.toString(), headers) };
}

/** Okta's `/token` rules that oidc-provider would answer with other words (section 3). */
async function prepareTokenRequest(
  req: IncomingMessage,
  spec: ServerSpec,
  config: ResolvedConfig,
  provider: Provider,
): Promise<
  | { request: IncomingMessage }
  | { error: string; description: string; status: number; grantType: string }
> {
  const { form, request } = await prepareClientAuth(req);
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code' && form.get('code')) {
    // oidc-provider reports a PKCE mismatch as a generic invalid_grant; Okta names it.
    const code = await provider.AuthorizationCode.find(form.get('code')!).catch(() => undefined);
    if (code?.codeChallenge && !code.isExpired && !(code as { consumed?: unknown }).consumed) {
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
        return {
          error: 'invalid_grant',
          description: TOKEN_ERRORS.pkceFailed,
          status: 400,
          grantType,
        };
      }
    }
  }
  if (grantType === 'client_credentials') {
    const refusal = clientCredentialsRefusal(spec, config, form);
    if (refusal) return { ...refusal, grantType };
  }
  return { request: request() };
}
