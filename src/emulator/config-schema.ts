/**
 * The emulator configuration's JSON Schema: the one description of what a configuration delta may
 * contain. The emulator validates every delta with it (compiled at build time,
 * `src/emulator/validate.ts`), a case file's `idp` section is built from its parts
 * (`src/case/schema.ts`), and the TypeScript types in `config.ts` are checked against it by a test.
 * Limits are Okta's (okta-behavior.md); defaults come from the baseline (`baseline.ts`).
 */
import { bool, choice, int, list, object, str, strings } from '../input/json-schema.js';
import { BASELINE_SERVER, GRANT_TYPES } from './baseline.js';

/** The schema's `$id`. */
export const EMULATOR_CONFIG_SCHEMA_ID = 'urn:oidc-harness:schema:emulator-config:v1';

/** An authorization server id: the `{id}` of `/oauth2/{id}`. */
export const SERVER_ID_PATTERN = '^[A-Za-z0-9_-]+$';
/**
 * Server ids the emulator keeps for itself: `org` names the ORG authorization server, `v1` is the
 * ORG server's path (`/oauth2/v1/…`). The schema can't say "not these" in words a user reads, so
 * the emulator and the case rules check them.
 */
export const RESERVED_SERVER_IDS: readonly string[] = ['org', 'v1'];
/** A response type: `code`, `id_token` and `token` separated by spaces. */
export const RESPONSE_TYPE_PATTERN = '^(code|id_token|token)( (code|id_token|token))*$';
/** A base32 TOTP secret (RFC 4648 alphabet, optional padding). */
export const BASE32_PATTERN = '^[A-Za-z2-7]+=*$';

/** A profile attribute or custom claim value. */
const claimValueBranches = [
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'array', items: { type: 'string' } },
] as const;

/** A claim the authorization server adds (Okta: Security → API → Authorization Servers → Claims). */
export const customClaimSchema = object(
  'A claim the authorization server adds (Okta: Claims tab).',
  {
    name: str('The claim name.'),
    value: {
      anyOf: claimValueBranches,
      description: 'A literal value, or `user.<profileAttribute>` to copy from the user profile.',
    },
    tokenType: choice(['id_token', 'access_token'], 'Which token carries it.', {
      default: 'access_token',
    }),
    alwaysIncludeInToken: bool('Okta\'s "Always include in token": stays in a thin ID token.', {
      default: false,
    }),
    scopes: strings('Only when one of these scopes is granted; empty or absent = any scope.'),
  },
  { required: ['name', 'value'] },
);

/** A custom authorization server at `/oauth2/{id}`. */
export const authorizationServerSchema = object(
  'A custom authorization server at `/oauth2/{id}`.',
  {
    audience: str("The access token's `aud`. `default` has `api://default`."),
    scopes: strings('Custom scopes defined on the server (besides the standard OIDC ones).'),
    defaultScopes: strings(
      "Scopes granted when a request names none; empty = Okta's no-default-scopes error.",
    ),
    claims: list(customClaimSchema, 'Custom claims.'),
    // Okta's access policy allows 5 minutes to 24 hours (okta-behavior.md, lifetimes).
    accessTokenLifetimeSeconds: int('Access token lifetime in seconds (Okta: 5 min to 24 h).', {
      minimum: 300,
      maximum: 86400,
      default: BASELINE_SERVER.accessTokenLifetimeSeconds,
    }),
    policyAllows: bool(
      "Whether an access policy rule allows the user; false → Okta's policy error.",
      { default: BASELINE_SERVER.policyAllows },
    ),
  },
);

/** A user and the profile Okta releases as claims. */
export const userSchema = object(
  'A user and the profile Okta releases as claims.',
  {
    id: str('Okta user id (`00u…`). Generated from the login when absent.'),
    login: str('The Okta login (`preferred_username`, and the access token `sub`).'),
    password: str('The password the sign-in page accepts (synthetic test users only).'),
    email: str('The email address (`email` claim). Default: the login.', { format: 'email' }),
    emailVerified: bool('The `email_verified` claim.', { default: true }),
    givenName: str('The `given_name` claim.'),
    familyName: str('The `family_name` claim.'),
    profile: {
      type: 'object',
      additionalProperties: {
        anyOf: claimValueBranches,
        description: 'A profile attribute value: a string, number, boolean or list of strings.',
      },
      description: 'Other profile attributes, for `user.<attribute>` custom claims.',
    },
    groups: strings('Group names (`groups` claim).'),
    totpSecret: str(
      'A TOTP factor (base32 secret): the sign-in asks for a code after the password. Synthetic test users only; for a real tenant use OKTA_TOTP_SECRET.',
      { pattern: BASE32_PATTERN },
    ),
    pushOnly: bool(
      'The only second factor is Okta Verify push, which cannot be automated: the sign-in fails at once naming it.',
    ),
  },
  { required: ['login'] },
);

