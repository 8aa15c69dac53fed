/**
 * Reads Okta's System Log (`GET /api/v1/logs`, okta-behavior.md section 5) from the emulator or a
 * real org, following `rel="next"` links a bounded number of times. The API token goes only to the
 * org it was given for and never into an error message.
 */
import type { LogEvent } from './system-log-types.js';
import { HarnessError } from '../errors.js';
import { redactSecrets } from '../token/redact.js';

export type { LogEvent } from './system-log-types.js';
export {
  checkTokenIssuance,
  type TokenIssuanceCheck,
  type TokenIssuanceFailure,
  type TokenIssuanceStep,
} from './token-issuance.js';

/** What to fetch. Parameters are Okta's; absent ones take Okta's defaults. */
export interface FetchSystemLogOptions {
  /** The org URL, e.g. `https://dev-123.okta.com` or the emulator's URL. */
  baseUrl: string;
  /** An Okta API token (sent as `Authorization: SSWS …`). */
  apiToken: string;
  /** Lower bound of `published` (a Date or an ISO 8601 string). */
  since?: Date | string;
  /** Upper bound of `published`. */
  until?: Date | string;
  /** A SCIM filter, e.g. `eventType sw "app.oauth2" and outcome.result eq "FAILURE"`. */
  filter?: string;
  /** Keywords, space-separated. */
  q?: string;
  /** Events per page, 0–1000. Default: Okta's (100). */
  limit?: number;
  sortOrder?: 'ASCENDING' | 'DESCENDING';
  /** Pages fetched at most (real Okta's polling queries never run out of next links). Default 10. */
  maxPages?: number;
  /** Per-request timeout in ms. Default 30 000 (Okta's own query timeout). */
  timeoutMs?: number;
}

/** What went wrong reading the System Log. */
export type SystemLogErrorCode =
  | 'bad_input'
  | 'unauthorized'
  | 'forbidden'
  | 'bad_request'
  | 'rate_limited'
  | 'http_error'
  | 'network'
  | 'invalid_response'
  | 'foreign_next_link';

/** A System Log read that failed: `code`, and Okta's answer when there was one. */
export class SystemLogError extends HarnessError<SystemLogErrorCode> {
  readonly code: SystemLogErrorCode;
  /** HTTP status, when Okta answered. */
  readonly status?: number;
  /** Okta's `errorCode` (E0000011, E0000001, …), when its body had one. */
  readonly oktaErrorCode?: string;

  constructor(
    code: SystemLogErrorCode,
    message: string,
    extra: { status?: number; oktaErrorCode?: string } = {},
  ) {
    super(message);
    this.name = 'SystemLogError';
    this.code = code;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.oktaErrorCode !== undefined) this.oktaErrorCode = extra.oktaErrorCode;
  }
}

/** The events read and how the read ended. */
export interface SystemLogFetchResult {
  events: LogEvent[];
  pages: number;
  /** False when `maxPages` stopped the read while a next link remained. */
  complete: boolean;
}

/** Reads the `rel="…"` targets of `Link` headers (fetch joins several headers with ", "). */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const m of header.matchAll(/<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g)) {
    const rel = (m[2] as string).trim();
    if (!(rel in links)) links[rel] = m[1] as string;
  }
  return links;
}

function isoParam(value: Date | string, name: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new SystemLogError('bad_input', `fetchSystemLog: ${name} is an invalid Date`);
    }
    return value.toISOString();
  }
  return value;
}

function firstUrl(options: FetchSystemLogOptions): URL {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new SystemLogError(
      'bad_input',
      `fetchSystemLog: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new SystemLogError(
      'bad_input',
      `fetchSystemLog: baseUrl must be http(s), got ${base.protocol}`,
    );
  }
  const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}/api/v1/logs`);
  const p = url.searchParams;
  if (options.since !== undefined) p.set('since', isoParam(options.since, 'since'));
  if (options.until !== undefined) p.set('until', isoParam(options.until, 'until'));
  if (options.filter !== undefined) p.set('filter', options.filter);
  if (options.q !== undefined) p.set('q', options.q);
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 0 || options.limit > 1000) {
      throw new SystemLogError(
        'bad_input',
        `fetchSystemLog: limit must be an integer 0–1000, got ${options.limit}`,
      );
    }
    p.set('limit', String(options.limit));
  }
  if (options.sortOrder !== undefined) p.set('sortOrder', options.sortOrder);
  return url;
}

