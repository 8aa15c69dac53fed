/**
 * The emulator's configuration: Okta's frozen baseline (one org, one OIDC app, one user, the
 * `default` custom authorization server), the merge of a per-case delta over it, and the
 * validation that refuses bad configuration with a message naming the field.
 */
import { createHash } from 'node:crypto';
import type {
  AppConfig,
  AuthorizationServerConfig,
  CustomClaimConfig,
  EmulatorConfig,
  GroupsFilter,
  UserConfig,
} from '../src/idp-config.js';
import { EMULATOR_CONFIG_KEYS } from '../src/idp-config.js';

import { STANDARD_SCOPES } from '../src/okta/scopes.js';

/** Okta's grant types an app may have. */
export const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
] as const;

/** Server ids the emulator reserves: `org` names the ORG server, `v1` is the ORG server's path. */
const RESERVED_SERVER_IDS = new Set(['org', 'v1']);

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
  grantTypes: string[];
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

/** Okta's baseline: what a fresh developer org with one OIDC web app looks like. */
export const BASELINE: Readonly<EmulatorConfig> = deepFreeze({
  orgId: '00o1okta0emulator0z7',
  servers: {
    default: {
      audience: 'api://default',
      scopes: [],
      defaultScopes: [],
      claims: [],
      accessTokenLifetimeSeconds: 3600,
      policyAllows: true,
    },
  },
  app: {
    clientId: '0oa1okta0emulator0z7',
    clientSecret: 'emulator-client-secret-0123456789abcdefABCDEF',
    public: false,
    redirectUris: ['http://localhost:8080/authorization-code/callback'],
    postLogoutRedirectUris: ['http://localhost:8080'],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
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
});

/** Bad configuration: the message names the field and what was expected. */
export class ConfigError extends Error {
  readonly code = 'INVALID_EMULATOR_CONFIG';
  constructor(
    readonly field: string,
    expected: string,
  ) {
    super(`invalid emulator configuration: ${field}: ${expected}`);
    this.name = 'ConfigError';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
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
      scopes: [...(merged.scopes ?? [])],
      defaultScopes: [...(merged.defaultScopes ?? [])],
      claims: (merged.claims ?? []).map((c) => ({ ...c })),
      accessTokenLifetimeSeconds: merged.accessTokenLifetimeSeconds ?? 3600,
      policyAllows: merged.policyAllows ?? true,
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
    clockOffsetSeconds: delta.clockOffsetSeconds ?? 0,
    rotateKeys: delta.rotateKeys ? { dropOldKey: !!delta.rotateKeys.dropOldKey } : undefined,
    orgOAuthMetadata: delta.orgOAuthMetadata ?? base.orgOAuthMetadata!,
    orgAccessTokenVerifiable: delta.orgAccessTokenVerifiable ?? base.orgAccessTokenVerifiable!,
    accessTokenSubject: delta.accessTokenSubject ?? base.accessTokenSubject!,
    apiToken: delta.apiToken ?? base.apiToken!,
    tooManyGroups: delta.tooManyGroups ?? 'error',
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
// Validation: shape of the delta first (types), then the merged result (cross-field rules).

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string' && v.length > 0;
const isBool: Check = (v) => typeof v === 'boolean';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isStringArray: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);

function field(
  obj: Record<string, unknown>,
  path: string,
  key: string,
  check: Check,
  expected: string,
) {
  if (obj[key] !== undefined && !check(obj[key])) throw new ConfigError(`${path}${key}`, expected);
}

function unknownKeys(obj: Record<string, unknown>, path: string, known: string[]) {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key))
      throw new ConfigError(`${path}${key}`, `unknown field (known: ${known.join(', ')})`);
  }
}