/** The app's groups claim filter, as Okta's app settings offer it. */
export const groupsFilterSchema = object(
  "The app's groups claim filter: only matching groups go into `groups`. Default: every group.",
  {
    type: choice(['startsWith', 'equals', 'contains', 'matches'], 'How the value is matched.'),
    value: str('The text (or regular expression for `matches`).'),
  },
  { required: ['type', 'value'] },
);

/** The OIDC app integration. */
export const appSchema = object('The OIDC app integration.', {
  clientId: str('The client id. Default: the baseline app’s.'),
  clientSecret: str('The client secret; absent with `public: true`.'),
  public: bool('A public client (PKCE, no secret).'),
  redirectUris: list(
    { type: 'string', format: 'uri' },
    'Registered redirect URIs (absolute URLs); the flow runner’s callback is added.',
  ),
  postLogoutRedirectUris: list(
    { type: 'string', format: 'uri' },
    'Registered post-logout redirect URIs (absolute URLs).',
  ),
  grantTypes: list(
    { type: 'string', enum: GRANT_TYPES },
    'Okta grant types: authorization_code, implicit, refresh_token, client_credentials. Default: what the flow needs.',
  ),
  responseTypes: list(
    { type: 'string', pattern: RESPONSE_TYPE_PATTERN },
    'Allowed response types, e.g. `code`, `id_token token`. Default: what the flow needs.',
  ),
  assignedUsers: strings('Logins of the users assigned to the app. Default: every user.'),
  pkceRequired: bool('Require PKCE for the code flow. Default: true for a public client.'),
  refreshTokens: bool('Refresh tokens allowed. Default: when the app has the refresh_token grant.'),
  refreshTokenRotation: choice(
    ['rotate', 'persistent'],
    "Okta's refresh token behaviour. Default: rotate for public clients, persistent otherwise.",
  ),
  applicationType: choice(
    ['web', 'service'],
    "Okta's application type: `web` (an OIDC web app) or `service` (API Services, machine-to-machine).",
    { default: 'web' },
  ),
  groupsFilter: groupsFilterSchema,
});

/** Custom authorization servers by id. */
const servers = {
  type: 'object',
  description: 'Custom authorization servers by id (`default` always exists).',
  propertyNames: { pattern: SERVER_ID_PATTERN },
  additionalProperties: authorizationServerSchema,
} as const;

/** The emulator's settings besides servers, app and users, each one line. */
const settings = {
  orgId: str('Okta org id (`00o…`), the ID token `idp`.'),
  codeFlowIdToken: choice(
    ['thin', 'fat'],
    "ID token style for the authorization-code flow (Okta's docs disagree).",
    { default: 'thin' },
  ),
  signInWidget: choice(['identity-engine', 'classic'], 'Sign-in page layout.', {
    default: 'identity-engine',
  }),
  clockOffsetSeconds: int("Seconds added to the emulator's clock for issued tokens' iat/exp/nbf.", {
    default: 0,
  }),
  rotateKeys: object('A new key signs; the old one stays published unless `dropOldKey`.', {
    dropOldKey: bool('Stop publishing the old key.', { default: false }),
  }),
  orgOAuthMetadata: bool('Serve the ORG `/.well-known/oauth-authorization-server`.', {
    default: true,
  }),
  orgAccessTokenVerifiable: bool('ORG access tokens verify with `/oauth2/v1/keys`.', {
    default: true,
  }),
  accessTokenSubject: choice(['login', 'id'], 'The access token `sub`: the login or the user id.', {
    default: 'login',
  }),
  tooManyGroups: choice(
    ['error', 'truncate'],
    "More than 100 groups match the filter in the implicit flow: Okta's error (support article) or the claim cut to 100 (other reports).",
    { default: 'error' },
  ),
} as const;

/** The emulator's whole configuration delta (JSON Schema 2020-12); every field is optional. */
export const emulatorConfigSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: EMULATOR_CONFIG_SCHEMA_ID,
  title: 'oidc-harness emulator configuration',
  description:
    'A delta merged over the Okta emulator’s baseline: one org, one OIDC app, one user, the `default` authorization server.',
  type: 'object',
  additionalProperties: false,
  properties: {
    orgId: settings.orgId,
    servers,
    app: appSchema,
    users: list(userSchema, 'Users; the first is the one flows sign in as.', { minItems: 1 }),
    codeFlowIdToken: settings.codeFlowIdToken,
    signInWidget: settings.signInWidget,
    clockOffsetSeconds: settings.clockOffsetSeconds,
    rotateKeys: settings.rotateKeys,
    orgOAuthMetadata: settings.orgOAuthMetadata,
    orgAccessTokenVerifiable: settings.orgAccessTokenVerifiable,
    accessTokenSubject: settings.accessTokenSubject,
    apiToken: str('The System Log API token (`Authorization: SSWS …`).'),
    tooManyGroups: settings.tooManyGroups,
  },
} as const;

/**
 * The settings a case file's `idp` section takes over as they are (its `servers`, `user`,
 * `users` and `app` are built from the parts above; it has no `apiToken`).
 */
export const emulatorSettingsSchema = settings;
/** The `servers` mapping. */
export const serversSchema = servers;
