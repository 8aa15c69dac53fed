/**
 * The `httpd.conf` and the protected page of the Apache relying party: Debian's `apache2` with
 * `libapache2-mod-auth-openidc`, loading only the modules it needs, every path inside its own
 * temporary directory, listening on 127.0.0.1 only. Directive meanings are those of the
 * module's reference (Debian: /etc/apache2/mods-available/auth_openidc.conf).
 */

/** Where Debian installs Apache's modules. */
export const APACHE_MODULES_DIR = '/usr/lib/apache2/modules';

/** The modules loaded, each for one reason (core, log_config and unixd are compiled in). */
export const APACHE_MODULES = [
  // A few single-threaded workers: a browser's idle preconnected socket must not stall the page.
  ['mpm_prefork_module', 'mod_mpm_prefork.so'],
  ['authn_core_module', 'mod_authn_core.so'],
  ['authz_core_module', 'mod_authz_core.so'],
  // `Require valid-user` on the protected location (`Require claim` is mod_auth_openidc's own).
  ['authz_user_module', 'mod_authz_user.so'],
  ['auth_openidc_module', 'mod_auth_openidc.so'],
  // The protected page is an SSI page echoing REMOTE_USER and OIDC_CLAIM_* (no CGI).
  ['include_module', 'mod_include.so'],
  ['mime_module', 'mod_mime.so'],
  ['dir_module', 'mod_dir.so'],
  // Sets X-Remote-User on protected answers, so an API client sees who was accepted.
  ['headers_module', 'mod_headers.so'],
] as const;

/** Everything the generated configuration depends on. */
export interface ApacheConfigInput {
  /** The temporary ServerRoot holding the config, logs, pid file and document root. */
  dir: string;
  port: number;
  /** The OpenID provider's discovery document URL. */
  metadataUrl: string;
  clientId: string;
  clientSecret: string;
  /** Random per start: encrypts mod_auth_openidc's state and session cookies. */
  cryptoPassphrase: string;
  scope: string;
  /** The claim that becomes REMOTE_USER (`OIDCRemoteUserClaim`). */
  remoteUserClaim: string;
  /** Claims `Require claim` demands on the RP page, `name:value` each. */
  requireClaimValues: string[];
  /** Unprivileged user and group the worker drops to when Apache starts as root. */
  runAs?: { user: string; group: string };
  /**
   * The bearer API at `/api/` (`AuthType oauth20`): `kid#file` pairs of the provider's public
   * keys as PEM files (the module refuses an http `OIDCOAuthVerifyJwksUri`), and the `aud` and
   * `iss` it demands.
   */
  bearer?: { keyFiles: string[]; audience: string; issuer: string };
}

/** The path mod_auth_openidc answers the authorization response on (inside the protected tree). */
export const REDIRECT_PATH = '/protected/redirect_uri';

