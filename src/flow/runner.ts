/**
 * The flow runner: one browser sign-in through a real authorization server, on openid-client 6.
 * Authorization code with PKCE (confidential and public clients), implicit (`id_token token`,
 * with nonce) and hybrid (`code id_token`); state and nonce are checked; the tokens, `/userinfo`
 * or the authorize error (redirected, or Okta's 400 page) come back as a result.
 */
import { readJwt } from '../checks/decode.js';
import { isLoopbackHttpUrl, listenAddressFor } from '../net/loopback.js';
import type { Page } from '@playwright/test';
import * as client from 'openid-client';
import { startCallbackListener, type CallbackListener, type CallbackResult } from './callback.js';
import { flowConfiguration, type ResponseHandling } from './configuration.js';
import { FlowError } from './errors.js';
import { readOktaErrorPage } from './okta-error-page.js';
import {
  processAuthorizationResponse,
  type FlowTokens,
  type SentRequest,
  type TokenError,
} from './response.js';
import type { Credentials, SignInDriver, SignInOptions } from './sign-in.js';

export type { FlowTokens, TokenError } from './response.js';

/** One authorization request, as a case describes it. */
export interface FlowRequest {
  issuer: string;
  clientId: string;
  /** Absent = public client (PKCE, token_endpoint_auth_method none). */
  clientSecret?: string;
  redirectUri: string;
  flow: 'code' | 'implicit' | 'hybrid';
  scopes: string[];
  /** Overrides the flow's response type, e.g. `id_token token` or `code id_token`. */
  responseType?: string;
  responseMode?: 'query' | 'fragment' | 'form_post';
  /** Bind the tokens to a fresh DPoP key (code and hybrid flows). */
  dpop?: boolean;
  /** Send a PKCE challenge in flows with a code. Default true. */
  usePkce?: boolean;
  /** More authorization request parameters (`prompt`, `login_hint`, `acr_values`, …). */
  extraParams?: Record<string, string>;
  /** Call `/userinfo` with the access token when an ID token names the subject. Default true. */
  userinfo?: boolean;
}

/** A step of the flow, timed. */
export type FlowStep = 'authorize' | 'sign-in' | 'callback' | 'token' | 'userinfo';

/** What a flow produced. Authorize and token errors are results, not exceptions. */
export interface FlowResult {
  /** The authorization request URL (it carries no secret). */
  authorizeUrl: string;
  tokens?: FlowTokens;
  userinfo?: Record<string, unknown>;
  /** `/userinfo` refused the access token (e.g. 403 `insufficient_scope`). */
  userinfoError?: { status: number; error?: string; error_description?: string };
  /** The authorize error: redirected to the callback, or Okta's 400 page (`status: 400`). */
  authorizeError?: { error: string; error_description?: string; state?: string; status?: number };
  /** The token endpoint refused the grant. */
  tokenError?: TokenError;
  /** How the authorization response arrived (absent for Okta's 400 page). */
  responseMode?: CallbackResult['responseMode'];
  /** True when no sign-in page was shown (silent SSO, or an error redirected at once). */
  signInSkipped?: boolean;
  dpopKey?: CryptoKeyPair;
  timings: Array<{ step: FlowStep; ms: number }>;
}

/** How a flow runs. */
export interface FlowOptions {
  /** A listener to receive the response (else one is started on the redirect URI's port and path). */
  callback?: CallbackListener;
  /** Budget for the whole authorize → callback leg. Default 15000 ms. */
  timeoutMs?: number;
  /** The user to sign in as; needed unless the IdP skips its sign-in page (silent SSO). */
  credentials?: Credentials;
  /** Passed to the driver (field and redirect budgets, step function, test info). */
  signIn?: Omit<SignInOptions, 'done'>;
  /**
   * Called once the authorization response arrived: the page is no longer needed, so its owner
   * may start resetting it while the tokens are exchanged. Without it, the flow returns only once
   * the page has loaded the redirect URI, so the caller can go on using the page at once.
   */
  pageDone?: () => void;
}

const DEFAULT_RESPONSE_TYPES = {
  code: 'code',
  implicit: 'id_token token',
  hybrid: 'code id_token',
} as const;

/** Which openid-client checks a response type needs. */
export function responseHandling(responseType: string): ResponseHandling {
  const types = responseType.split(/\s+/);
  if (!types.includes('code')) return 'implicit';
  return types.includes('id_token') ? 'hybrid' : 'code';
}

