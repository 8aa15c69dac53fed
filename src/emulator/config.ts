/**
 * The Okta emulator's configuration, as TypeScript types: a delta merged over the frozen baseline
 * (`baseline.ts`). The schema in `config-schema.ts` is the description the emulator validates
 * with; these types say the same (a unit test fails when they drift) and carry the documentation
 * editors show. Shared by the emulator (`mock-idp/`), case files (`idp` section) and the fixtures.
 */
import { emulatorConfigSchema } from './config-schema.js';

/** A claim an authorization server adds (Okta: Security → API → Authorization Servers → Claims). */
export interface CustomClaimConfig {
  name: string;
  /** A literal value, or `user.<profileAttribute>` to copy from the user's profile. */
  value: string | number | boolean | string[];
  /** Which token carries it. Default `access_token`. */
  tokenType?: 'id_token' | 'access_token';
  /** Okta's "Always include in token": stays in a thin ID token. Default false. */
  alwaysIncludeInToken?: boolean;
  /** Only when one of these scopes is granted; empty or absent = any scope. */
  scopes?: string[];
}

/** A custom authorization server at `/oauth2/{id}`. */
export interface AuthorizationServerConfig {
  /** The access token's `aud`. `default` has `api://default`. */
  audience?: string;
  /** Custom scopes defined on the server (besides the standard OIDC ones). */
  scopes?: string[];
  /** Scopes granted when a request names none; empty = Okta's "no default scopes" error. */
  defaultScopes?: string[];
  claims?: CustomClaimConfig[];
  /** Access token lifetime in seconds (Okta: 5 min – 24 h). Default 3600. */
  accessTokenLifetimeSeconds?: number;
  /** Whether the user is allowed by an access policy rule; false → Okta's policy error. Default true. */
  policyAllows?: boolean;
}

/** An OIDC app integration. */
export interface AppConfig {
  clientId?: string;
  /** Absent with `public: true` → a public client (PKCE, no secret). */
  clientSecret?: string;
  public?: boolean;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  /** Okta's grant types: authorization_code, implicit, refresh_token, client_credentials. */
  grantTypes?: GrantType[];
  /** Allowed response types, e.g. `code`, `id_token`, `token`, `id_token token`, `code id_token`. */
  responseTypes?: string[];
  /** Logins of the users assigned to the app. Default: every user. */
  assignedUsers?: string[];
  /** Require PKCE for the code flow (Okta requires it for public clients). */
  pkceRequired?: boolean;
  /** Refresh tokens allowed (the app has the refresh_token grant). */
  refreshTokens?: boolean;
  /**
   * Okta's refresh token behaviour: `rotate` (a new refresh token on every use; reuse of a rotated
   * one is refused) or `persistent`. Default: `rotate` for public clients (Okta's SPA default),
   * `persistent` for confidential ones.
   */
  refreshTokenRotation?: 'rotate' | 'persistent';
  /** Okta's `application_type`: `web` (the baseline OIDC app) or `service` (API Services, no user). */
  applicationType?: 'web' | 'service';
  /**
   * The app's groups claim filter (Okta: Sign On → OpenID Connect ID Token → Groups claim
   * filter): only matching groups go into `groups`. Default: every group (`matches .*`).
   */
  groupsFilter?: GroupsFilter;
}

/** An OAuth grant type an Okta app may have. */
export type GrantType = 'authorization_code' | 'implicit' | 'refresh_token' | 'client_credentials';

/** A groups claim filter, as Okta's app settings offer it. */
export interface GroupsFilter {
  type: 'startsWith' | 'equals' | 'contains' | 'matches';
  value: string;
}

/** A user and the profile Okta releases as claims. */
export interface UserConfig {
  /** Okta user id, `00u…`. Generated from the login when absent. */
  id?: string;
  /** The Okta login (`preferred_username`, and the access token's `sub`). */
  login: string;
  password?: string;
  email?: string;
  emailVerified?: boolean;
  givenName?: string;
  familyName?: string;
  /** Other profile attributes, for `user.<attribute>` custom claims. */
  profile?: Record<string, string | number | boolean | string[]>;
  groups?: string[];
  /**
   * A TOTP factor (Google Authenticator / Okta Verify code): a base32 secret. When set, sign-in
   * asks for a code after the password (a sign-on policy demanding a second factor).
   */
  totpSecret?: string;
  /** A factor that cannot be automated (Okta Verify push): sign-in offers only it. */
  pushOnly?: boolean;
}

/** The emulator's whole configuration (every field optional in a delta). */
export interface EmulatorConfig {
  /** Okta org id (`00o…`), the ID token's `idp`. */
  orgId?: string;
  /** Custom authorization servers by id; `default` exists in the baseline. */
  servers?: Record<string, AuthorizationServerConfig>;
  /** The OIDC app. */
  app?: AppConfig;
  /** Users; the first is the one flows sign in as. */
  users?: UserConfig[];
  /** ID token style for the authorization-code flow (Okta's docs disagree): `thin` or `fat`. Default `thin`. */
  codeFlowIdToken?: 'thin' | 'fat';
  /** Sign-in page layout. Default `identity-engine`. */
  signInWidget?: 'identity-engine' | 'classic';
  /** Seconds added to the emulator's clock for `iat`/`exp`/`nbf` of issued tokens. Default 0. */
  clockOffsetSeconds?: number;
  /** Rotate signing keys: a new key signs, the old one stays published unless `dropOldKey`. */
  rotateKeys?: { dropOldKey?: boolean };
  /** Serve the ORG `/.well-known/oauth-authorization-server`. Default true. */
  orgOAuthMetadata?: boolean;
  /** The ORG access token verifies with `/oauth2/v1/keys`. Default true. */
  orgAccessTokenVerifiable?: boolean;
  /** Access token `sub`: the user's login (default, as most Okta docs show) or user id. */
  accessTokenSubject?: 'login' | 'id';
  /** The System Log API token (`Authorization: SSWS …`). */
  apiToken?: string;
  /**
   * More than 100 groups match the groups claim filter in a flow that returns tokens from
   * `/authorize` (implicit): Okta's support article says the request fails with "The groups claim
   * matched too many groups…" (`error`, default); other reports say the claim is silently cut to
   * 100 (`truncate`). The authorization-code flow has no such limit (same article).
   */
  tooManyGroups?: 'error' | 'truncate';
}

/** Every field of {@link EmulatorConfig}: what a delta may contain (the schema's properties). */
export const EMULATOR_CONFIG_KEYS = Object.freeze(
  Object.keys(emulatorConfigSchema.properties),
) as ReadonlyArray<keyof EmulatorConfig>;
