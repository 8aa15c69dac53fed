/**
 * The emulator's configuration resolved: a per-case delta checked against the configuration
 * schema (`src/emulator/config-schema.ts`) and merged over Okta's frozen baseline
 * (`src/emulator/baseline.ts`), then the rules between fields; bad configuration is refused with
 * a message naming the field.
 */
import { createHash } from 'node:crypto';
import type {
  AppConfig,
  AuthorizationServerConfig,
  CustomClaimConfig,
  EmulatorConfig,
  GrantType,
  GroupsFilter,
  UserConfig,
} from '../src/emulator/config.js';
import { BASELINE, BASELINE_SERVER } from '../src/emulator/baseline.js';
import { RESERVED_SERVER_IDS } from '../src/emulator/config-schema.js';
import { emulatorConfigProblem } from '../src/emulator/validate.js';
import { STANDARD_SCOPES } from '../src/okta/scopes.js';
import { HarnessError } from '../src/errors.js';

/** A configuration with every field resolved (baseline merged with a delta). */
export interface ResolvedConfig {
  orgId: string;
  servers: Record<string, ResolvedServer>;
  app: ResolvedApp;
  users: ResolvedUser[];
  codeFlowIdToken: 'thin' | 'fat';
  signInWidget: 'identity-engine' | 'classic';
  clockOffsetSeconds: number;
  rotateKeys: { dropOldKey: boolean } | undefined;
  orgOAuthMetadata: boolean;
  orgAccessTokenVerifiable: boolean;
  accessTokenSubject: 'login' | 'id';
  apiToken: string;
  tooManyGroups: 'error' | 'truncate';
}

export interface ResolvedServer {
  audience: string;
  scopes: string[];
  defaultScopes: string[];
  claims: CustomClaimConfig[];
  accessTokenLifetimeSeconds: number;
  policyAllows: boolean;
}

export interface ResolvedApp {
  clientId: string;
  clientSecret: string | undefined;
  public: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantType[];
  responseTypes: string[];
  /** Logins; `undefined` = every user is assigned. */
  assignedUsers: string[] | undefined;
  pkceRequired: boolean;
  refreshTokens: boolean;
  applicationType: 'web' | 'service';
  refreshTokenRotation: 'rotate' | 'persistent';
  groupsFilter: GroupsFilter | undefined;
}

export interface ResolvedUser extends UserConfig {
  id: string;
  password: string;
  email: string;
  emailVerified: boolean;
}

/** Bad configuration: the message names the field and what was expected. */
export class ConfigError extends HarnessError<'INVALID_EMULATOR_CONFIG'> {
  readonly code = 'INVALID_EMULATOR_CONFIG';
  constructor(
    readonly field: string,
    expected: string,
  ) {
    super(`invalid emulator configuration: ${field}: ${expected}`);
    this.name = 'ConfigError';
  }
}

/** Okta-looking id (`00u…`, 20 characters) derived from a seed, so it is stable across runs. */
export function oktaId(prefix: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest('base64url').replace(/[-_]/g, 'x');
  return (prefix + digest).slice(0, 20);
}

/** Merges `delta` over the baseline (not cumulatively) and validates the result. */
export function resolveConfig(delta: EmulatorConfig = {}): ResolvedConfig {
  validateDelta(delta);
  const base = BASELINE as EmulatorConfig;
  const servers: Record<string, ResolvedServer> = {};
  const serverIds = new Set([
    ...Object.keys(base.servers ?? {}),
    ...Object.keys(delta.servers ?? {}),
  ]);
  for (const id of serverIds) {
    const merged: AuthorizationServerConfig = {
      ...(base.servers?.[id] ?? {}),
      ...(delta.servers?.[id] ?? {}),
    };
    servers[id] = {
      audience: merged.audience ?? `api://${id}`,
      scopes: [...(merged.scopes ?? BASELINE_SERVER.scopes)],
      defaultScopes: [...(merged.defaultScopes ?? BASELINE_SERVER.defaultScopes)],
      claims: (merged.claims ?? BASELINE_SERVER.claims).map((c) => ({ ...c })),
      accessTokenLifetimeSeconds:
        merged.accessTokenLifetimeSeconds ?? BASELINE_SERVER.accessTokenLifetimeSeconds,
      policyAllows: merged.policyAllows ?? BASELINE_SERVER.policyAllows,
    };
  }
  const app: AppConfig = { ...base.app, ...delta.app };
  const isPublic = app.public ?? false;
  const users = (delta.users ?? base.users ?? []).map(resolveUser);
  const resolved: ResolvedConfig = {
    orgId: delta.orgId ?? base.orgId!,
    servers,
    app: {
      clientId: app.clientId!,
      clientSecret: isPublic ? undefined : app.clientSecret,
      public: isPublic,
      redirectUris: [...(app.redirectUris ?? [])],
      postLogoutRedirectUris: [...(app.postLogoutRedirectUris ?? [])],
      grantTypes: [...(app.grantTypes ?? ['authorization_code'])],
      responseTypes: (app.responseTypes ?? ['code']).map(normalizeResponseType),
      assignedUsers: app.assignedUsers ? [...app.assignedUsers] : undefined,
      // Okta requires PKCE of public clients (okta-behavior.md section 3).
      pkceRequired: app.pkceRequired ?? isPublic,
      refreshTokens: app.refreshTokens ?? (app.grantTypes ?? []).includes('refresh_token'),
      applicationType: app.applicationType ?? 'web',
      refreshTokenRotation: app.refreshTokenRotation ?? (isPublic ? 'rotate' : 'persistent'),
      groupsFilter: app.groupsFilter ? { ...app.groupsFilter } : undefined,
    },
    users,
    codeFlowIdToken: delta.codeFlowIdToken ?? base.codeFlowIdToken!,
    signInWidget: delta.signInWidget ?? base.signInWidget!,
    clockOffsetSeconds: delta.clockOffsetSeconds ?? base.clockOffsetSeconds!,
    rotateKeys: delta.rotateKeys ? { dropOldKey: !!delta.rotateKeys.dropOldKey } : undefined,
    orgOAuthMetadata: delta.orgOAuthMetadata ?? base.orgOAuthMetadata!,
    orgAccessTokenVerifiable: delta.orgAccessTokenVerifiable ?? base.orgAccessTokenVerifiable!,
    accessTokenSubject: delta.accessTokenSubject ?? base.accessTokenSubject!,
    apiToken: delta.apiToken ?? base.apiToken!,
    tooManyGroups: delta.tooManyGroups ?? base.tooManyGroups!,
  };
  validateResolved(resolved);
  return resolved;
}

