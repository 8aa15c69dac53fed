/**
 * Okta's scopes and the ID token claims they bring (okta-behavior.md sections 2 and 4), for
 * `oidc-harness doctor`'s "which claims will the ID token carry" check.
 */

export { ORG_THIN_KEEPS } from '../okta/scopes.js';
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
/** Scopes Okta defines; any other is a custom scope (none on the ORG server). */
