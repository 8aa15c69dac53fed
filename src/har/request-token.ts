/**
 * Where a browser puts a token in a request, read from one HAR entry: the `Authorization`
 * header, a URL-encoded or JSON body, the query string, or a fragment (Firefox keeps it; Chrome
 * drops it from request URLs). A field's name says which token it is when it can (`id_token`,
 * `idToken`, `access_token`); any other field whose value is shaped like a JWT counts too.
 */
import type { Entry } from 'har-format';
import type { Presentation } from '../checks/types.js';
import { isJoseHeaderSegment } from '../checks/decode.js';
import type { TokenUse } from '../expectation.js';
import { formFields, header, urlParams } from './entry.js';

/** Where in the request the token was. */
export type SentIn = 'authorization_header' | 'form_body' | 'json_body' | 'query' | 'fragment';

/** A token a request carried. */
export interface SentToken {
  token: string;
  in: SentIn;
  /** The header, field or parameter name. */
  field: string;
  /** The token's use as the field name says it, when it does. */
  use?: TokenUse;
  presentation: Presentation;
}

const AUTH_SCHEME = /^\s*(Bearer|DPoP)\s+(\S+)\s*$/i;
/** Field names (lower case, without `_` and `-`) that hold a token, and which one. */
const NAMED: Record<string, TokenUse | undefined> = {
  idtoken: 'id_token',
  accesstoken: 'access_token',
  token: undefined,
  jwt: undefined,
  assertion: undefined,
  bearer: undefined,
  bearertoken: undefined,
};
/**
 * A compact JWS shape, or the first two parts of one (a token cut short is still the token sent),
 * whose first part reads as a JOSE header in any spelling (`eyJ`, `eyAi`, `ewo`…).
 */
function jwtShaped(value: string): boolean {
  return (
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?$/.test(value) &&
    isJoseHeaderSegment(value.slice(0, value.indexOf('.')))
  );
}
const MAX_JSON = 256 * 1024;

function fieldUse(name: string): { named: boolean; use?: TokenUse } {
  const key = name.toLowerCase().replace(/[_-]/g, '');
  if (!(key in NAMED)) return { named: false };
  const use = NAMED[key];
  return use ? { named: true, use } : { named: true };
}

function fromPairs(pairs: Iterable<[string, string]>, where: SentIn, out: SentToken[]): void {
  for (const [name, value] of pairs) {
    const v = value.trim();
    if (!v) continue;
    const { named, use } = fieldUse(name);
    // A named field with a dotted value, or any field holding something shaped like a JWT.
    if ((named && v.includes('.')) || jwtShaped(v)) {
      out.push({
        token: v,
        in: where,
        field: name,
        ...(use ? { use } : {}),
        presentation: 'bearer',
      });
    }
  }
}

function* jsonPairs(v: unknown, depth: number): Generator<[string, string]> {
  if (depth > 5 || v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string') yield [k, x];
    else yield* jsonPairs(x, depth + 1);
  }
}

function jsonBody(entry: Entry): unknown {
  const text = entry.request.postData?.text;
  if (typeof text !== 'string' || text.length > MAX_JSON || !/^\s*[{[]/.test(text))
    return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every token the request carried, the `Authorization` header's first. */
export function sentTokens(entry: Entry): SentToken[] {
  const out: SentToken[] = [];
  const auth = AUTH_SCHEME.exec(header(entry.request.headers, 'authorization') ?? '');
  if (auth) {
    out.push({
      token: auth[2] as string,
      in: 'authorization_header',
      field: 'Authorization',
      presentation: auth[1]!.toLowerCase() === 'dpop' ? 'dpop' : 'bearer',
    });
  }
  const json = jsonBody(entry);
  if (json !== undefined) fromPairs(jsonPairs(json, 0), 'json_body', out);
  else if (entry.request.method.toUpperCase() === 'POST') {
    const form = formFields(entry);
    if (form) fromPairs(form, 'form_body', out);
  }
  for (const p of urlParams(entry.request.url)) fromPairs(p.params, p.in, out);
  return out;
}
