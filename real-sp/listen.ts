/**
 * Closing without waiting for idle keep-alive connections (a test must not hang on a browser's or
 * fetch's pooled socket). Listening is src/net/loopback.ts's.
 */
import type { Server } from 'node:http';

/** Closes `server`, dropping idle and open connections so the promise settles promptly. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
    server.closeAllConnections();
  });
}
