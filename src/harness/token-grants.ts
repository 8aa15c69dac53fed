/**
 * The case's grants without a browser: client credentials (a service app) and the refresh that
 * follows a browser flow (`client.refresh`). A refused grant becomes the flow's error outcome
 * (`authorize_error`: the flow failed before the SP saw a token), with Okta's `/token` words.
 */
import type { CaseDefinition } from '../case/types.js';
import { isCheckFailure, parseCompactJwt } from '../checks/decode.js';
import type { Diagnosis } from '../diagnosis/types.js';
import type { BrowserFlowOutcome, IdentityProvider, IssuedTokens } from './ports.js';

/** A grant's answer: tokens, or Okta's `/token` error. */
export interface GrantOutcome {
  tokens?: IssuedTokens;
  tokenError?: { error: string; error_description?: string; status: number };
  timings?: Array<{ step: string; ms: number }>;
}

/** The grants port: runs `/token` requests for the case's client. */
export interface TokenGrants {
  clientCredentials(request: {
    issuer: string;
    clientId: string;
    clientSecret?: string;
    auth?: CaseDefinition['client']['auth'];
    scopes: string[];
  }): Promise<GrantOutcome>;
  refresh(request: {
    issuer: string;
    clientId: string;
    clientSecret?: string;
    refreshToken: string;
  }): Promise<GrantOutcome>;
}

function asFlowOutcome(
  grant: GrantOutcome,
  step: string,
  grantType: 'client_credentials' | 'refresh_token',
): BrowserFlowOutcome {
  const out: BrowserFlowOutcome = {
    timings: (grant.timings ?? []).map((t) => ({ ...t, step: `${step}-${t.step}` })),
  };
  if (grant.tokens) out.tokens = grant.tokens;
  if (grant.tokenError) {
    const { status, ...error } = grant.tokenError;
    out.authorizeError = { ...error, status, grantType };
  }
  return out;
}

/** `client.flow: client_credentials`: the service app asks `/token` directly. */
export async function clientCredentialsFlow(
  definition: CaseDefinition,
  idp: IdentityProvider,
  grants: TokenGrants,
): Promise<BrowserFlowOutcome> {
  const { clientId, clientSecret } = idp.client(definition);
  const c = definition.client;
  const grant = await grants.clientCredentials({
    issuer: idp.issuer(definition.idp.server),
    clientId,
    ...(clientSecret && !c.public ? { clientSecret } : {}),
    ...(c.auth ? { auth: c.auth } : {}),
    scopes: c.scopes,
  });
  return asFlowOutcome(grant, 'client-credentials', 'client_credentials');
}

/**
 * `client.refresh`: exchanges the flow's refresh token and puts the refreshed tokens in place of
 * the first ones, so the SP gets the refreshed access token. No refresh token (offline_access
 * not granted) is Okta's answer too: `/token` never sees a request, so it is reported as such.
 */
export async function refreshAfterFlow(
  definition: CaseDefinition,
  idp: IdentityProvider,
  grants: TokenGrants,
  flow: BrowserFlowOutcome,
): Promise<BrowserFlowOutcome> {
  const refreshToken = flow.tokens?.refresh_token;
  if (!refreshToken) {
    return {
      ...flow,
      authorizeError: {
        error: 'invalid_request',
        error_description:
          'No refresh token was issued: request offline_access with a flow that has a code, and allow the Refresh Token grant on the app.',
      },
    };
  }
  const { clientId, clientSecret } = idp.client(definition);
  const request = {
    issuer: idp.issuer(definition.idp.server),
    clientId,
    ...(clientSecret && !definition.client.public ? { clientSecret } : {}),
    refreshToken,
  };
  const refresh = async (step: string) =>
    asFlowOutcome(await grants.refresh(request), step, 'refresh_token');
  const grant = await refresh('refresh');
  const timings = [...(flow.timings ?? []), ...(grant.timings ?? [])];
  if (definition.client.refresh === 'reuse' && !grant.authorizeError) {
    // The first refresh token again: rotated away, Okta refuses it (reuse detection).
    const again = await refresh('refresh-reuse');
    timings.push(...(again.timings ?? []));
    if (again.authorizeError) {
      return { ...flow, tokens: {}, authorizeError: again.authorizeError, timings };
    }
  }
  if (grant.authorizeError)
    return { ...flow, tokens: {}, authorizeError: grant.authorizeError, timings };
  if (definition.client.refresh === 'stale') {
    // The app refreshed but kept sending its first access token.
    const newer = grant.tokens?.access_token;
    return { ...flow, timings, ...(newer ? { supersededBy: newer } : {}) };
  }
  return { ...flow, tokens: { ...flow.tokens, ...grant.tokens }, timings };
}

function timeClaim(jwt: string, claim: 'iat' | 'exp'): number | undefined {
  const payload = parseCompactJwt(jwt);
  if (isCheckFailure(payload)) return undefined;
  const value = payload.payload[claim];
  return typeof value === 'number' ? value : undefined;
}

const isoTime = (seconds: number | undefined): string | undefined =>
  seconds === undefined ? undefined : `${new Date(seconds * 1000).toISOString()} (${seconds})`;

/**
 * An expired token that a refresh had already replaced (`client.refresh: stale`): the cause is
 * the app, which refreshed and kept sending the old token. The `token_expired` finding gains the
 * newer token's times as evidence and a fix that names the app's mistake.
 */
export function withSupersededToken(
  diagnoses: Diagnosis[],
  sent: string,
  newer: string,
): Diagnosis[] {
  return diagnoses.map((d) => {
    if (d.code !== 'token_expired') return d;
    const sentAt = isoTime(timeClaim(sent, 'iat'));
    const newerAt = isoTime(timeClaim(newer, 'iat'));
    const summary = d.summary.replace(/[.\s]*$/, '.');
    return {
      ...d,
      summary: `${summary} The app had refreshed, and sent its first access token, not the refreshed one.`,
      evidence: {
        ...d.evidence,
        refreshed_access_token: {
          ...(sentAt ? { token: `sent: issued ${sentAt}` } : {}),
          ...(newerAt ? { expected: `refreshed: issued ${newerAt}` } : {}),
          note: 'a refresh issued a newer access token, which the app did not use',
        },
      },
      fix: `Send the access token from the latest /token response: after a refresh, replace the stored access token (and, with rotation on, the refresh token) before the next API call. ${d.fix}`,
    };
  });
}
