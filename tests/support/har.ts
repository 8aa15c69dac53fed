/**
 * HAR files shaped like the exporters that write them, as read in their source:
 * - Chrome (devtools-frontend `front_end/models/har/Log.ts`): creator `WebInspector`, a `pages`
 *   list with `page_N` ids and `pageref`, `_initiator`, `_priority`, `_resourceType`,
 *   `_connectionId`, `serverIPAddress`, response `_transferSize` and `_error`, `cookies` arrays
 *   parsed from the headers, request URLs without their fragment, `postData` with `text` and —
 *   for forms — `params` still URL-encoded, timings with `blocked`/`dns`/`ssl`/`connect` -1 when
 *   not measured and `_blocked_queueing`.
 * - Chrome's "Export HAR (sanitized)" (the default since Chrome 130; same file, `Log.ts`
 *   `options.sanitize`): request `Authorization` and `Cookie` and response `Set-Cookie` headers
 *   filtered out, request and response `cookies` emptied — nothing else.
 * - Firefox (`devtools/client/netmonitor/src/har/har-builder.js`): creator `Firefox`, header
 *   names as sent, `pageref` on every entry, `postData.params` decoded, timings -1 where unknown,
 *   URL fragments kept.
 */
import type { Cookie, Entry, Har, Header, PostData } from 'har-format';

export type Shape = 'chrome' | 'firefox' | 'sanitized';

/** One exchange, as a test describes it. */
export interface Exchange {
  method?: string;
  url: string;
  status: number;
  /** Milliseconds after the HAR's start. */
  at: number;
  /** Duration in ms (default 20). */
  time?: number;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string | string[]>;
  /** A URL-encoded form body. */
  form?: Record<string, string>;
  /** A JSON request body. */
  json?: unknown;
  body?: string;
  mimeType?: string;
  /** Store the body base64-encoded (`content.encoding: "base64"`). */
  base64?: boolean;
}

export const T0 = Date.parse('2025-11-20T10:00:00.000Z');

const SANITIZED_REQUEST = new Set(['authorization', 'cookie']);
const SANITIZED_RESPONSE = new Set(['set-cookie']);

function list(
  h: Record<string, string | string[]> | undefined,
  shape: Shape,
  drop: Set<string>,
): Header[] {
  const out: Header[] = [];
  for (const [name, value] of Object.entries(h ?? {})) {
    if (shape === 'sanitized' && drop.has(name.toLowerCase())) continue;
    // Firefox writes header names as sent (capitalised); Chrome's HTTP/2 entries are lower case.
    const written =
      shape === 'firefox'
        ? name.replace(/(^|-)([a-z])/g, (_m, a, b) => a + b.toUpperCase())
        : name.toLowerCase();
    for (const v of Array.isArray(value) ? value : [value]) out.push({ name: written, value: v });
  }
  return out;
}

function requestCookies(x: Exchange, shape: Shape): Cookie[] {
  if (shape === 'sanitized') return [];
  const raw = Object.entries(x.requestHeaders ?? {}).find(([n]) => n.toLowerCase() === 'cookie');
  if (!raw) return [];
  return raw[1].split(/;\s*/).map((pair) => {
    const [name = '', ...rest] = pair.split('=');
    return { name, value: rest.join('=') };
  });
}

function responseCookies(x: Exchange, shape: Shape): Cookie[] {
  if (shape === 'sanitized') return [];
  const raw = Object.entries(x.responseHeaders ?? {}).find(
    ([n]) => n.toLowerCase() === 'set-cookie',
  )?.[1];
  const all = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return all.map((line) => {
    const [pair = '', ...attrs] = line.split(/;\s*/);
    const [name = '', ...rest] = pair.split('=');
    return {
      name,
      value: rest.join('='),
      path: '/',
      httpOnly: attrs.some((a) => /^httponly$/i.test(a)),
      secure: attrs.some((a) => /^secure$/i.test(a)),
    };
  });
}

