/**
 * The emulator's request helpers: its body limit, form parsing, and a replayable copy of a request
 * whose body was read, so oidc-provider can read it again.
 */
import { IncomingMessage } from 'node:http';

/**
 * The emulator reads no request body over 64 KB (`readBody(req, BODY_LIMIT)`, src/net/http.ts);
 * a bigger one is answered 400.
 */
export const BODY_LIMIT = 64 * 1024;

/** Parses an `application/x-www-form-urlencoded` body (empty for other content types). */
export function formParams(req: IncomingMessage, body: Buffer): URLSearchParams {
  const type = String(req.headers['content-type'] ?? '');
  return type.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(body.toString('utf8'))
    : new URLSearchParams();
}

/**
 * A fresh request with the same socket, method, URL and headers whose body is `body`: the
 * original stream is spent once read.
 */
export function replayRequest(
  req: IncomingMessage,
  body: Buffer | string,
  headers: Record<string, string | undefined> = {},
): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method!;
  copy.url = req.url!;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  const merged: Record<string, string | string[] | undefined> = { ...req.headers };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  merged['content-length'] = String(buffer.length);
  copy.headers = merged as IncomingMessage['headers'];
  // Marked complete, or IncomingMessage's destroy would take the finished copy for an aborted
  // upload and close the socket.
  copy.complete = true;
  copy.push(buffer);
  copy.push(null);
  return copy;
}

/** The request's client IP and user agent, for the System Log. */
export function clientInfo(req: IncomingMessage) {
  return {
    ip: req.socket.remoteAddress ?? '127.0.0.1',
    userAgent: String(req.headers['user-agent'] ?? ''),
  };
}
