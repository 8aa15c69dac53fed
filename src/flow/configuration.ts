/**
 * openid-client `Configuration`s for the flow runner. Discovery runs once per issuer (a discovery
 * per case is wasted time); each flow then gets its own Configuration built from the cached
 * server metadata, because the response-type helpers (`useIdTokenResponseType`,
 * `useCodeIdTokenResponseType`) change a Configuration for good.
 */
import * as client from 'openid-client';
import { isLoopbackHttpUrl } from '../net/loopback.js';
import { FlowError } from './errors.js';

/** How the authorization response is validated. */
export type ResponseHandling = 'code' | 'hybrid' | 'implicit';

const discovered = new Map<string, Promise<client.ServerMetadata>>();

// Plain-HTTP issuers are allowed only on loopback (the emulator); anything else must be HTTPS.

async function serverMetadata(issuer: string, clientId: string): Promise<client.ServerMetadata> {
  let pending = discovered.get(issuer);
  if (!pending) {
    const insecure = isLoopbackHttpUrl(issuer);
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

/** How a client authenticates at `/token` (the case's `client.auth`). */
export type ClientAuth = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/**
 * A Configuration for a grant without a browser, authenticating as `auth` says.
 * `private_key_jwt` needs a key registered with the app, which a case cannot carry: it is refused
 * here with a clear message rather than sent with a secret.
 */
export async function clientAuthConfiguration(
  issuer: string,
  clientId: string,
  clientSecret: string | undefined,
  auth: ClientAuth,
): Promise<client.Configuration> {
  const metadata = await serverMetadata(issuer, clientId);
  let clientAuth: client.ClientAuth;
  if (auth === 'none' || !clientSecret) {
    clientAuth = client.None();
  } else if (auth === 'client_secret_post') {
    clientAuth = client.ClientSecretPost(clientSecret);
  } else if (auth === 'private_key_jwt') {
    // An assertion signed with a key the app does not know: the emulator judges only the method.
    clientAuth = client.PrivateKeyJwt(await throwawayKey());
  } else {
    clientAuth = client.ClientSecretBasic(clientSecret);
  }
  const config = new client.Configuration(
    metadata,
    clientId,
    clientSecret ? { client_secret: clientSecret } : {},
    clientAuth,
  );
  if (isLoopbackHttpUrl(issuer)) client.allowInsecureRequests(config);
  return config;
}

async function throwawayKey(): Promise<CryptoKey> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  return pair.privateKey;
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
  if (isLoopbackHttpUrl(issuer)) client.allowInsecureRequests(config);
  if (handling === 'hybrid') client.useCodeIdTokenResponseType(config);
  if (handling === 'implicit') client.useIdTokenResponseType(config);
  return config;
}
