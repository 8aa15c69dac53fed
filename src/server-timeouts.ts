/**
 * Timeouts for every HTTP server the harness starts (the emulator, the mock SP, the callback
 * listener, the real-SP helpers), so a client that trickles its headers or body (slowloris) or
 * goes quiet is cut off instead of holding a socket for minutes. Everything here is loopback and
 * sends a request in one go, so the bounds are generous for real clients and short for stalls.
 */
import type { ServerOptions } from 'node:http';

/** Options for `http.createServer`. */
export const SERVER_TIMEOUTS = {
  /** The whole header block must arrive within this (Node's default is 60 s). */
  headersTimeout: 5_000,
  /** The whole request, body included (Node's default is 300 s). */
  requestTimeout: 15_000,
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeout: 5_000,
  /** How often Node checks the two timeouts above (its default, 30 s, would let them slip). */
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions;
