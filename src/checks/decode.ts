/**
 * Parsing a compact JWS into its decoded header and payload, without verifying anything. The
 * mock SP's verify() and the diagnosis engine both start here, so a token that cannot even be
 * read gets the same `malformed_token` explanation everywhere.
 */
import type { CheckFailure, TokenParts } from './types.js';

/** Tokens longer than this are refused unread (Okta's tokens are 1–3 KB; 16 KB is generous). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** The base64url alphabet without padding (RFC 7515 §2). */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function malformed(message: string, claim?: string): CheckFailure {
  return claim === undefined
    ? { code: 'malformed_token', message }
    : { code: 'malformed_token', message, claim };
}

/** True when a parse or check returned a failure rather than token parts. */
export function isCheckFailure(value: TokenParts | CheckFailure): value is CheckFailure {
  return 'code' in value && typeof (value as CheckFailure).code === 'string';
}

/** Decodes one base64url segment strictly: alphabet, no padding, a length that can be valid. */
function decodeSegment(segment: string): string | undefined {
  // A base64url string of length 4n+1 cannot come from any byte sequence.
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) return undefined;
  return Buffer.from(segment, 'base64url').toString('utf8');
}

/** One decoded part of a compact JWT: its JSON object, or why it is not one. */
export type DecodedSegment =
  { ok: true; value: Record<string, unknown> } | { ok: false; failure: CheckFailure };

/**
 * Decodes one part (header or payload) of a compact JWT to its JSON object, strictly: the
 * base64url alphabet without padding, a length that can be valid, a JSON object. The one
 * segment decoder: {@link parseCompactJwt} and the display of tokens (src/token/redact.ts) both
 * call it.
 */
export function decodeJsonObject(segment: string, which: 'header' | 'payload'): DecodedSegment {
  const fail = (message: string): DecodedSegment => ({
    ok: false,
    failure: malformed(message, which),
  });
  if (segment.length === 0) return fail(`the JWT ${which} is empty`);
  const text = decodeSegment(segment);
  if (text === undefined) return fail(`the JWT ${which} is not valid base64url`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(`the JWT ${which} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`the JWT ${which} is not a JSON object`);
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Splits and decodes a compact JWT (JWS) without checking its signature.
 *
 * Returns the decoded header and payload, or a `malformed_token` failure for: an empty or
 * whitespace-only value, a token over {@link MAX_TOKEN_LENGTH} characters, an encrypted token
 * (JWE, five parts), any other number of parts than three, broken base64url, a header or payload
 * that is not a JSON object. Surrounding whitespace is ignored; the signature is never kept.
 */
export function parseCompactJwt(token: string): TokenParts | CheckFailure {
  if (typeof token !== 'string') return malformed('the token is not a string');
  const trimmed = token.trim();
  if (trimmed.length === 0) return malformed('the token is empty');
  if (trimmed.length > MAX_TOKEN_LENGTH) {
    return malformed(
      `the token is ${trimmed.length} characters long, over the ${MAX_TOKEN_LENGTH}-character limit`,
    );
  }
  const segments = trimmed.split('.');
  if (segments.length === 5) {
    return malformed('the token is encrypted (JWE, five parts): an SP cannot read its claims');
  }
  if (segments.length !== 3) {
    return malformed(
      `a JWT has three dot-separated parts (header.payload.signature); this has ${segments.length}${cutWhere(segments.length)}`,
    );
  }
  const [headerSegment = '', payloadSegment = '', signatureSegment = ''] = segments;
  const header = decodeJsonObject(headerSegment, 'header');
  if (!header.ok) return header.failure;
  const payload = decodeJsonObject(payloadSegment, 'payload');
  if (!payload.ok) return payload.failure;
  if (!BASE64URL.test(signatureSegment) || signatureSegment.length % 4 === 1) {
    return malformed('the JWT signature is not valid base64url', 'signature');
  }
  return { header: header.value, payload: payload.value };
}

/**
 * The decoded header and payload of a token that parses, else undefined: for code that reads a
 * claim of a token it already trusts to be a JWT (one the flow received, one it minted) and has
 * no use for the reason a malformed one fails.
 */
export function readJwt(token: string): TokenParts | undefined {
  const parts = parseCompactJwt(token);
  return isCheckFailure(parts) ? undefined : parts;
}

/**
 * True when `segment` reads as a JOSE header: base64url that decodes to text starting with `{`
 * (after any whitespace). Not only `eyJ`: `{"` encodes as `eyJ`, `{ "` as `eyAi`, `{\n` as
 * `ewo`, `\n{` as `Cns`, and a verifier's JSON parser accepts them all. Lenient on purpose: it
 * says "this starts like a token", for finding tokens in text, not for trusting one.
 */
export function isJoseHeaderSegment(segment: string): boolean {
  if (segment.length < 2 || !BASE64URL.test(segment)) return false;
  // The first few bytes are enough to see the brace, and keep long runs cheap.
  const head = Buffer.from(segment.slice(0, 64), 'base64url').toString('latin1');
  return head.trimStart().startsWith('{');
}

/** Where a token with the wrong part count was cut, and the usual reasons. */
function cutWhere(parts: number): string {
  if (parts === 2) {
    return ': it ends after the payload, so the signature is missing (a copy that lost its end, or a proxy or header-size limit that truncated it)';
  }
  if (parts === 1) return ': no dot at all (an opaque token, or only the first part was copied)';
  return parts > 3 ? ': extra dots (two tokens pasted together, or an encrypted JWE)' : '';
}
