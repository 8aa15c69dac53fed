/**
 * Listening on loopback with an ephemeral port, and closing without waiting for idle keep-alive
 * connections (a test must not hang on a browser's or fetch's pooled socket).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Binds `server` to 127.0.0.1 on a free port and answers its base URL (`http://127.0.0.1:PORT`). */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Closes `server`, dropping idle and open connections so the promise settles promptly. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
    server.closeAllConnections();
  });
}

export { freeLoopbackPort } from '../src/free-port.js';
