/**
 * Escaping for the HTML report. Every value in a report comes from a token, an SP or an IdP, so
 * every value is untrusted: a claim `<script>` must show as text (issue item 4).
 */

import { escapeHtml } from '../net/http.js';

/** Escapes text for an element's content or a double-quoted attribute (src/net/http.ts). */
export const esc = escapeHtml;

/** Claims whose numbers are NumericDate seconds (RFC 7519 §2): shown with their ISO time. */
const NUMERIC_DATES = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

/** A value as one line of text: strings as they are, everything else as compact JSON. */
export function display(value: unknown, claim?: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && claim && NUMERIC_DATES.has(claim) && Number.isFinite(value)) {
    const date = new Date(value * 1000);
    if (!Number.isNaN(date.getTime())) return `${value} (${date.toISOString()})`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An ISO 8601 time as `display` and the diagnoses write it. */
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/**
 * Escaped text in which each ISO time stays on one line: a browser otherwise breaks
 * `2026-12-05T16:48:56.000Z` after a hyphen, leaving half a date at the end of a line. For element
 * content only (the span is markup).
 */
export function prose(value: unknown): string {
  return esc(value).replace(ISO_TIME, (t) => `<span class="nowrap">${t}</span>`);
}

/** {@link display}, escaped, its times kept whole ({@link prose}): for element content. */
export function show(value: unknown, claim?: string): string {
  return prose(display(value, claim));
}

/** `1234` → `1.23 s`, `87` → `87 ms`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