/** Renders `httpd.conf`. Values are quoted; the inputs come from the suite, not from users. */
export function renderApacheConfig(c: ApacheConfigInput): string {
  const base = `http://127.0.0.1:${c.port}`;
  const lines = [
    `# Generated for one run; Apache is started with -DFOREGROUND -f on this file, never as a system service.`,
    `ServerRoot ${q(c.dir)}`,
    `PidFile ${q(`${c.dir}/httpd.pid`)}`,
    `DefaultRuntimeDir ${q(c.dir)}`,
    `ErrorLog ${q(`${c.dir}/error.log`)}`,
    // info shows the module's reasons; debug would log token contents, which must not be kept.
    `LogLevel warn auth_openidc:info`,
    `LogFormat "%h %t \\"%r\\" %>s %b" short`,
    `CustomLog ${q(`${c.dir}/access.log`)} short`,
    `Listen 127.0.0.1:${c.port}`,
    `ServerName 127.0.0.1:${c.port}`,
    // Started in the foreground (-DFOREGROUND) with a handful of workers sharing the module's shm
    // cache; no keep-alive, so stopping never waits for an idle browser socket.
    `StartServers 2`,
    `MinSpareServers 1`,
    `MaxSpareServers 4`,
    `MaxRequestWorkers 8`,
    `KeepAlive Off`,
    `Timeout 20`,
    ...APACHE_MODULES.map(
      ([name, file]) => `LoadModule ${name} ${q(`${APACHE_MODULES_DIR}/${file}`)}`,
    ),
    ...(c.runAs ? [`User ${c.runAs.user}`, `Group ${c.runAs.group}`] : []),
    `DocumentRoot ${q(`${c.dir}/htdocs`)}`,
    `TypesConfig /dev/null`,
    `AddType text/html .shtml`,
    `AddOutputFilter INCLUDES .shtml`,
    `DirectoryIndex index.shtml`,
    `<Directory ${q(`${c.dir}/htdocs`)}>`,
    `  Options +Includes`,
    `  Require all granted`,
    `</Directory>`,
    ``,
    `OIDCProviderMetadataURL ${q(c.metadataUrl)}`,
    // Loopback http, no certificate to validate; the module accepts http URLs (it only checks the scheme is http or https).
    `OIDCSSLValidateServer Off`,
    `OIDCClientID ${q(c.clientId)}`,
    `OIDCClientSecret ${q(c.clientSecret)}`,
    `OIDCRedirectURI ${q(`${base}${REDIRECT_PATH}`)}`,
    `OIDCCryptoPassphrase ${q(c.cryptoPassphrase)}`,
    `OIDCScope ${q(c.scope)}`,
    `OIDCRemoteUserClaim ${c.remoteUserClaim}`,
    // Okta requires PKCE for public clients and accepts it for all: the usual setting.
    `OIDCPKCEMethod S256`,
    // Claims reach the SSI page as environment variables only; headers would echo them to the client.
    `OIDCPassClaimsAs environment`,
    ``,
    `<Location /protected/>`,
    `  AuthType openid-connect`,
    ...(c.requireClaimValues.length > 0
      ? c.requireClaimValues.map((v) => `  Require claim ${v}`)
      : [`  Require valid-user`]),
    `  Header always set X-Remote-User "%{REMOTE_USER}e" "expr=-n %{REMOTE_USER}"`,
    `</Location>`,
  ];
  if (c.bearer) {
    lines.push(
      ``,
      `OIDCOAuthVerifyCertFiles ${c.bearer.keyFiles.map(q).join(' ')}`,
      `OIDCOAuthRemoteUserClaim sub`,
      `<Location /api/>`,
      `  AuthType oauth20`,
      // The module checks the signature and expiry itself; audience and issuer are asked here.
      `  <RequireAll>`,
      `    Require claim ${q(`aud:${c.bearer.audience}`)}`,
      `    Require claim ${q(`iss:${c.bearer.issuer}`)}`,
      `  </RequireAll>`,
      `  ForceType application/json`,
      `</Location>`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * The protected page: who signed in and the claims the RP received, via mod_include's `echo`
 * (HTML-escaped by default). Never the tokens themselves.
 */
export const PROTECTED_PAGE = `<!DOCTYPE html>
<html><head><title>Protected by mod_auth_openidc</title></head>
<body>
<h1>Signed in</h1>
<dl>
<dt>REMOTE_USER</dt><dd id="remote-user"><!--#echo var="REMOTE_USER" --></dd>
<dt>sub</dt><dd id="claim-sub"><!--#echo var="OIDC_CLAIM_sub" --></dd>
<dt>email</dt><dd id="claim-email"><!--#echo var="OIDC_CLAIM_email" --></dd>
<dt>preferred_username</dt><dd id="claim-preferred_username"><!--#echo var="OIDC_CLAIM_preferred_username" --></dd>
<dt>iss</dt><dd id="claim-iss"><!--#echo var="OIDC_CLAIM_iss" --></dd>
<dt>aud</dt><dd id="claim-aud"><!--#echo var="OIDC_CLAIM_aud" --></dd>
</dl>
</body></html>
`;

/** The bearer API's answer: the user mod_auth_openidc accepted (`sub` of the access token). */
export const API_PAGE = `{"sub":"<!--#echo var="REMOTE_USER" encoding="none" -->"}\n`;

/** A double-quoted directive argument (the value is not echoed: it may be the client secret). */
function q(value: string): string {
  if (/["\\\r\n]/.test(value)) {
    throw new Error(
      'Apache configuration values must not contain quotes, backslashes or line breaks',
    );
  }
  return `"${value}"`;
}
