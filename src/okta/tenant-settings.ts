/**
 * The settings of a real Okta tenant, read from the environment (interface.md "Real Okta and real
 * SP"). A missing or malformed variable is an error that names it; a secret's value never appears
 * in a message.
 */
import { HarnessError } from '../errors.js';
import { isLoopbackHost } from '../net/loopback.js';

/** The variables a real-tenant run needs (interface.md "Real Okta and real SP"). */
export const OKTA_REQUIRED_VARIABLES = [
  'OKTA_DOMAIN',
  'OKTA_CLIENT_ID',
  'OKTA_REDIRECT_URI',
  'OKTA_USERNAME',
  'OKTA_PASSWORD',
] as const;

/** Variables whose values are secrets: never printed. */
export const OKTA_SECRET_VARIABLES = [
  'OKTA_CLIENT_SECRET',
  'OKTA_PASSWORD',
  'OKTA_API_TOKEN',
  'OKTA_TOTP_SECRET',
] as const;

/** A real tenant's settings, validated. */
export interface OktaTenantSettings {
  /** The org URL, `https://dev-1.okta.com` (or `http://127.0.0.1:PORT` for a local stand-in). */
  orgUrl: string;
  clientId: string;
  /** Absent: a public client (PKCE only). */
  clientSecret?: string;
  /** Where Okta sends the browser back; the local callback listener answers on its port and path. */
  redirectUri: string;
  username: string;
  password: string;
  /** `org`, `default` or a custom authorization server id. Default `default`. */
  authServer: string;
  /** An Okta API token for the System Log. */
  apiToken?: string;
  /** The test user's TOTP factor (base32), when the sign-on policy asks for a second factor. */
  totpSecret?: string;
}

/** A variable missing or malformed: `variable` names it. */
export class OktaSettingsError extends HarnessError<'OKTA_SETTINGS'> {
  readonly code = 'OKTA_SETTINGS';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'OktaSettingsError';
  }
}

/**
 * Normalises an Okta domain to its org URL: `dev-1.okta.com` and `https://dev-1.okta.com/` give
 * `https://dev-1.okta.com`; `http://` is accepted for loopback hosts only (a local stand-in).
 */
export function orgUrlOf(domain: string, variable = 'OKTA_DOMAIN'): string {
  const value = domain.trim();
  if (value === '') throw new OktaSettingsError(variable, 'is empty; expected e.g. dev-1.okta.com');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new OktaSettingsError(
      variable,
      `"${value}" is not a domain or URL; expected e.g. dev-1.okta.com or https://dev-1.okta.com`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new OktaSettingsError(
      variable,
      `"${value}" must be https (http is accepted for 127.0.0.1/localhost only)`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new OktaSettingsError(
      variable,
      `"${value}" must be the org URL alone, without a path (for a custom authorization server set OKTA_AUTH_SERVER)`,
    );
  }
  if (url.username || url.password) {
    throw new OktaSettingsError(variable, 'must not carry user info');
  }
  return url.origin;
}

/** Checks an authorization server reference: `org`, `default` or an id (letters and digits). */
export function checkAuthServer(value: string, variable = 'OKTA_AUTH_SERVER'): string {
  const v = value.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(v)) {
    throw new OktaSettingsError(
      variable,
      `"${v}" is not an authorization server; expected org, default or a server id such as aus1a2b3c4d5e6f7g8h9`,
    );
  }
  return v;
}

/** Checks a redirect URI: an absolute http(s) URL. */
export function checkRedirectUri(value: string, variable = 'OKTA_REDIRECT_URI'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OktaSettingsError(
      variable,
      `"${value}" is not an absolute URL; expected e.g. http://localhost:8080/authorization-code/callback`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OktaSettingsError(variable, `"${value}" must be an http(s) URL`);
  }
  return url.href;
}

/** The names of required variables that are unset or empty. */
export function missingOktaVariables(env: Record<string, string | undefined>): string[] {
  return OKTA_REQUIRED_VARIABLES.filter((name) => !env[name]?.trim());
}

/** Reads and checks the tenant's settings. Throws {@link OktaSettingsError}. */
export function readOktaSettings(
  env: Record<string, string | undefined> = process.env,
): OktaTenantSettings {
  const missing = missingOktaVariables(env);
  if (missing.length > 0) {
    throw new OktaSettingsError(
      missing[0] as string,
      `is not set (a real tenant needs ${missing.join(', ')}; see README "Running against real Okta")`,
    );
  }
  const get = (name: string) => env[name]?.trim() || undefined;
  const settings: OktaTenantSettings = {
    orgUrl: orgUrlOf(get('OKTA_DOMAIN') as string),
    clientId: get('OKTA_CLIENT_ID') as string,
    redirectUri: checkRedirectUri(get('OKTA_REDIRECT_URI') as string),
    username: get('OKTA_USERNAME') as string,
    // A password may legitimately start or end with a space: not trimmed.
    password: env.OKTA_PASSWORD as string,
    authServer: checkAuthServer(get('OKTA_AUTH_SERVER') ?? 'default'),
  };
  if (/\s/.test(settings.clientId)) {
    throw new OktaSettingsError('OKTA_CLIENT_ID', 'must not contain spaces');
  }
  const secret = env.OKTA_CLIENT_SECRET;
  if (secret) settings.clientSecret = secret;
  const apiToken = get('OKTA_API_TOKEN');
  if (apiToken) settings.apiToken = apiToken;
  const totpSecret = get('OKTA_TOTP_SECRET')?.replace(/\s+/g, '');
  if (totpSecret) {
    if (!/^[A-Za-z2-7]+=*$/.test(totpSecret)) {
      throw new OktaSettingsError(
        'OKTA_TOTP_SECRET',
        'is not a base32 TOTP secret (letters A-Z and digits 2-7, as Okta shows it when the factor is enrolled)',
      );
    }
    settings.totpSecret = totpSecret;
  }
  return settings;
}

/** The values a report must never show. */
export function tenantSecrets(settings: OktaTenantSettings): string[] {
  return [settings.clientSecret, settings.password, settings.apiToken, settings.totpSecret].filter(
    (s): s is string => !!s,
  );
}
