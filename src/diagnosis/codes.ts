/**
 * The stable diagnosis codes (interface.md "Diagnosis codes"). Users and CI scripts match on
 * these strings: extend the list, never rename an entry.
 */
export const DIAGNOSIS_CODES = [
  'audience_mismatch',
  'issuer_mismatch',
  'missing_claim',
  'user_claim_mismatch',
  'thin_id_token',
  'org_server_access_token',
  'token_type_mismatch',
  'custom_scope_on_org_server',
  'scope_not_configured',
  'user_not_assigned',
  'redirect_uri_not_registered',
  'token_expired',
  'token_not_yet_valid',
  'signature_invalid',
  'unknown_signing_key',
  'algorithm_not_allowed',
  'malformed_token',
  'nonce_mismatch',
  'tokens_not_issued',
  'insufficient_scope',
  'dpop_binding_mismatch',
  'access_token_profile_mismatch',
  'client_credentials_on_org_server',
  'too_many_groups',
  'unexplained',
] as const;

/** One stable diagnosis code. */
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** True when `value` is one of the stable diagnosis codes. */
export function isDiagnosisCode(value: unknown): value is DiagnosisCode {
  return typeof value === 'string' && (DIAGNOSIS_CODES as readonly string[]).includes(value);
}