function validateDelta(delta: unknown): asserts delta is EmulatorConfig {
  if (!isObject(delta)) throw new ConfigError('(root)', 'expected an object');
  unknownKeys(delta, '', [...EMULATOR_CONFIG_KEYS]);
  field(delta, '', 'orgId', isString, 'expected a non-empty string (Okta org id, 00o…)');
  field(delta, '', 'codeFlowIdToken', oneOf('thin', 'fat'), 'expected "thin" or "fat"');
  field(
    delta,
    '',
    'signInWidget',
    oneOf('identity-engine', 'classic'),
    'expected "identity-engine" or "classic"',
  );
  field(delta, '', 'clockOffsetSeconds', isNumber, 'expected a number of seconds');
  field(delta, '', 'orgOAuthMetadata', isBool, 'expected true or false');
  field(delta, '', 'orgAccessTokenVerifiable', isBool, 'expected true or false');
  field(delta, '', 'accessTokenSubject', oneOf('login', 'id'), 'expected "login" or "id"');
  field(delta, '', 'apiToken', isString, 'expected a non-empty string');
  field(
    delta,
    '',
    'tooManyGroups',
    (v) => v === 'error' || v === 'truncate',
    'expected error or truncate',
  );
  if (delta.rotateKeys !== undefined) {
    if (!isObject(delta.rotateKeys))
      throw new ConfigError('rotateKeys', 'expected an object, e.g. {}');
    unknownKeys(delta.rotateKeys, 'rotateKeys.', ['dropOldKey']);
    field(delta.rotateKeys, 'rotateKeys.', 'dropOldKey', isBool, 'expected true or false');
  }
  if (delta.servers !== undefined) {
    if (!isObject(delta.servers))
      throw new ConfigError('servers', 'expected an object keyed by server id');
    for (const [id, server] of Object.entries(delta.servers)) {
      const p = `servers.${id}.`;
      if (RESERVED_SERVER_IDS.has(id) || !/^[A-Za-z0-9_-]+$/.test(id))
        throw new ConfigError(
          `servers.${id}`,
          'a server id is letters, digits, - or _, and not "org" or "v1"',
        );
      if (!isObject(server)) throw new ConfigError(`servers.${id}`, 'expected an object');
      unknownKeys(server, p, [
        'audience',
        'scopes',
        'defaultScopes',
        'claims',
        'accessTokenLifetimeSeconds',
        'policyAllows',
      ]);
      field(server, p, 'audience', isString, 'expected a non-empty string (e.g. api://default)');
      field(server, p, 'scopes', isStringArray, 'expected a list of scope names');
      field(server, p, 'defaultScopes', isStringArray, 'expected a list of scope names');
      field(server, p, 'policyAllows', isBool, 'expected true or false');
      field(
        server,
        p,
        'accessTokenLifetimeSeconds',
        (v) => isNumber(v) && Number.isInteger(v) && (v as number) > 0,
        'expected a positive whole number of seconds',
      );
      if (server.claims !== undefined) {
        if (!Array.isArray(server.claims))
          throw new ConfigError(`${p}claims`, 'expected a list of claims');
        server.claims.forEach((claim, i) => validateClaim(claim, `${p}claims[${i}].`));
      }
    }
  }
  if (delta.app !== undefined) {
    if (!isObject(delta.app)) throw new ConfigError('app', 'expected an object');
    const a = delta.app;
    unknownKeys(a, 'app.', [
      'clientId',
      'clientSecret',
      'public',
      'redirectUris',
      'postLogoutRedirectUris',
      'grantTypes',
      'responseTypes',
      'assignedUsers',
      'pkceRequired',
      'refreshTokens',
      'applicationType',
      'refreshTokenRotation',
      'groupsFilter',
    ]);
    field(a, 'app.', 'clientId', isString, 'expected a non-empty string');
    field(a, 'app.', 'clientSecret', isString, 'expected a non-empty string');
    field(a, 'app.', 'public', isBool, 'expected true or false');
    field(a, 'app.', 'redirectUris', isStringArray, 'expected a list of absolute URLs');
    field(a, 'app.', 'postLogoutRedirectUris', isStringArray, 'expected a list of absolute URLs');
    field(
      a,
      'app.',
      'grantTypes',
      (v) =>
        isStringArray(v) &&
        (v as string[]).every((g) => (GRANT_TYPES as readonly string[]).includes(g)),
      `expected a list of ${GRANT_TYPES.join(', ')}`,
    );
    field(
      a,
      'app.',
      'responseTypes',
      (v) =>
        isStringArray(v) &&
        (v as string[]).every((t) =>
          t.split(/\s+/).every((p) => ['code', 'id_token', 'token'].includes(p)),
        ),
      'expected a list of response types made of code, id_token, token',
    );
    field(a, 'app.', 'assignedUsers', isStringArray, 'expected a list of user logins');
    field(a, 'app.', 'pkceRequired', isBool, 'expected true or false');
    field(a, 'app.', 'refreshTokens', isBool, 'expected true or false');
    field(
      a,
      'app.',
      'refreshTokenRotation',
      (v) => v === 'rotate' || v === 'persistent',
      'expected rotate or persistent',
    );
    field(
      a,
      'app.',
      'applicationType',
      (v) => v === 'web' || v === 'service',
      'expected web or service',
    );
    field(
      a,
      'app.',
      'groupsFilter',
      (v) =>
        isObject(v) &&
        ['startsWith', 'equals', 'contains', 'matches'].includes(String(v.type)) &&
        isString(v.value),
      'expected { type: startsWith | equals | contains | matches, value: text }',
    );
    for (const key of ['redirectUris', 'postLogoutRedirectUris'] as const) {
      (a[key] as string[] | undefined)?.forEach((uri, i) => {
        if (!URL.canParse(uri))
          throw new ConfigError(`app.${key}[${i}]`, `expected an absolute URL, got "${uri}"`);
      });
    }
  }
  if (delta.users !== undefined) {
    if (!Array.isArray(delta.users) || delta.users.length === 0)
      throw new ConfigError('users', 'expected a non-empty list of users');
    delta.users.forEach((user, i) => {
      const p = `users[${i}].`;
      if (!isObject(user)) throw new ConfigError(`users[${i}]`, 'expected an object');
      unknownKeys(user, p, [
        'id',
        'login',
        'password',
        'email',
        'emailVerified',
        'givenName',
        'familyName',
        'profile',
        'groups',
        'totpSecret',
        'pushOnly',
      ]);
      if (!isString(user.login))
        throw new ConfigError(`${p}login`, 'expected a non-empty string (the Okta login)');
      field(user, p, 'id', isString, 'expected a non-empty string (00u…)');
      field(user, p, 'password', isString, 'expected a non-empty string');
      field(user, p, 'email', isString, 'expected an email address');
      field(user, p, 'emailVerified', isBool, 'expected true or false');
      field(user, p, 'givenName', isString, 'expected a string');
      field(user, p, 'familyName', isString, 'expected a string');
      field(user, p, 'profile', isObject, 'expected an object of profile attributes');
      field(user, p, 'groups', isStringArray, 'expected a list of group names');
      field(
        user,
        p,
        'totpSecret',
        (v) => isString(v) && /^[A-Z2-7]+=*$/i.test(v as string),
        'expected a base32 TOTP secret (letters A-Z and digits 2-7)',
      );
      field(user, p, 'pushOnly', isBool, 'expected true or false');
    });
  }
}

function validateClaim(claim: unknown, p: string) {
  if (!isObject(claim)) throw new ConfigError(p.slice(0, -1), 'expected an object');
  unknownKeys(claim, p, ['name', 'value', 'tokenType', 'alwaysIncludeInToken', 'scopes']);
  if (!isString(claim.name)) throw new ConfigError(`${p}name`, 'expected a non-empty string');
  const v = claim.value;
  if (!(
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    isStringArray(v)
  ))
    throw new ConfigError(`${p}value`, 'expected a string, number, boolean or list of strings');
  field(
    claim,
    p,
    'tokenType',
    oneOf('id_token', 'access_token'),
    'expected "id_token" or "access_token"',
  );
  field(claim, p, 'alwaysIncludeInToken', isBool, 'expected true or false');
  field(claim, p, 'scopes', isStringArray, 'expected a list of scope names');
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
