/**
 * Reading a request to the mock SP: which route and profile, which authorization scheme, the
 * form_post body (bounded), and whether a browser is asking. Nothing here decides on a token.
 */
import type { IncomingMessage } from 'node:http';
import { isCheckFailure, parseCompactJwt } from '../src/checks/decode.js';
import type { TokenParts } from '../src/checks/types.js';

/** The largest form_post body the callback reads. */
export const MAX_BODY_BYTES = 64 * 1024;

export type Route =
  { kind: 'resource' | 'callback'; profile: string | undefined } | { kind: 'index' };

export function route(path: string, first: string): Route | undefined {
  if (path === '/') return { kind: 'index' };
  if (path === '/api/me') return { kind: 'resource', profile: first };
  if (path === '/callback') return { kind: 'callback', profile: first };
  const match = /^\/p\/([^/]*)\/(api\/me|callback)$/.exec(path);
  if (!match) return undefined;
  let name: string | undefined;
  try {
    name = decodeURIComponent(match[1] ?? '');
  } catch {
    name = undefined;
  }
  return { kind: match[2] === 'callback' ? 'callback' : 'resource', profile: name };
}

/** Splits `Authorization` into scheme and credentials. */
export function credentials(
  header: string | undefined,
):
  | { scheme: 'bearer' | 'dpop'; token: string }
  | { scheme: 'none' }
  | { scheme: 'other'; name: string } {
  if (header === undefined || header.trim() === '') return { scheme: 'none' };
  const match = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s+([\s\S]*))?$/.exec(header);
  const name = match?.[1] ?? '';
  const rest = match?.[2] ?? '';
  if (name.toLowerCase() === 'bearer') return { scheme: 'bearer', token: rest };
  if (name.toLowerCase() === 'dpop') return { scheme: 'dpop', token: rest };
  return { scheme: 'other', name: name || '(unreadable)' };
}

export function decoded(token: string): TokenParts | undefined {
  const parts = parseCompactJwt(token);
  return isCheckFailure(parts) ? undefined : parts;
}

export function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html') && !accept.includes('application/json');
}