const STATUS_CODES: Record<number, SystemLogErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  429: 'rate_limited',
};

/** Turns a non-200 answer into an error that says what Okta answered (never the token). */
async function answerError(res: Response, where: string): Promise<SystemLogError> {
  let oktaErrorCode: string | undefined;
  let summary = '';
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errorCode?: unknown; errorSummary?: unknown };
    if (typeof body.errorCode === 'string') oktaErrorCode = body.errorCode;
    if (typeof body.errorSummary === 'string') summary = body.errorSummary;
  } catch {
    summary = text.slice(0, 200);
  }
  const hint =
    res.status === 401
      ? ' (check the API token: Okta Admin → Security → API → Tokens)'
      : res.status === 403
        ? ' (the token’s admin lacks permission to read the System Log)'
        : '';
  const okta = [oktaErrorCode, summary].filter(Boolean).join(' ');
  return new SystemLogError(
    STATUS_CODES[res.status] ?? 'http_error',
    `Okta System Log answered HTTP ${res.status}${okta ? `: ${okta}` : ''}${hint} — GET ${where}`,
    { status: res.status, ...(oktaErrorCode ? { oktaErrorCode } : {}) },
  );
}

/**
 * Reads the System Log page by page, following `rel="next"` until there is none, a page comes back
 * empty, or `maxPages` pages were read. Throws SystemLogError.
 */
export async function fetchSystemLogPages(
  options: FetchSystemLogOptions,
): Promise<SystemLogFetchResult> {
  if (typeof options?.apiToken !== 'string' || options.apiToken.trim() === '') {
    throw new SystemLogError(
      'bad_input',
      'fetchSystemLog: apiToken is required (an Okta API token)',
    );
  }
  const maxPages = options.maxPages ?? 10;
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw new SystemLogError(
      'bad_input',
      `fetchSystemLog: maxPages must be a positive integer, got ${maxPages}`,
    );
  }
  let url: URL | undefined = firstUrl(options);
  const origin = url.origin;
  const events: LogEvent[] = [];
  let pages = 0;
  try {
    while (url && pages < maxPages) {
      let res: Response;
      try {
        res = await fetch(url, {
          headers: { Accept: 'application/json', Authorization: `SSWS ${options.apiToken}` },
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
          redirect: 'error',
        });
      } catch (err) {
        const cause = err instanceof Error ? err.message : String(err);
        throw new SystemLogError(
          'network',
          `Okta System Log unreachable: ${cause} — GET ${url.href}`,
        );
      }
      if (res.status !== 200) throw await answerError(res, url.href);
      let page: unknown;
      try {
        page = await res.json();
      } catch {
        throw new SystemLogError(
          'invalid_response',
          `Okta System Log answered 200 with a body that is not JSON — GET ${url.href}`,
        );
      }
      if (!Array.isArray(page)) {
        throw new SystemLogError(
          'invalid_response',
          `Okta System Log answered 200 with JSON that is not an array of events — GET ${url.href}`,
        );
      }
      pages++;
      events.push(...(page as LogEvent[]));
      const next = parseLinkHeader(res.headers.get('link')).next;
      if (!next || page.length === 0) {
        url = undefined;
        break;
      }
      let nextUrl: URL;
      try {
        nextUrl = new URL(next, url);
      } catch {
        throw new SystemLogError(
          'invalid_response',
          `Okta System Log sent an unreadable next link — GET ${url.href}`,
        );
      }
      // The API token must never be sent to a host other than the org it was given for.
      if (nextUrl.origin !== origin) {
        throw new SystemLogError(
          'foreign_next_link',
          `Okta System Log's next link points to another origin (${nextUrl.origin}, expected ${origin}); not followed`,
        );
      }
      url = nextUrl;
    }
  } catch (err) {
    if (err instanceof SystemLogError) {
      throw new SystemLogError(err.code, redactSecrets(err.message, [options.apiToken]), {
        ...(err.status !== undefined ? { status: err.status } : {}),
        ...(err.oktaErrorCode !== undefined ? { oktaErrorCode: err.oktaErrorCode } : {}),
      });
    }
    throw err;
  }
  return { events, pages, complete: url === undefined };
}

/** Reads the System Log (see fetchSystemLogPages) and returns its events. */
export async function fetchSystemLog(options: FetchSystemLogOptions): Promise<LogEvent[]> {
  return (await fetchSystemLogPages(options)).events;
}