async function listenerFor(request: FlowRequest): Promise<CallbackListener> {
  const url = new URL(request.redirectUri);
  if (!isLoopbackHttpUrl(url) || !url.port) {
    throw new FlowError(
      'request_invalid',
      `redirectUri ${request.redirectUri} is not a loopback http URL with a port: pass options.callback to receive the response`,
      { redirectUri: request.redirectUri },
    );
  }
  return startCallbackListener({
    host: listenAddressFor(url.hostname),
    port: Number(url.port),
    path: url.pathname,
  });
}

/** How long a flow waits, at most, for the page to finish loading the redirect URI. */
const SETTLE_BUDGET_MS = 5000;

/**
 * The listener answers as soon as the request arrives, while the browser is still committing the
 * callback page: a caller that navigated now would have its navigation interrupted by that one.
 * Waits (within a budget, never throwing: the response is already in hand) until the page has
 * loaded the redirect URI.
 */
async function settleAtRedirectUri(page: Page, redirectUris: string[]): Promise<void> {
  await page
    .waitForURL((url) => atRedirectUri(url.href, redirectUris), {
      waitUntil: 'load',
      timeout: SETTLE_BUDGET_MS,
    })
    .catch(() => {});
}

function atRedirectUri(pageUrl: string, redirectUris: string[]): boolean {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  const here = `${url.origin}${url.pathname}`;
  return redirectUris.some((uri) => {
    const target = new URL(uri);
    return here === `${target.origin}${target.pathname}`;
  });
}

/** The `sub` of a JWT's payload, without verifying it (openid-client verified the ID token). */
function subjectOf(idToken: string): string | undefined {
  const sub = readJwt(idToken)?.payload.sub;
  return typeof sub === 'string' ? sub : undefined;
}

/**
 * Runs one browser flow: builds the authorization request, opens it in `page`, signs in with
 * `signIn` when the IdP shows its sign-in page, and processes the response that reaches the
 * callback. Throws `FlowError` (coded) when the flow can't produce a result and the driver's
 * `SignInError` when sign-in fails.
 */
