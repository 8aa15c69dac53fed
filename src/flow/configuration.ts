/**
 * openid-client `Configuration`s for the flow runner. Discovery runs once per issuer (a discovery
 * per case is wasted time); each flow then gets its own Configuration built from the cached
 * server metadata, because the response-type helpers (`useIdTokenResponseType`,
 * `useCodeIdTokenResponseType`) change a Configuration for good.
 */
import * as client from 'openid-client';
import { FlowError } from './errors.js';

/** How the authorization response is validated. */
export type ResponseHandling = 'code' | 'hybrid' | 'implicit';

const discovered = new Map<string, Promise<client.ServerMetadata>>();

/** Plain-HTTP issuers are allowed only on loopback (the emulator); anything else must be HTTPS. */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]')
  );
}

async function serverMetadata(issuer: string, clientId: string): Promise<client.ServerMetadata> {
  let pending = discovered.get(issuer);
  if (!pending) {
    const insecure = isLoopbackHttp(issuer);
    pending = client
      .discovery(new URL(issuer), clientId, undefined, undefined, {
        execute: insecure ? [client.allowInsecureRequests] : [],
      })
      .then((config) => config.serverMetadata());
    discovered.set(issuer, pending);
    // A failed discovery is not cached: the next flow tries again.
    pending.catch(() => discovered.delete(issuer));
  }
  try {
    return await pending;
  } catch (err) {
    throw new FlowError(
      'discovery_failed',
      `OpenID discovery failed for issuer ${issuer}: ${(err as Error).message}`,
      { issuer },
      { cause: err },
    );
  }
}

/** Forgets discovered metadata (all issuers, or one): an emulator restarted on the same port. */
export function forgetDiscovery(issuer?: string): void {
  if (issuer) discovered.delete(issuer);
  else discovered.clear();
}

/**
 * A Configuration for one flow: the issuer's (cached) metadata, the client (confidential with
 * `client_secret_basic`, Okta's default for web apps, or public with `none`) and the response
 * handling the flow needs.
 */
export async function flowConfiguration(
  issuer: string,
  clientId: string,
  clientSecret: string | undefined,
  handling: ResponseHandling,
): Promise<client.Configuration> {
  const metadata = await serverMetadata(issuer, clientId);
  const config = clientSecret
    ? new client.Configuration(
        metadata,
        clientId,
        { client_secret: clientSecret },
        client.ClientSecretBasic(clientSecret),
      )
    : new client.Configuration(
        metadata,
        clientId,
        { token_endpoint_auth_method: 'none' },
        client.None(),
      );
  if (isLoopbackHttp(issuer)) client.allowInsecureRequests(config);
  if (handling === 'hybrid') client.useCodeIdTokenResponseType(config);
  if (handling === 'implicit') client.useIdTokenResponseType(config);
  return config;
}
