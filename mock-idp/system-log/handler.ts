/**
 * Okta's `GET /api/v1/logs` over HTTP (okta-behavior.md section 5): SSWS API token, Okta error
 * bodies, `Link` headers for paging. The emulator routes the path here.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../src/net/http.js';
import {
  OktaApiError,
  invalidTokenError,
  methodNotAllowedError,
  parameterError,
  type OktaErrorBody,
} from './errors.js';
import type { SystemLog } from './store.js';

/** Options of the `/api/v1/logs` handler. */
export interface LogsHandlerOptions {
  /** The API token `Authorization: SSWS <token>` must carry. */
  apiToken: string;
  /**
   * The org URL links start with. Default: the origin of the request URL the emulator passes,
   * which is right as long as that URL was built from the request's Host header.
   */
  baseUrl?: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares tokens in constant time (on their digests, so lengths leak nothing either). */
function tokenMatches(header: string | undefined, expected: Buffer): boolean {
  const m = /^SSWS\s+(\S+)\s*$/i.exec(header ?? '');
  return !!m && timingSafeEqual(digest(m[1] as string), expected);
}

function sendError(res: ServerResponse, err: OktaApiError, headers = {}): void {
  sendJson(res, err.status, err.body satisfies OktaErrorBody, headers);
}

/**
 * Creates the `GET /api/v1/logs` handler for `log`. Answers 401 (E0000011) without a valid
 * `SSWS` token, 405 for other methods, 400 with an Okta error body for bad parameters, and
 * otherwise 200 with a JSON array and `Link: <…>; rel="self"` (plus `rel="next"` when more
 * events remain) as two headers, as Okta sends them.
 */
export function createLogsHandler(
  log: SystemLog,
  options: LogsHandlerOptions,
): (req: IncomingMessage, res: ServerResponse, url: URL) => void {
  if (typeof options?.apiToken !== 'string' || options.apiToken === '') {
    throw new TypeError('createLogsHandler: options.apiToken must be a non-empty string');
  }
  const expected = digest(options.apiToken);
  return (req, res, url) => {
    try {
      if (!tokenMatches(req.headers.authorization, expected)) {
        sendError(res, invalidTokenError());
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, methodNotAllowedError(), { Allow: 'GET' });
        return;
      }
      const result = log.query(url.searchParams, options.baseUrl ?? url.origin);
      const links = [`<${result.links.self}>; rel="self"`];
      if (result.links.next) links.push(`<${result.links.next}>; rel="next"`);
      sendJson(res, 200, result.events, { Link: links });
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Bad input is an OktaApiError; anything else still gets an Okta-shaped 400, never a
      // stack trace or a 500 (the brief: no input may produce one).
      sendError(
        res,
        err instanceof OktaApiError
          ? err
          : parameterError('request', ['the query could not be processed.']),
      );
    }
  };
}