function postData(x: Exchange, shape: Shape): PostData | undefined {
  if (x.json !== undefined) {
    return { mimeType: 'application/json', text: JSON.stringify(x.json) } as PostData;
  }
  if (!x.form) return undefined;
  const text = new URLSearchParams(x.form).toString();
  const params = Object.entries(x.form).map(([name, value]) => ({
    name,
    // Chrome keeps the params URL-encoded as sent; Firefox decodes them.
    value: shape === 'firefox' ? value : encodeURIComponent(value),
  }));
  return { mimeType: 'application/x-www-form-urlencoded', text, params } as unknown as PostData;
}

function entry(x: Exchange, shape: Shape, page: string): Entry {
  const url = new URL(x.url);
  const text =
    x.body === undefined ? undefined : x.base64 ? Buffer.from(x.body).toString('base64') : x.body;
  const time = x.time ?? 20;
  const post = postData(x, shape);
  const e: Entry = {
    pageref: page,
    startedDateTime: new Date(T0 + x.at).toISOString(),
    time,
    request: {
      method: x.method ?? (post ? 'POST' : 'GET'),
      // Chrome's writer splits the fragment off request URLs (Log.ts buildRequestURL).
      url: shape === 'firefox' ? x.url : x.url.split('#', 2)[0]!,
      httpVersion: shape === 'firefox' ? 'HTTP/1.1' : 'http/1.1',
      headers: list(x.requestHeaders, shape, SANITIZED_REQUEST),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      cookies: requestCookies(x, shape),
      headersSize: -1,
      bodySize: post?.text ? Buffer.byteLength(post.text) : 0,
      ...(post ? { postData: post } : {}),
    },
    response: {
      status: x.status,
      statusText: '',
      httpVersion: shape === 'firefox' ? 'HTTP/1.1' : 'http/1.1',
      headers: list(x.responseHeaders, shape, SANITIZED_RESPONSE),
      cookies: responseCookies(x, shape),
      content: {
        size: x.body?.length ?? 0,
        mimeType: x.mimeType ?? 'application/json',
        ...(text !== undefined ? { text } : {}),
        ...(x.base64 ? { encoding: 'base64' } : {}),
      },
      redirectURL: String((x.responseHeaders?.location as string | undefined) ?? ''),
      headersSize: -1,
      bodySize: shape === 'firefox' ? (x.body?.length ?? -1) : -1,
    },
    cache: {},
    timings:
      shape === 'firefox'
        ? { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: time - 1, receive: 1 }
        : { blocked: 0.5, dns: -1, ssl: -1, connect: -1, send: 1, wait: time - 2, receive: 0.5 },
  };
  if (shape !== 'firefox') {
    Object.assign(e, {
      _connectionId: '4211',
      _initiator: { type: 'script', stack: { callFrames: [] } },
      _priority: 'High',
      _resourceType: post?.mimeType?.includes('form') ? 'document' : 'fetch',
      serverIPAddress: '127.0.0.1',
      connection: '443',
    });
    Object.assign(e.response, { _transferSize: (x.body?.length ?? 0) + 300, _error: null });
    Object.assign(e.timings, { _blocked_queueing: 0.5 });
  }
  return e;
}

/** A HAR document of these exchanges. */
export function har(exchanges: Exchange[], shape: Shape = 'chrome'): Har {
  const page = shape === 'firefox' ? 'page_1' : 'page_3';
  return {
    log: {
      version: '1.2',
      creator:
        shape === 'firefox'
          ? { name: 'Firefox', version: '140.0' }
          : { name: 'WebInspector', version: '537.36' },
      ...(shape === 'firefox' ? { browser: { name: 'Firefox', version: '140.0' } } : {}),
      pages: [
        {
          startedDateTime: new Date(T0).toISOString(),
          id: page,
          title: exchanges[0]?.url ?? 'about:blank',
          pageTimings:
            shape === 'firefox'
              ? { onContentLoad: -1, onLoad: -1 }
              : { onContentLoad: 120, onLoad: 180 },
        },
      ],
      entries: exchanges.map((x) => entry(x, shape, page)),
    },
  };
}
