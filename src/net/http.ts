/**
 * The small HTTP pieces every server of the harness needs (the emulator, the mock SP, the callback
 * listener, the test pages, the real SPs' frame), written once: a JSON answer, a request body read
 * with a limit, HTML escaping, and a close that does not wait for idle keep-alive sockets.
 */
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { HarnessError } from '../errors.js';

/**
 * Answers `body` as JSON. `content-type: application/json` and `cache-control: no-cache, no-store`
 * (Okta's API sends both) unless `headers` says otherwise; `content-length` is always the body's.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  const given = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, no-store',
    ...given,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A request body over the reader's limit: answer 400 or 413, never a stack trace. */
export class BodyTooLargeError extends HarnessError<'INVALID_REQUEST_BODY'> {
  readonly code = 'INVALID_REQUEST_BODY';
  constructor(readonly limit: number) {
    super(`request entity too large (over ${limit} bytes)`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the whole request body, up to `limit` bytes. Past the limit it rejects with
 * {@link BodyTooLargeError} at once and lets the rest of the body drain, so the server can still
 * answer on the same connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settle(() => reject(new BodyTooLargeError(limit)));
        chunks.length = 0;
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle(() => resolve(Buffer.concat(chunks))));
    req.on('error', (err) => settle(() => reject(err)));
  });
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes a value for an element's content or a quoted attribute. Every value a page or report
 * shows may come from a token, an SP or an IdP, so every value is untrusted.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
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
