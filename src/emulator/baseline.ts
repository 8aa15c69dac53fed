/**
 * The emulator's frozen baseline: what a fresh Okta developer org with one OIDC web app looks like
 * (one org, one app, one user, the `default` custom authorization server). A case's delta is
 * merged over it (`mock-idp/config.ts`); the configuration schema takes its defaults from here.
 */
import type { AuthorizationServerConfig, EmulatorConfig, GrantType } from './config.js';

/** Okta's grant types an app may have. */
export const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
] as const satisfies readonly GrantType[];

/** The baseline app's grant types: a web app without implicit (Okta's default for a new app). */
export const BASELINE_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
] as const satisfies readonly GrantType[];

/** Every authorization server's settings where neither the baseline nor a delta gives one. */
export const BASELINE_SERVER = {
  scopes: [],
  defaultScopes: [],
  claims: [],
  accessTokenLifetimeSeconds: 3600,
  policyAllows: true,
} as const satisfies Omit<AuthorizationServerConfig, 'audience'>;

/** Okta's baseline configuration. */
export const BASELINE: Readonly<EmulatorConfig> = deepFreeze({
  orgId: '00o1okta0emulator0z7',
  servers: {
    default: {
      audience: 'api://default',
      scopes: [],
      defaultScopes: [],
      claims: [],
      accessTokenLifetimeSeconds: BASELINE_SERVER.accessTokenLifetimeSeconds,
      policyAllows: BASELINE_SERVER.policyAllows,
    },
  },
  app: {
    clientId: '0oa1okta0emulator0z7',
    clientSecret: 'emulator-client-secret-0123456789abcdefABCDEF',
    public: false,
    redirectUris: ['http://localhost:8080/authorization-code/callback'],
    postLogoutRedirectUris: ['http://localhost:8080'],
    grantTypes: [...BASELINE_GRANT_TYPES],
    responseTypes: ['code'],
    pkceRequired: false,
    refreshTokens: true,
  },
  users: [
    {
      id: '00u1okta0emulator0z7',
      login: 'alice@example.com',
      password: 'Emulator-Passw0rd!',
      email: 'alice@example.com',
      emailVerified: true,
      givenName: 'Alice',
      familyName: 'Example',
      groups: ['Everyone'],
    },
  ],
  codeFlowIdToken: 'thin',
  signInWidget: 'identity-engine',
  clockOffsetSeconds: 0,
  orgOAuthMetadata: true,
  orgAccessTokenVerifiable: true,
  accessTokenSubject: 'login',
  apiToken: '00emulator-system-log-api-token-0123456789',
  tooManyGroups: 'error',
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
