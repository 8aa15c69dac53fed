/** Claim name → code: the one place a claim named by a message decides the diagnosis. */
import type { DiagnosisCode } from '../codes.js';

const CLAIM_TO_CODE: Readonly<Record<string, DiagnosisCode>> = {
  iss: 'issuer_mismatch',
  aud: 'audience_mismatch',
  azp: 'audience_mismatch',
  cid: 'audience_mismatch',
  client_id: 'audience_mismatch',
  exp: 'token_expired',
  nbf: 'token_not_yet_valid',
  iat: 'token_not_yet_valid',
  typ: 'access_token_profile_mismatch',
  alg: 'algorithm_not_allowed',
  kid: 'unknown_signing_key',
  nonce: 'nonce_mismatch',
  scp: 'insufficient_scope',
  scope: 'insufficient_scope',
  cnf: 'dpop_binding_mismatch',
};

/** The code for a statement about `claim`; an unknown claim is one the SP needs and lacks. */
export function codeForClaim(claim: string): DiagnosisCode {
  return CLAIM_TO_CODE[claim.toLowerCase()] ?? 'missing_claim';
}

/** A rule code taking the claim name from capture group `group`. */
export const byClaim = (group: number) => (m: RegExpExecArray) => codeForClaim(m[group] ?? '');
