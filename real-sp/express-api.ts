/**
 * The frame every Express API of the real SPs shares: an app with the request log in front, and
 * one way to serve it — on loopback, an ephemeral port, the servers' timeouts — as a RunningSp
 * whose `url` is `…/api/me`. Each API puts its own verifier, route and error handler in between.
 */
import express, { type Express } from 'express';
import { createServer } from 'node:http';
import { SERVER_TIMEOUTS } from '../src/server-timeouts.js';
import { listenOnLoopback } from '../src/net/loopback.js';
import { closeServer } from '../src/net/http.js';
import type { RequestLog } from './request-log.js';
import type { RunningSp } from './types.js';

/** An Express app that logs every request into `log` (and does not announce itself). */
export function loggedApp(log: RequestLog): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(log.middleware);
  return app;
}

/** Serves `app` on 127.0.0.1 and a free port, with the harness's header and request timeouts. */
export async function serveApi(app: Express, log: RequestLog): Promise<RunningSp> {
  const server = createServer(SERVER_TIMEOUTS, app);
  const base = await listenOnLoopback(server);
  return { url: `${base}/api/me`, close: () => closeServer(server), logs: () => log.text() };
}
