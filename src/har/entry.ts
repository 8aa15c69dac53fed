/**
 * Small readers over one HAR entry: a header by name, the response body as text (plain or
 * base64 `encoding`), the form fields a request posted, and the times it started and ended.
 * Exporters differ (Chrome adds `_initiator`, Firefox omits empty fields, Playwright may leave
 * `content.text` out), so every field is read defensively.
 */
import type { Entry, Header } from 'har-format';
import { redactUrl } from '../token/redact.js';

/** The first header named `name` (case-insensitive), or undefined. */
export function header(headers: Header[] | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find((h) => typeof h?.name === 'string' && h.name.toLowerCase() === lower)?.value;
}

/** Every header named `name` (a response may carry several `WWW-Authenticate`). */
export function headers(list: Header[] | undefined, name: string): string[] {
  const lower = name.toLowerCase();
  return (list ?? [])
    .filter((h) => typeof h?.name === 'string' && h.name.toLowerCase() === lower)
    .map((h) => String(h.value));
}

/** The response body as text; base64 content is decoded. Undefined when the HAR omitted it. */
export function responseText(entry: Entry): string | undefined {
  const content = entry.response.content;
  if (!content || typeof content.text !== 'string') return undefined;
  if (content.encoding === 'base64') return Buffer.from(content.text, 'base64').toString('utf8');
  return content.text;
}

/** The response body as a JSON object, when it is one. */
export function responseJson(entry: Entry): Record<string, unknown> | undefined {
  const text = responseText(entry);
  if (!text || !/^\s*\{/.test(text)) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The URL-encoded form fields a request posted (form_post bodies, token requests). */
export function formFields(entry: Entry): URLSearchParams | undefined {
  const post = entry.request.postData;
  if (!post) return undefined;
  // Hand-edited or odd exporters write a number or an object here: only a string is a type.
  const mime = typeof post.mimeType === 'string' ? post.mimeType.toLowerCase() : '';
  if (typeof post.text === 'string' && (mime.includes('x-www-form-urlencoded') || mime === '')) {
    return new URLSearchParams(post.text);
  }
  if (Array.isArray(post.params) && post.params.length > 0) {
    // Exporters disagree on whether params are still URL-encoded; decoding twice is harmless here.
    const out = new URLSearchParams();
    for (const p of post.params as unknown[]) {
      // A hand-edited HAR may hold null or non-string names here: such a param is skipped.
      const { name, value } = (p ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== 'string') continue;
      out.append(safeDecode(name), safeDecode(typeof value === 'string' ? value : ''));
    }
    return out;
  }
  return undefined;
}

/** When the request started, epoch ms (NaN-safe: 0 when the HAR has no usable time). */
export function startedAt(entry: Entry): number {
  const t = Date.parse(entry.startedDateTime);
  return Number.isFinite(t) ? t : 0;
}

/** When the response was complete, epoch ms. */
export function endedAt(entry: Entry): number {
  const time = typeof entry.time === 'number' && entry.time > 0 ? entry.time : 0;
  return startedAt(entry) + time;
}

/** The URL's fragment and query parameters (fragment first: implicit responses use it). */
export function urlParams(
  raw: string,
): { url: URL; params: URLSearchParams; in: 'fragment' | 'query' }[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  const out: { url: URL; params: URLSearchParams; in: 'fragment' | 'query' }[] = [];
  if (url.hash.length > 1)
    out.push({ url, params: new URLSearchParams(url.hash.slice(1)), in: 'fragment' });
  if (url.search.length > 1)
    out.push({ url, params: new URLSearchParams(url.search), in: 'query' });
  return out;
}

/** Printable: secrets stripped from the query and fragment, and any JWT's signature removed. */
export function printableUrl(raw: string): string {
  return redactUrl(raw);
}

/** Tag-free text of an HTML page, entities decoded, blank runs squeezed: what a person reads. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<(?:br|\/p|\/div|\/h\d|\/li|\/tr|\/title)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/** True when a body is an HTML page (by its MIME type or its first character). */
export function isHtml(entry: Entry, text: string): boolean {
  const mime = entry.response.content?.mimeType;
  return (typeof mime === 'string' && /html/i.test(mime)) || /^\s*</.test(text);
}
