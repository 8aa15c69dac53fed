/**
 * What the mock SP says on the wire: the RFC 6750 `WWW-Authenticate` challenge, the JSON error
 * body naming the diagnosis codes, and the sign-in page of the RP-style callback. Kept apart
 * from routing so the exact format has one home.
 */
import type { ServerResponse } from 'node:http';
import { escapeHtml, sendJson } from '../src/net/http.js';
import type { CheckFailure } from '../src/checks/types.js';
import type { DiagnosisCode } from '../src/diagnosis/codes.js';
import { DPOP_ALGORITHMS } from '../src/checks/dpop-proof.js';

/** The JSON body of a rejection: RFC 6750 error fields plus the diagnosis codes and failures. */
export interface RejectionBody {
  error?: string;
  error_description: string;
  diagnosis: DiagnosisCode[];
  failures: CheckFailure[];
}

/** RFC 6750 §3: auth-param values may hold only %x20-21 / %x23-5B / %x5D-7E (no `"` or `\`). */
export function quotable(text: string, max = 400): string {
  const clean = text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, "'");
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}

/** Builds one `Bearer` (or `DPoP`) challenge: `Bearer realm="…", error="…", error_description="…"`. */
export function challenge(
  scheme: 'Bearer' | 'DPoP',
  params: {
    realm: string;
    error?: string;
    error_description?: string;
    scope?: string;
    algs?: string;
  },
): string {
  const attrs = Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([name, value]) => `${name}="${quotable(value)}"`);
  return `${scheme} ${attrs.join(', ')}`;
}

/** The codes of a list of failures, each once, in order of first appearance. */
export function diagnosisCodes(failures: CheckFailure[]): DiagnosisCode[] {
  return [...new Set(failures.map((f) => f.code))];
}

/** A readable one-line description of the failures for `error_description`. */
export function describeFailures(failures: CheckFailure[]): string {
  return [...new Set(failures.map((f) => f.message))].join('; ');
}

/** The `algs` a DPoP challenge advertises (RFC 9449 §7.1). */
export const DPOP_CHALLENGE_ALGS = DPOP_ALGORITHMS.join(' ');

/** The mock SP's JSON headers: the charset said outright, and never cached. */
const SP_JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

/** Answers the SP's JSON (written by src/net/http.ts), always with {@link SP_JSON_HEADERS}. */
export function answerJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  sendJson(res, status, body, { ...headers, ...SP_JSON_HEADERS });
}

/** The RP-style callback's answer to a browser: a small page naming the user, or the rejection. */
export function sendHtml(
  res: ServerResponse,
  status: number,
  title: string,
  lines: string[],
  headers: Record<string, string | string[]> = {},
): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1 id="result">${escapeHtml(title)}</h1>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`;
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}
