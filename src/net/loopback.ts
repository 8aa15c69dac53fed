/**
 * Loopback, in one place: which hosts are this machine, the address every server of the harness
 * binds (127.0.0.1, never a public interface), a free port on it, listening on it, and waiting for
 * a pinned port that another process holds for now.
 */
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The address the harness's own servers bind. */
export const LOOPBACK_HOST = '127.0.0.1';

/**
 * Host names that are this machine, as `URL.hostname` spells them (IPv6 in brackets). `[::1]` is
 * loopback as much as 127.0.0.1: RFC 8252 §7.3 names both for native-app redirect URIs.
 */
const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for `127.0.0.1`, `localhost` and `[::1]` (also written `::1`). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname === '::1' ? '[::1]' : hostname.toLowerCase());
}

/** True for a plain-HTTP URL on a loopback host: the only place the harness accepts `http:`. */
export function isLoopbackHttpUrl(url: string | URL): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

/**
 * The address to listen on for a loopback URL's host: `::1` for `[::1]` (a browser sent there
 * would not reach 127.0.0.1), else 127.0.0.1 (`localhost` resolves to it).
 */
export function listenAddressFor(hostname: string): string {
  return hostname === '[::1]' || hostname === '::1' ? '::1' : LOOPBACK_HOST;
}

/** `http://127.0.0.1:PORT`, or `http://[::1]:PORT` for the IPv6 loopback address. */
export function loopbackOrigin(port: number, address: string = LOOPBACK_HOST): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/**
 * A port that is free right now on 127.0.0.1, for a process that must be told its port up front
 * (a child `serve`, Apache, a redirect URI registered before its listener binds). Another process
 * can take it before the port is bound again: callers that can, retry on "address in use".
 */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, LOOPBACK_HOST, resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Binds `server` to `address` (default 127.0.0.1) on `port` (default: a free one) and answers its
 * origin, `http://127.0.0.1:PORT`. A bind error (such as `EADDRINUSE`) rejects.
 */
export async function listenOnLoopback(
  server: Server,
  port = 0,
  address: string = LOOPBACK_HOST,
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return loopbackOrigin((server.address() as AddressInfo).port, address);
}

/** True when `err` is a listen that failed because the port is taken. */
export function isAddressInUse(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

/**
 * Runs `start` (which binds a fixed port) until it does not fail with "address in use" — another
 * process holds the port for now — or `waitMs` has passed; then `timedOut(err)` says why. Any
 * other error is thrown at once.
 */
export async function retryWhileAddressInUse<T>(
  start: () => Promise<T>,
  options: { waitMs: number; intervalMs: number; timedOut(err: unknown): Error },
): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      return await start();
    } catch (err) {
      if (!isAddressInUse(err)) throw err;
      if (Date.now() > deadline) throw options.timedOut(err);
      await sleep(options.intervalMs);
    }
  }
}
