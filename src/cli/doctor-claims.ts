/**
 * Okta's scopes and the ID token claims they bring (okta-behavior.md sections 2 and 4), for
 * `oidc-harness doctor`'s "which claims will the ID token carry" check.
 */

/** Okta's scope → claims (okta-behavior.md section 4). */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  groups: ['groups'],
};
/** Claims every Okta ID token carries (okta-behavior.md section 2). */
export const BASE_ID_CLAIMS = [
  'sub',
  'iss',
  'aud',
  'iat',
  'exp',
  'jti',
  'amr',
  'idp',
  'auth_time',
  'ver',
];
/** Claims an ORG server's thin ID token still carries (okta-behavior.md section 4). */
export const ORG_THIN_KEEPS = ['email', 'name', 'preferred_username'];
/** Scopes Okta defines; any other is a custom scope (none on the ORG server). */
export const STANDARD_SCOPES = new Set([
  'openid',
  'profile',
  'email',
  'address',
  'phone',
  'offline_access',
  'groups',
  'device_sso',
]);
