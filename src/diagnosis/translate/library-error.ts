/**
 * Thrown library errors → codes, by their stable fields first. jose's `code` strings are the
 * stable API (dist/webapi/util/errors.js); the mock SP and `diagnose --jwks` both come here, so
 * a jose failure means the same code wherever it happens.
 */
import type { DiagnosisCode } from '../codes.js';
import type { Translation } from './types.js';
import { codeForClaim } from './claims.js';
import { translateMessage } from './match.js';

/** A jose-style error object: `code` (`ERR_…`), and for claim failures `claim` and `reason`. */
export interface LibraryError {
  code?: string;
  claim?: string;
  reason?: string;
  message?: string;
}

/** jose 6 error codes → diagnosis codes. A key set that cannot be used is an unknown key. */
const JOSE_CODES: Readonly<Record<string, { code: DiagnosisCode; claim?: string }>> = {
  ERR_JWT_EXPIRED: { code: 'token_expired', claim: 'exp' },
  ERR_JWKS_NO_MATCHING_KEY: { code: 'unknown_signing_key', claim: 'kid' },
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: { code: 'unknown_signing_key', claim: 'kid' },
  ERR_JWKS_TIMEOUT: { code: 'unknown_signing_key', claim: 'kid' },
  ERR_JWKS_INVALID: { code: 'unknown_signing_key', claim: 'kid' },
  ERR_JOSE_GENERIC: { code: 'unknown_signing_key', claim: 'kid' },
  ERR_JOSE_ALG_NOT_ALLOWED: { code: 'algorithm_not_allowed', claim: 'alg' },
  ERR_JOSE_NOT_SUPPORTED: { code: 'algorithm_not_allowed', claim: 'alg' },
  ERR_JWS_INVALID: { code: 'malformed_token' },
  ERR_JWT_INVALID: { code: 'malformed_token' },
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: { code: 'signature_invalid', claim: 'signature' },
};

/**
 * Translates a thrown library error by its stable fields first (jose's `code`/`claim`/`reason`),
 * then by its message.
 */
export function translateLibraryError(err: LibraryError): Translation[] {
  const matched = err.message ?? err.code ?? 'library error';
  if (err.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && err.claim) {
    const code =
      err.claim === 'iat' && err.reason === 'check_failed' && /past/.test(err.message ?? '')
        ? 'token_expired'
        : codeForClaim(err.claim);
    return [{ code, source: 'jose', claim: err.claim, matched }];
  }
  const known = err.code ? JOSE_CODES[err.code] : undefined;
  if (known) {
    const t: Translation = { code: known.code, source: 'jose', matched };
    if (known.claim) t.claim = known.claim;
    return [t];
  }
  return translateMessage([err.code, err.message].filter(Boolean).join(' '));
}
