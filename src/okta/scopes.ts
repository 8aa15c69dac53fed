/**
 * Okta's scopes and the claims they release (okta-behavior.md sections 1, 2 and 4): one table for
 * the emulator that issues the claims, the diagnosis engine that explains their absence, and
 * `doctor` that predicts them.
 */

/** Claims every Okta ID token carries, whatever the scopes (section 2). */
export const ID_TOKEN_BASE_CLAIMS: readonly string[] = [
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

/** Claims of each standard scope (section 4), in the order OIDC Core lists them. */
export const SCOPE_CLAIMS = {
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
} as const;

/** The claims a scope releases; none for `openid`, `offline_access` and custom scopes. */
export function claimsOfScope(scope: string): readonly string[] {
  return (SCOPE_CLAIMS as Readonly<Record<string, readonly string[]>>)[scope] ?? [];
}

/** The scope that releases `claim`, or undefined for a custom claim. */
export function scopeForClaim(claim: string): string | undefined {
  for (const [scope, claims] of Object.entries(SCOPE_CLAIMS)) {
    if ((claims as readonly string[]).includes(claim)) return scope;
  }
  return undefined;
}

/** Scopes every authorization server knows (section 1). */
export const STANDARD_SCOPES = [
  'openid',
  'profile',
  'email',
  'address',
  'phone',
  'offline_access',
  'groups',
] as const;

/** Scopes Okta itself defines (the standard ones and `device_sso`): any other is a custom scope. */
export const OKTA_DEFINED_SCOPES: ReadonlySet<string> = new Set([...STANDARD_SCOPES, 'device_sso']);

/** Claims an ORG server's thin ID token still carries (section 4). */
export const ORG_THIN_KEEPS: readonly string[] = ['email', 'name', 'preferred_username'];
