/**
 * The query side of `GET /api/v1/logs` (okta-behavior.md section 5; Okta's System Log API
 * reference): parameter validation with Okta's error bodies, time bounds, filter, keyword search,
 * ordering and cursor paging with `self` / `next` links.
 */
import type { LogEvent } from '../../src/okta/system-log-types.js';
import { parameterError } from './errors.js';
import { matchesFilter, parseFilter, type FilterNode } from './filter.js';

/** An event as the store keeps it: `seq` breaks ties between events published in the same ms. */
export interface StoredEvent {
  event: LogEvent;
  publishedMs: number;
  seq: number;
}

/** One page of events and its links. */
export interface QueryResult {
  events: LogEvent[];
  links: { self: string; next?: string };
}

/** Okta's default and maximum page sizes. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** Okta: `since` defaults to 7 days before `until` (or now). */
const DEFAULT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Okta: at most 10 keywords of at most 40 characters in `q`. */
const MAX_KEYWORDS = 10;
const MAX_KEYWORD_LENGTH = 40;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Okta's messages for an unreadable date (System Log API reference, "Errors"). */
const DATE_REASONS = [
  'The date format in your query is not recognized. Please enter dates using ISO8601 string format.',
  'must be a valid date-time or empty.',
];

/** Reads `since` / `until`: an RFC 3339 date-time; undefined when absent or empty. */
function parseDateParam(params: URLSearchParams, name: 'since' | 'until'): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  // An unencoded `+01:00` offset arrives as a space after form decoding: read it as the `+` meant.
  const value = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const ms = DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw parameterError(name, DATE_REASONS);
  return ms;
}

function parseLimit(params: URLSearchParams): number {
  const raw = params.get('limit');
  if (raw === null || raw.trim() === '') return DEFAULT_LIMIT;
  const value = raw.trim();
  if (!/^\d{1,7}$/.test(value) || Number(value) > MAX_LIMIT) {
    throw parameterError('limit', [`must be an integer between 0 and ${MAX_LIMIT}.`]);
  }
  return Number(value);
}

function parseSortOrder(params: URLSearchParams): 'ASCENDING' | 'DESCENDING' {
  const raw = params.get('sortOrder');
  if (raw === null || raw === '') return 'ASCENDING';
  if (raw === 'ASCENDING' || raw === 'DESCENDING') return raw;
  throw parameterError('sortOrder', ['must be ASCENDING or DESCENDING.']);
}

/** The `after` cursor: `<published ms>_<sequence>`, the position of the last event served. */
function parseAfter(params: URLSearchParams): { ms: number; seq: number } | undefined {
  const raw = params.get('after');
  if (raw === null || raw === '') return undefined;
  const m = /^(\d{1,15})_(\d{1,15})$/.exec(raw);
  if (!m) {
    throw parameterError('after', [
      'is not a cursor this server issued. Follow the rel="next" link instead of building one.',
    ]);
  }
  return { ms: Number(m[1]), seq: Number(m[2]) };
}

function parseKeywords(params: URLSearchParams): string[] {
  const raw = params.get('q');
  if (raw === null) return [];
  const keywords = raw.split(/\s+/).filter((k) => k !== '');
  if (keywords.some((k) => k.length > MAX_KEYWORD_LENGTH)) {
    throw parameterError('q', [
      `Freeform search cannot contain items longer than ${MAX_KEYWORD_LENGTH} characters. Please shorten the items in your search or use an advanced filter to query by specific fields.`,
    ]);
  }
  if (keywords.length > MAX_KEYWORDS) {
    throw parameterError('q', [
      `Freeform search cannot contain more than ${MAX_KEYWORDS} items. Please remove items from your search or use an advanced filter to query by specific fields.`,
    ]);
  }
  return keywords.map((k) => k.toLowerCase());
}

/** Every string and number in the event, lower-cased, for keyword search. */
function textOf(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value.toLowerCase());
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) textOf(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) textOf(v, out);
  }
  return out;
}

/**
 * Every keyword must occur (case-insensitively) in some text field of the event. Okta matches
 * whole keywords and also the parts of hyphenated values; a substring match covers both.
 */
function matchesKeywords(keywords: readonly string[], event: LogEvent): boolean {
  if (keywords.length === 0) return true;
  const texts = textOf(event, []);
  return keywords.every((k) => texts.some((t) => t.includes(k)));
}

function compareKeys(a: { ms: number; seq: number }, b: { ms: number; seq: number }): number {
  return a.ms - b.ms || a.seq - b.seq;
}

function linkTo(baseUrl: string, params: URLSearchParams): string {
  const query = params.toString();
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/logs${query ? `?${query}` : ''}`;
}

/**
 * Runs one `GET /api/v1/logs` query over `entries` (sorted by published, then seq; frozen). Throws OktaApiError (400) for bad parameters.
 * `nowMs` is the emulator's clock (for the default `since`).
 */
export function runQuery(
  entries: readonly StoredEvent[],
  params: URLSearchParams,
  baseUrl: string,
  nowMs: number,
): QueryResult {
  const until = parseDateParam(params, 'until');
  const since = parseDateParam(params, 'since') ?? (until ?? nowMs) - DEFAULT_WINDOW_MS;
  if (until !== undefined && since > until) {
    throw parameterError('since', ['must not be later than until.']);
  }
  const limit = parseLimit(params);
  const sortOrder = parseSortOrder(params);
  const after = parseAfter(params);
  const keywords = parseKeywords(params);
  const filterText = params.get('filter');
  const filter: FilterNode | undefined =
    filterText !== null && filterText.trim() !== '' ? parseFilter(filterText) : undefined;

  const descending = sortOrder === 'DESCENDING';
  const matching = entries
    .filter((e) => e.publishedMs >= since && (until === undefined || e.publishedMs < until))
    .filter((e) => {
      if (!after) return true;
      const c = compareKeys({ ms: e.publishedMs, seq: e.seq }, after);
      return descending ? c < 0 : c > 0;
    })
    .filter((e) => (filter ? matchesFilter(filter, e.event) : true))
    .filter((e) => matchesKeywords(keywords, e.event));
  // `entries` come sorted by (published, seq): DESCENDING is the same list reversed.
  if (descending) matching.reverse();

  const page = matching.slice(0, limit);
  const links: QueryResult['links'] = { self: linkTo(baseUrl, params) };
  const last = page[page.length - 1];
  // A next link only when more events remain (and a page can make progress: not for limit=0).
  if (last && matching.length > page.length) {
    const nextParams = new URLSearchParams(params);
    nextParams.set('after', `${last.publishedMs}_${last.seq}`);
    links.next = linkTo(baseUrl, nextParams);
  }
  return { events: page.map((e) => e.event), links };
}