/** `id_token token` and `token id_token` are the same response type. */
export function normalizeResponseType(type: string): string {
  return type.split(/\s+/).filter(Boolean).sort().join(' ');
}

function resolveUser(user: UserConfig, index: number): ResolvedUser {
  return {
    ...user,
    id: user.id ?? oktaId('00u', user.login),
    password: user.password ?? `Emulator-Passw0rd-${index}!`,
    email: user.email ?? user.login,
    emailVerified: user.emailVerified ?? true,
  };
}

/** Converts the resolved configuration back to the public vocabulary (for `Emulator.config`). */
export function toEmulatorConfig(c: ResolvedConfig): EmulatorConfig {
  return {
    orgId: c.orgId,
    servers: structuredClone(c.servers),
    app: {
      clientId: c.app.clientId,
      ...(c.app.clientSecret !== undefined ? { clientSecret: c.app.clientSecret } : {}),
      public: c.app.public,
      redirectUris: [...c.app.redirectUris],
      postLogoutRedirectUris: [...c.app.postLogoutRedirectUris],
      grantTypes: [...c.app.grantTypes],
      responseTypes: [...c.app.responseTypes],
      ...(c.app.assignedUsers ? { assignedUsers: [...c.app.assignedUsers] } : {}),
      pkceRequired: c.app.pkceRequired,
      refreshTokens: c.app.refreshTokens,
      applicationType: c.app.applicationType,
      refreshTokenRotation: c.app.refreshTokenRotation,
      ...(c.app.groupsFilter ? { groupsFilter: { ...c.app.groupsFilter } } : {}),
    },
    users: structuredClone(c.users),
    codeFlowIdToken: c.codeFlowIdToken,
    signInWidget: c.signInWidget,
    clockOffsetSeconds: c.clockOffsetSeconds,
    ...(c.rotateKeys ? { rotateKeys: { ...c.rotateKeys } } : {}),
    orgOAuthMetadata: c.orgOAuthMetadata,
    orgAccessTokenVerifiable: c.orgAccessTokenVerifiable,
    accessTokenSubject: c.accessTokenSubject,
    apiToken: c.apiToken,
    tooManyGroups: c.tooManyGroups,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation: the delta against the configuration schema first, then the rules between fields.

/** The delta's first schema problem, then the server ids the emulator keeps for itself. */
function validateDelta(delta: unknown): asserts delta is EmulatorConfig {
  const problem = emulatorConfigProblem(delta);
  if (problem) throw new ConfigError(problem.field, problem.expected);
  for (const id of Object.keys((delta as EmulatorConfig).servers ?? {})) {
    if (RESERVED_SERVER_IDS.includes(id))
      throw new ConfigError(
        `servers.${id}`,
        'a server id is letters, digits, - or _, and not "org" or "v1"',
      );
  }
}

function validateResolved(c: ResolvedConfig) {
  if (!c.app.public && !c.app.clientSecret)
    throw new ConfigError(
      'app.clientSecret',
      'a confidential app needs a client secret (or set app.public: true)',
    );
  const logins = new Set<string>();
  c.users.forEach((u, i) => {
    if (logins.has(u.login))
      throw new ConfigError(`users[${i}].login`, `duplicate login "${u.login}"`);
    logins.add(u.login);
  });
  c.app.assignedUsers?.forEach((login, i) => {
    if (!logins.has(login))
      throw new ConfigError(`app.assignedUsers[${i}]`, `no user has the login "${login}"`);
  });
  for (const [id, s] of Object.entries(c.servers)) {
    const known = new Set<string>([...STANDARD_SCOPES, ...s.scopes]);
    s.defaultScopes.forEach((scope, i) => {
      if (!known.has(scope))
        throw new ConfigError(
          `servers.${id}.defaultScopes[${i}]`,
          `"${scope}" is not a scope of the server`,
        );
    });
  }
}
