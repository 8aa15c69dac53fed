/**
 * The local callback listener: the `redirect_uri` an authorization response comes back to.
 *
 * It listens on 127.0.0.1 (port 0 by default; `::1` for an `http://[::1]` redirect URI) and captures the response in any of the three
 * response modes: `query` (GET with parameters), `fragment` (GET, then the page it serves relays
 * `location.hash` back with a POST — so it works for a human-driven browser as well as for
 * Playwright) and `form_post` (a POSTed form).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SERVER_TIMEOUTS } from '../server-timeouts.js';
import { closeServer, readBody } from '../net/http.js';
import { LOOPBACK_HOST, listenOnLoopback } from '../net/loopback.js';
import { FlowError } from './errors.js';

/** How the authorization response reached the listener. */
export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** One authorization response as the listener received it. */
export interface CallbackResult {
  /**
   * The full callback URL. For `fragment` responses the relayed fragment is put back in `hash`;
   * for `form_post` the URL carries no parameters (they are in `params`).
   */
  url: URL;
  /** The response parameters, wherever they came from (query, fragment or form body). */
  params: URLSearchParams;
  responseMode: ResponseMode;
}

/** A running callback listener. */
export interface CallbackListener {
  /** `http://127.0.0.1:{port}{path}` (or `[::1]`) — register this as the app's redirect URI. */
  redirectUri: string;
  /**
   * The next authorization response (one already received and not yet taken, or the next to
   * arrive). Rejects with a `FlowError` coded `callback_timeout` after `timeoutMs`.
   */
  next(timeoutMs: number): Promise<CallbackResult>;
  /**
   * Forgets responses received and not yet taken, and ends pending `next()` calls (rejected with
   * `callback_cancelled`), so a listener shared by several flows hands each flow its own response.
   */
  clear(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Query parameter the relay page adds to its POST, so it is never mistaken for a form_post. */
const RELAY_MARKER = 'oidc_harness_relay';
/** An authorization response is small; anything bigger is not one. */
const MAX_BODY_BYTES = 256 * 1024;

const DONE_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Signed in</title>' +
  '<p id="oidc-harness-callback">Authorization response received. You can close this window.</p>';

/**
 * The fragment never reaches a server, so the page reads it and posts it back. It then removes the
 * fragment from the address bar, so tokens do not linger in the page's URL.
 */
const RELAY_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Signed in</title>' +
  '<p id="oidc-harness-callback">Receiving the authorization response…</p><script>' +
  `fetch(location.pathname + '?${RELAY_MARKER}=fragment', { method: 'POST', ` +
  "headers: { 'content-type': 'text/plain' }, body: location.hash.slice(1) })" +
  ".then(function () { history.replaceState(null, '', location.pathname); " +
  "document.getElementById('oidc-harness-callback').textContent = " +
  "'Authorization response received. You can close this window.'; });" +
  '</script>';

/** Parameters that mark a query string as an authorization response. */
const RESPONSE_PARAMETERS = ['code', 'state', 'error', 'id_token', 'access_token'];

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/html; charset=utf-8',
) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Starts a callback listener on loopback.
 * @param options.host the loopback address (default 127.0.0.1; `::1` for an IPv6 redirect URI)
 * @param options.port a fixed port (default 0: a free one)
 * @param options.path the callback path (default `/callback`)
 */
export async function startCallbackListener(
  options: { host?: string; port?: number; path?: string } = {},
): Promise<CallbackListener> {
  const path = options.path ?? '/callback';
  if (!path.startsWith('/')) {
    throw new FlowError('request_invalid', `Callback path must start with "/", got "${path}"`);
  }
  const received: CallbackResult[] = [];
  interface Waiter {
    resolve(result: CallbackResult): void;
    cancel(): void;
  }
  const waiters: Waiter[] = [];
  let base = '';

  const deliver = (result: CallbackResult) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(result);
    else received.push(result);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname !== path) {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    if (req.method === 'GET') {
      const isResponse = RESPONSE_PARAMETERS.some((name) => url.searchParams.has(name));
      if (isResponse) {
        deliver({ url, params: new URLSearchParams(url.search), responseMode: 'query' });
        send(res, 200, DONE_PAGE);
      } else {
        // Nothing in the query: the response (if any) is in the fragment, which only the page sees.
        send(res, 200, RELAY_PAGE);
      }
      return;
    }
    if (req.method === 'POST') {
      const body = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
      if (url.searchParams.get(RELAY_MARKER) === 'fragment') {
        const callbackUrl = new URL(path, base);
        callbackUrl.hash = body;
        deliver({
          url: callbackUrl,
          params: new URLSearchParams(body),
          responseMode: body ? 'fragment' : 'query',
        });
        send(res, 204, '');
        return;
      }
      deliver({ url, params: new URLSearchParams(body), responseMode: 'form_post' });
      send(res, 200, DONE_PAGE);
      return;
    }
    send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
  };

  const server = createServer(SERVER_TIMEOUTS, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
    });
  });
  base = await listenOnLoopback(server, options.port ?? 0, options.host ?? LOOPBACK_HOST);
  const redirectUri = `${base}${path}`;

  return {
    redirectUri,
    next(timeoutMs: number) {
      const ready = received.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise<CallbackResult>((resolve, reject) => {
        const waiter: Waiter = {
          resolve(result) {
            clearTimeout(timer);
            resolve(result);
          },
          cancel() {
            clearTimeout(timer);
            reject(
              new FlowError(
                'callback_cancelled',
                `The wait for an authorization response at ${redirectUri} was cancelled`,
                { redirectUri },
              ),
            );
          },
        };
        const timer = setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(
            new FlowError(
              'callback_timeout',
              `No authorization response reached ${redirectUri} within ${timeoutMs} ms`,
              { redirectUri, timeoutMs },
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    clear() {
      received.length = 0;
      for (const waiter of waiters.splice(0)) waiter.cancel();
    },
    close() {
      return closeServer(server);
    },
  };
}
