/**
 * The local callback listener of a real tenant's app: it must answer on the port and path of the
 * redirect URI registered in Okta (`OKTA_REDIRECT_URI`), so the URI has to name a loopback host.
 */
import { startCallbackListener, type CallbackListener } from '../flow/callback.js';
import { isLoopbackHttpUrl, listenAddressFor, retryWhileAddressInUse } from '../net/loopback.js';
import { OktaSettingsError } from './tenant-settings.js';

/** The address, port and path the listener answers on, from the redirect URI. */
export function callbackAddressOf(
  redirectUri: string,
  variable = 'OKTA_REDIRECT_URI',
): { host: string; port: number; path: string } {
  const url = new URL(redirectUri);
  if (!isLoopbackHttpUrl(url)) {
    throw new OktaSettingsError(
      variable,
      `${url.origin} is not on this machine: the harness answers the redirect itself, so register a loopback redirect URI such as http://localhost:8080/authorization-code/callback in the Okta app and use it here`,
    );
  }
  const port = url.port === '' ? 80 : Number(url.port);
  return { host: listenAddressFor(url.hostname), port, path: url.pathname || '/' };
}

/**
 * Starts the callback listener on the redirect URI's port and path. Only one process can hold the
 * port: while another worker holds it, retry until `waitMs` has passed.
 */
export async function startTenantCallback(
  redirectUri: string,
  options: { waitMs?: number } = {},
): Promise<CallbackListener> {
  const { host, port, path } = callbackAddressOf(redirectUri);
  const waitMs = options.waitMs ?? 30_000;
  const listener = await retryWhileAddressInUse(() => startCallbackListener({ host, port, path }), {
    waitMs,
    intervalMs: 250,
    timedOut: () =>
      new OktaSettingsError(
        'OKTA_REDIRECT_URI',
        `port ${port} stayed in use for ${waitMs} ms: stop what listens there`,
      ),
  });
  // The flow sends the registered URI (host as written, e.g. localhost), not 127.0.0.1.
  return { ...listener, redirectUri };
}
