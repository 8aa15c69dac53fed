/**
 * Grants without a browser: client credentials (a service app, Okta's machine-to-machine flow)
 * and refresh. Each returns the tokens or Okta's `/token` error as a result, never an exception,
 * as the browser flow does.
 */
import * as client from 'openid-client';
import { clientAuthConfiguration, type ClientAuth } from './configuration.js';
import { FlowError } from './errors.js';
import type { FlowTokens, TokenError } from './response.js';

export type { ClientAuth } from './configuration.js';

/** A client-credentials request, as a case describes it. */
export interface ClientCredentialsRequest {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** How the client authenticates at `/token`. Default `client_secret_basic`. */
  auth?: ClientAuth;
  scopes: string[];
}

/** What a grant without a browser produced. */
export interface GrantResult {
  tokens?: FlowTokens;
  tokenError?: TokenError;
  timings: Array<{ step: 'token'; ms: number }>;
}

function tokensOf(response: client.TokenEndpointResponse): FlowTokens {
  const out: FlowTokens = {};
  for (const key of ['id_token', 'access_token', 'refresh_token', 'token_type', 'scope'] as const) {
    const v = response[key];
    if (typeof v === 'string') out[key] = v;
  }
  if (typeof response.expires_in === 'number') out.expires_in = response.expires_in;
  return out;
}

async function grant(body: () => Promise<client.TokenEndpointResponse>): Promise<GrantResult> {
  const started = performance.now();
  const timings: GrantResult['timings'] = [];
  try {
    return { tokens: tokensOf(await body()), timings };
  } catch (err) {
    if (err instanceof client.ResponseBodyError) {
      const tokenError: TokenError = { error: err.error, status: err.status };
      if (err.error_description) tokenError.error_description = err.error_description;
      return { tokenError, timings };
    }
    throw new FlowError(
      'response_invalid',
      `The token endpoint's answer could not be processed: ${(err as Error).message}`,
      {},
      { cause: err },
    );
  } finally {
    timings.push({ step: 'token', ms: Math.round((performance.now() - started) * 10) / 10 });
  }
}

/** The client-credentials grant (RFC 6749 section 4.4) with the case's client authentication. */
export async function runClientCredentials(
  request: ClientCredentialsRequest,
): Promise<GrantResult> {
  const config = await clientAuthConfiguration(
    request.issuer,
    request.clientId,
    request.clientSecret,
    request.auth ?? 'client_secret_basic',
  );
  const parameters: Record<string, string> = {};
  if (request.scopes.length) parameters.scope = request.scopes.join(' ');
  return grant(() => client.clientCredentialsGrant(config, parameters));
}

/** A refresh-token request: the same client as the flow that got the refresh token. */
export interface RefreshRequest {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
}

/** The refresh-token grant (RFC 6749 section 6). */
export async function runRefresh(request: RefreshRequest): Promise<GrantResult> {
  const config = await clientAuthConfiguration(
    request.issuer,
    request.clientId,
    request.clientSecret,
    request.clientSecret ? 'client_secret_basic' : 'none',
  );
  return grant(() => client.refreshTokenGrant(config, request.refreshToken));
}
