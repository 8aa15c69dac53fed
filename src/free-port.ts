/**
 * A port that is free right now on 127.0.0.1, for a process that must be told its port up front
 * (a child `serve`, Apache, a redirect URI registered before its listener binds). Another process
 * can take it before the port is bound again: callers that can, retry on "address in use".
 */
import { createServer, type AddressInfo } from 'node:net';

export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
