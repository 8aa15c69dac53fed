/**
 * Tokens whose algorithm alone condemns them, with or without the SP's expectation: unsigned
 * (`alg: none`) or HMAC-signed while claiming to be Okta's (Okta signs every token RS256).
 */
import type { TokenParts } from '../checks/types.js';
import type { Finding } from './finding.js';
import { issuerShape } from './okta.js';

const OKTA_HOST = /(?:^|\.)(?:okta|oktapreview|okta-emea|okta-gov|trexcloud)\.com$/i;

/** Claims an Okta issuer: an Okta host, a custom server's `/oauth2/{id}` path, or Okta's `ver`+`cid`/`uid`. */
function oktaLooking(parts: TokenParts): boolean {
  const p = parts.payload;
  let host = '';
  try {
    host = new URL(String(p.iss)).hostname;
  } catch {
    // an issuer that is not a URL names no host
  }
  if (OKTA_HOST.test(host) || issuerShape(p.iss).kind === 'custom') return true;
  return p.ver === 1 && (p.cid !== undefined || p.uid !== undefined);
}

/**
 * An unsigned token (`alg: none`, RFC 8725 §3.2) is never acceptable, and an HMAC-signed one
 * that claims an Okta issuer did not come from Okta (Okta signs RS256): both are findings of
 * the token itself, with or without the SP's expectation.
 */
export function hostileAlgorithm(parts: TokenParts): Finding | undefined {
  const alg = parts.header.alg;
  const name = typeof alg === 'string' ? alg : '';
  const unsigned = name.toLowerCase() === 'none' || name === '';
  const hmacFromOkta = /^HS\d+$/i.test(name) && oktaLooking(parts);
  if (!unsigned && !hmacFromOkta) return undefined;
  return {
    code: 'algorithm_not_allowed',
    message: unsigned
      ? `alg "${name || '(none)'}" means the token is unsigned: never accepted`
      : `alg "${name}" on a token claiming the Okta issuer ${String(parts.payload.iss)}: Okta signs RS256, so this token was not issued by Okta`,
    claim: 'alg',
    token: alg,
    expected: ['RS256'],
    said: [],
    fromToken: true,
  };
}