export async function runBrowserFlow(
  page: Page,
  request: FlowRequest,
  signIn: SignInDriver,
  options: FlowOptions = {},
): Promise<FlowResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timings: FlowResult['timings'] = [];
  const timed = async <T>(step: FlowStep, body: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await body();
    } finally {
      timings.push({ step, ms: Math.round((performance.now() - started) * 10) / 10 });
    }
  };

  const responseType = request.responseType ?? DEFAULT_RESPONSE_TYPES[request.flow];
  const handling = responseHandling(responseType);
  const types = responseType.split(/\s+/);
  const wantsIdToken =
    types.includes('id_token') || (types.includes('code') && request.scopes.includes('openid'));
  if (handling === 'implicit' && types.includes('id_token') && !request.scopes.includes('openid')) {
    throw new FlowError(
      'request_invalid',
      `response_type "${responseType}" needs the openid scope`,
      {
        responseType,
        scopes: request.scopes,
      },
    );
  }

  const callback = options.callback ?? (await listenerFor(request));
  const ownListener = !options.callback;
  let settled: Promise<void> | undefined;
  try {
    const config = await flowConfiguration(
      request.issuer,
      request.clientId,
      request.clientSecret,
      handling,
    );
    const sent: SentRequest = {
      config,
      handling,
      redirectUri: request.redirectUri,
      state: client.randomState(),
      responseType,
      ...(wantsIdToken ? { nonce: client.randomNonce() } : {}),
    };
    const parameters: Record<string, string> = {
      redirect_uri: request.redirectUri,
      response_type: responseType,
      scope: request.scopes.join(' '),
      state: sent.state,
    };
    if (sent.nonce) parameters.nonce = sent.nonce;
    if (types.includes('code') && request.usePkce !== false) {
      sent.pkceCodeVerifier = client.randomPKCECodeVerifier();
      parameters.code_challenge = await client.calculatePKCECodeChallenge(sent.pkceCodeVerifier);
      parameters.code_challenge_method = 'S256';
    }
    if (request.responseMode) parameters.response_mode = request.responseMode;
    Object.assign(parameters, request.extraParams);
    let dpopKey: CryptoKeyPair | undefined;
    if (request.dpop) {
      dpopKey = await client.randomDPoPKeyPair('ES256');
      sent.dpop = client.getDPoPHandle(config, dpopKey);
    }
    const authorizeUrl = client.buildAuthorizationUrl(config, parameters).href;
    const result: FlowResult = { authorizeUrl, timings, ...(dpopKey ? { dpopKey } : {}) };

    // Responses left over from an earlier flow on a shared listener must not be taken for ours.
    callback.clear();
    let arrived = false;
    const response = callback.next(timeoutMs).then((r) => {
      arrived = true;
      return r;
    });
    response.catch(() => {});

    const landed = await timed('authorize', () =>
      page
        .goto(authorizeUrl, { waitUntil: 'domcontentloaded', timeout: timeoutMs })
        .catch((err: unknown) => {
          // A callback page can abort the navigation that reached it; anything else is a failure.
          if (arrived) return null;
          throw new FlowError(
            'authorize_page_error',
            `The browser could not open the authorize URL ${authorizeUrl}: ${(err as Error).message.split('\n')[0]}`,
            { authorizeUrl },
            { cause: err },
          );
        }),
    );
    const redirectUris = [callback.redirectUri, request.redirectUri];
    if (!arrived && !atRedirectUri(page.url(), redirectUris)) {
      // Okta's error page answers 400; a sign-in page (200) is not worth reading for it.
      const errorPage =
        !landed || landed.status() >= 400 ? await readOktaErrorPage(page) : undefined;
      if (errorPage) {
        result.authorizeError = { ...errorPage, status: landed?.status() ?? 400 };
        return result;
      }
      if (landed && landed.status() >= 400) {
        throw new FlowError(
          'authorize_page_error',
          `The authorize request ended on an HTTP ${landed.status()} page that is not Okta's error page (${await page.title()})`,
          { status: landed.status(), title: await page.title() },
        );
      }
      if (!options.credentials) {
        throw new FlowError(
          'request_invalid',
          'The IdP shows a sign-in page but no credentials were given (options.credentials)',
        );
      }
      const credentials = options.credentials;
      await timed('sign-in', () =>
        signIn.signIn(page, credentials, { ...options.signIn, done: response }),
      );
    } else {
      result.signInSkipped = true;
    }

    const received = await timed('callback', () => response);
    if (options.pageDone) options.pageDone();
    else settled = settleAtRedirectUri(page, redirectUris);
    result.responseMode = received.responseMode;
    const error = received.params.get('error');
    if (error) {
      const description = received.params.get('error_description');
      const state = received.params.get('state');
      result.authorizeError = {
        error,
        ...(description !== null ? { error_description: description } : {}),
        ...(state !== null ? { state } : {}),
      };
      return result;
    }

    const exchange = await timed('token', () => processAuthorizationResponse(sent, received));
    if (exchange.tokenError) result.tokenError = exchange.tokenError;
    if (exchange.tokens) result.tokens = exchange.tokens;

    const accessToken = exchange.tokens?.access_token;
    const subject = exchange.tokens?.id_token ? subjectOf(exchange.tokens.id_token) : undefined;
    if (request.userinfo !== false && accessToken && subject) {
      await timed('userinfo', async () => {
        try {
          result.userinfo = {
            ...(await client.fetchUserInfo(
              config,
              accessToken,
              subject,
              sent.dpop ? { DPoP: sent.dpop } : undefined,
            )),
          };
        } catch (err) {
          result.userinfoError = userinfoError(err);
        }
      });
    }
    return result;
  } finally {
    // Settled in parallel with the token exchange; the listener must outlive the page's load.
    await settled;
    // A flow that ended early (Okta's 400 page, a failed sign-in) leaves its wait behind.
    if (ownListener) await callback.close();
    else callback.clear();
  }
}

/** `/userinfo` refusals are results: status and the Bearer challenge's error. */
function userinfoError(err: unknown): NonNullable<FlowResult['userinfoError']> {
  if (err instanceof client.WWWAuthenticateChallengeError) {
    const challenge = err.cause[0];
    const error = challenge?.parameters.error;
    const description = challenge?.parameters.error_description;
    return {
      status: err.status,
      ...(error ? { error } : {}),
      ...(description ? { error_description: description } : {}),
    };
  }
  if (err instanceof client.ResponseBodyError) {
    return {
      status: err.status,
      error: err.error,
      ...(err.error_description ? { error_description: err.error_description } : {}),
    };
  }
  throw new FlowError(
    'response_invalid',
    `/userinfo could not be read: ${(err as Error).message}`,
    {},
    { cause: err },
  );
}
