/**
 * Turns an authorization response into tokens with openid-client: the authorization code grant
 * (PKCE, optional DPoP), the implicit ID token checks, or the hybrid `code id_token` checks, and
 * translates openid-client's failures into coded `FlowError`s or a token-endpoint error result.
 */
import * as client from 'openid-client';
import type { CallbackResult } from './callback.js';
import type { ResponseHandling } from './configuration.js';
import { FlowError } from './errors.js';

/** Tokens as the flow captured them. */
export interface FlowTokens {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  scope?: string;
  expires_in?: number;
}

/** The token endpoint refused the grant (a result, as Okta's `/token` errors are). */
export interface TokenError {
  error: string;
  error_description?: string;
  status: number;
}

/** What the runner knows about the request it sent. */
export interface SentRequest {
  config: client.Configuration;
  handling: ResponseHandling;
  redirectUri: string;
  state: string;
  /** Sent when the request asks for an ID token. */
  nonce?: string;
  pkceCodeVerifier?: string;
  dpop?: client.DPoPHandle;
  /** The response type sent (`code`, `id_token token`, `code id_token`, …). */
  responseType: string;
}

/** The outcome of processing one authorization response. */
export interface Exchange {
  tokens?: FlowTokens;
  tokenError?: TokenError;
}

/** openid-client wraps oauth4webapi's errors; the structured detail is somewhere in the chain. */
function causes(err: unknown): Array<Record<string, unknown>> {
  const chain: Array<Record<string, unknown>> = [];
  let current: unknown = err;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i++) {
    chain.push(current as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Maps an openid-client failure to a FlowError (state, nonce, ID token, other). */
export function translateError(
  err: unknown,
  sent: Pick<SentRequest, 'state' | 'nonce'>,
): FlowError {
  if (err instanceof FlowError) return err;
  const chain = causes(err);
  const message = err instanceof Error ? err.message : String(err);
  const detail = chain
    .map((c) => (typeof c.message === 'string' ? c.message : ''))
    .filter(Boolean)
    .join(': ');
  const nonce = chain.find((c) => c.claim === 'nonce');
  if (nonce) {
    const claims = nonce.claims as Record<string, unknown> | undefined;
    return new FlowError(
      'nonce_mismatch',
      `The ID token's nonce (${JSON.stringify(claims?.nonce)}) is not the nonce the request sent (${JSON.stringify(sent.nonce)})`,
      { expected: sent.nonce, actual: claims?.nonce },
      { cause: err },
    );
  }
  if (/"state"/.test(detail)) {
    return new FlowError(
      'state_mismatch',
      `The authorization response failed the state check: ${detail}`,
      {
        expected: sent.state,
      },
      { cause: err },
    );
  }
  const code = chain.map((c) => c.code).find((c) => typeof c === 'string') as string | undefined;
  if (code && /JWT|KEY_SELECTION|JWS|SIGNATURE/.test(code)) {
    return new FlowError(
      'id_token_invalid',
      `The ID token failed validation: ${detail || message}`,
      {
        code,
      },
      { cause: err },
    );
  }
  return new FlowError(
    'response_invalid',
    `The authorization response could not be processed: ${detail || message}`,
    {
      code,
    },
    { cause: err },
  );
}

function responseUrl(sent: SentRequest, callback: CallbackResult): URL {
  const url = new URL(sent.redirectUri);
  // openid-client reads code-flow responses from the query and hybrid/implicit ones from the
  // fragment, whatever response mode actually carried them.
  if (sent.handling === 'code') url.search = callback.params.toString();
  else url.hash = callback.params.toString();
  return url;
}

function tokensFromParams(params: URLSearchParams): FlowTokens {
  const tokens: FlowTokens = {};
  for (const key of ['id_token', 'access_token', 'refresh_token', 'token_type', 'scope'] as const) {
    const value = params.get(key);
    if (value !== null) tokens[key] = value;
  }
  const expiresIn = params.get('expires_in');
  if (expiresIn !== null && Number.isFinite(Number(expiresIn)))
    tokens.expires_in = Number(expiresIn);
  return tokens;
}

function tokensFromResponse(response: client.TokenEndpointResponse): FlowTokens {
  const tokens: FlowTokens = {};
  if (response.id_token) tokens.id_token = response.id_token;
  if (response.access_token) tokens.access_token = response.access_token;
  if (response.refresh_token) tokens.refresh_token = response.refresh_token;
  if (response.token_type) tokens.token_type = response.token_type;
  if (typeof response.scope === 'string') tokens.scope = response.scope;
  if (typeof response.expires_in === 'number') tokens.expires_in = response.expires_in;
  return tokens;
}

/**
 * Validates the authorization response and obtains the tokens. `state` is checked first (a
 * mismatch is a `state_mismatch` FlowError), then openid-client's checks run.
 */
export async function processAuthorizationResponse(
  sent: SentRequest,
  callback: CallbackResult,
): Promise<Exchange> {
  const returnedState = callback.params.get('state');
  if (returnedState !== sent.state) {
    throw new FlowError(
      'state_mismatch',
      `The authorization response's state (${JSON.stringify(returnedState)}) is not the state the request sent (${JSON.stringify(sent.state)})`,
      { expected: sent.state, actual: returnedState },
    );
  }
  const url = responseUrl(sent, callback);
  const types = sent.responseType.split(/\s+/);
  try {
    if (sent.handling === 'implicit') {
      // response_type=token has no ID token to check: state was the only check.
      if (types.includes('id_token')) {
        await client.implicitAuthentication(sent.config, url, sent.nonce ?? '', {
          expectedState: sent.state,
        });
      }
      return { tokens: tokensFromParams(callback.params) };
    }
    const response = await client.authorizationCodeGrant(
      sent.config,
      url,
      {
        expectedState: sent.state,
        ...(sent.nonce !== undefined ? { expectedNonce: sent.nonce } : {}),
        ...(sent.pkceCodeVerifier ? { pkceCodeVerifier: sent.pkceCodeVerifier } : {}),
      },
      undefined,
      sent.dpop ? { DPoP: sent.dpop } : undefined,
    );
    const tokens = tokensFromResponse(response);
    // Hybrid: the ID token from the authorization response is the one checked; keep the
    // token endpoint's if it sent one, else the front-channel one.
    if (!tokens.id_token && callback.params.get('id_token'))
      tokens.id_token = callback.params.get('id_token')!;
    return { tokens };
  } catch (err) {
    if (err instanceof client.ResponseBodyError) {
      return {
        tokenError: {
          error: err.error,
          ...(err.error_description ? { error_description: err.error_description } : {}),
          status: err.status,
        },
      };
    }
    throw translateError(err, sent);
  }
}
