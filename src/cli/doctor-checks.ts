/**
 * The checks of `oidc-harness doctor`: what a new user gets wrong first with an Okta tenant
 * (okta-behavior.md sections 1, 3, 4 and 7) — domain reachable, server kind and issuer, discovery
 * documents, redirect URI registered, scopes allowed, the access token's audience, the ID token's
 * claims — and what tokens an SP will receive, with the SP settings that accept them. No sign-in:
 * Okta answers a bad redirect URI with its own 400 page and a bad scope with `invalid_scope`
 * before it shows the sign-in page.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  DiscoveryError,
  discoverServer,
  discoveryUrl,
  getJson,
  oauthMetadataUrl,
  type DiscoveredServer,
} from '../okta/tenant-discovery.js';
import { translateAuthorizeError } from '../diagnosis/translate/index.js';
import {
  ID_TOKEN_BASE_CLAIMS,
  OKTA_DEFINED_SCOPES,
  ORG_THIN_KEEPS,
  claimsOfScope,
} from '../okta/scopes.js';
import { clientCredentialsCheck, secondFactorCheck } from './doctor-flows.js';

/** What doctor looks at. */
export interface DoctorTarget {
  orgUrl: string;
  clientId: string;
  /** `org`, `default` or a custom server id. */
  server: string;
  redirectUri?: string;
  scopes: string[];
  /** Used only to read a custom server's audience (`GET /api/v1/authorizationServers/{id}`). */
  apiToken?: string;
  /** Used only to ask for a client-credentials token (a service app); never shown. */
  clientSecret?: string;
  /** The test user's TOTP secret, checked for shape; never shown. */
  totpSecret?: string;
}

/** The outcome of one check. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check, printed as ✓/✗ with its evidence and, when it failed, the fix. */
export interface DoctorCheck {
  id:
    | 'domain'
    | 'server'
    | 'discovery'
    | 'redirect_uri'
    | 'scopes'
    | 'audience'
    | 'id_token_claims'
    | 'client_credentials'
    | 'second_factor';
  status: CheckStatus;
  title: string;
  evidence: string;
  fix?: string;
}

/** What a token an SP receives will carry. */
export interface ReceivedToken {
  issuer: string;
  audience: string;
  /** What the token is for: an SP must expect this kind. */
  tokenUse: 'id_token' | 'access_token';
  /** Who the token names, and in which claim. */
  userClaim: string;
  note: string;
}

/** What doctor found. */
export interface DoctorResult {
  target: DoctorTarget & { kind?: 'org' | 'custom'; issuer?: string; jwksUri?: string };
  checks: DoctorCheck[];
  /** What an SP will receive (absent when discovery failed). */
  receive?: {
    id_token: ReceivedToken & { claims: { fat: string[]; thin: string[] } };
    access_token: ReceivedToken;
  };
  /** SP settings that accept the tokens, one line each. */
  spSettings: string[];
  /** No check failed. */
  ok: boolean;
}

const b64url = (b: Buffer) => b.toString('base64url');

/** An /authorize request doctor sends without following its redirect. */
async function authorizeProbe(
  endpoint: string,
  target: DoctorTarget,
  scopes: string[],
): Promise<{ status: number; location?: URL; body: string }> {
  const verifier = b64url(randomBytes(32));
  const url = new URL(endpoint);
  const p = url.searchParams;
  p.set('client_id', target.clientId);
  p.set('redirect_uri', target.redirectUri as string);
  p.set('response_type', 'code');
  p.set('scope', scopes.join(' '));
  p.set('state', b64url(randomBytes(12)));
  p.set('nonce', b64url(randomBytes(12)));
  p.set('code_challenge', b64url(createHash('sha256').update(verifier).digest()));
  p.set('code_challenge_method', 'S256');
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const body = (await res.text().catch(() => '')).slice(0, 64 * 1024);
  const loc = res.headers.get('location');
  return { status: res.status, ...(loc ? { location: new URL(loc, url) } : {}), body };
}

/** Where the redirect went: back to the redirect URI (with its parameters), or elsewhere. */
function backAtRedirect(
  location: URL | undefined,
  redirectUri: string,
): URLSearchParams | undefined {
  if (!location) return undefined;
  const r = new URL(redirectUri);
  if (location.origin !== r.origin || location.pathname !== r.pathname) return undefined;
  const params = new URLSearchParams(location.search);
  if (location.hash)
    for (const [k, v] of new URLSearchParams(location.hash.slice(1))) params.set(k, v);
  return params;
}

const plain = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** Runs every check against the target. Never throws for what the tenant answers. */
export async function runDoctor(target: DoctorTarget): Promise<DoctorResult> {
  const checks: DoctorCheck[] = [];
  const result: DoctorResult = { target: { ...target }, checks, spSettings: [], ok: false };
  delete result.target.apiToken;
  delete result.target.clientSecret;
  delete result.target.totpSecret;
  const finish = () => {
    result.ok = checks.every((c) => c.status !== 'fail');
    return result;
  };

  // 1. Domain reachable: any HTTP answer will do.
  const orgDoc = discoveryUrl(target.orgUrl, 'org');
  let orgAnswer: { status: number; body: unknown };
  try {
    orgAnswer = await getJson(orgDoc);
    checks.push({
      id: 'domain',
      status: 'pass',
      title: `domain ${target.orgUrl} reachable`,
      evidence: `GET ${orgDoc} → HTTP ${orgAnswer.status}`,
    });
  } catch (err) {
    checks.push({
      id: 'domain',
      status: 'fail',
      title: `domain ${target.orgUrl} reachable`,
      evidence: (err as Error).message,
      fix: 'Set OKTA_DOMAIN (or --domain) to your org, e.g. dev-123456.okta.com, as shown in the Okta Admin Console’s top-right menu.',
    });
    return finish();
  }

  // 2. Server kind and issuer.
  let server: DiscoveredServer;
  const kindName = target.server === 'org' ? 'ORG' : `custom ("${target.server}")`;
  try {
    server = await discoverServer(target.orgUrl, target.server);
    checks.push({
      id: 'server',
      status: 'pass',
      title: `${kindName} authorization server, issuer ${server.issuer}`,
      evidence: `GET ${server.url} → issuer ${server.issuer}`,
    });
  } catch (err) {
    checks.push({
      id: 'server',
      status: 'fail',
      title: `${kindName} authorization server`,
      evidence: (err as Error).message,
      fix:
        err instanceof DiscoveryError && err.code === 'not_found' && target.server !== 'org'
          ? 'Use OKTA_AUTH_SERVER=org, or create the server in Okta Admin → Security → API → Authorization Servers (needs API Access Management).'
          : 'Check OKTA_DOMAIN and OKTA_AUTH_SERVER.',
    });
    return finish();
  }
  result.target.kind = server.kind;
  result.target.issuer = server.issuer;
  if (server.document.jwks_uri) result.target.jwksUri = server.document.jwks_uri;

  // 3. Discovery documents: OIDC, and the OAuth metadata (the ORG server may lack it).
  const metaUrl = oauthMetadataUrl(target.orgUrl, target.server);
  const meta = await getJson(metaUrl).catch(() => ({ status: 0, body: undefined }));
  const metaOk = meta.status === 200;
  checks.push({
    id: 'discovery',
    status: metaOk || server.kind === 'org' ? 'pass' : 'fail',
    title: 'discovery documents',
    evidence:
      `GET ${server.url} → 200; GET ${metaUrl} → ${meta.status || 'no answer'}` +
      (!metaOk && server.kind === 'org'
        ? ' (Okta’s docs disagree on whether the ORG server serves oauth-authorization-server: use openid-configuration)'
        : ''),
    ...(!metaOk && server.kind !== 'org'
      ? { fix: 'Read the OIDC document (.well-known/openid-configuration) instead.' }
      : {}),
  });

  // 4. Redirect URI registered, then 5. scopes allowed — both from /authorize, no sign-in.
  const endpoint = server.document.authorization_endpoint;
  let redirectOk = false;
  if (!target.redirectUri || !endpoint) {
    checks.push({
      id: 'redirect_uri',
      status: 'skip',
      title: 'redirect URI registered',
      evidence: endpoint
        ? 'no redirect URI given'
        : 'the discovery document has no authorization_endpoint',
      fix: 'Set OKTA_REDIRECT_URI (or --redirect-uri) to the Sign-in redirect URI of the app.',
    });
  } else {
    const probe = await authorizeProbe(endpoint, target, ['openid']).catch((err: Error) => err);
    if (probe instanceof Error) {
      checks.push({
        id: 'redirect_uri',
        status: 'fail',
        title: 'redirect URI registered',
        evidence: `GET ${endpoint} failed: ${probe.message}`,
      });
    } else {
      const text = plain(probe.body);
      const back = backAtRedirect(probe.location, target.redirectUri);
      // Okta's 400 page read through the one translation table, not by its words here.
      const said = probe.status === 400 ? translateAuthorizeError('', text) : [];
      if (said.some((t) => t.code === 'redirect_uri_not_registered')) {
        checks.push({
          id: 'redirect_uri',
          status: 'fail',
          title: `redirect URI ${target.redirectUri} registered`,
          evidence: `/authorize answered Okta’s 400 page: ${text.slice(0, 300)}`,
          fix: `Add ${target.redirectUri} to the app’s Sign-in redirect URIs (Okta Admin → Applications → the app → General → Login), or use one already there.`,
        });
      } else if (said.some((t) => t.claim === 'client_id')) {
        checks.push({
          id: 'redirect_uri',
          status: 'fail',
          title: 'redirect URI registered',
          evidence: `/authorize does not know client id ${target.clientId}: ${text.slice(0, 300)}`,
          fix: 'Set OKTA_CLIENT_ID to the app’s Client ID (Applications → the app → General → Client Credentials).',
        });
      } else if (probe.status >= 400) {
        checks.push({
          id: 'redirect_uri',
          status: 'fail',
          title: 'redirect URI registered',
          evidence: `/authorize answered HTTP ${probe.status}: ${text.slice(0, 300)}`,
        });
      } else {
        redirectOk = true;
        checks.push({
          id: 'redirect_uri',
          status: 'pass',
          title: `redirect URI ${target.redirectUri} registered`,
          evidence: back
            ? `/authorize redirected back to it${back.get('error') ? ` (error=${back.get('error')})` : ''}`
            : `/authorize answered HTTP ${probe.status}${probe.location ? ` → ${probe.location.origin}${probe.location.pathname}` : ''} (the sign-in page)`,
        });
      }
    }
  }
  if (!redirectOk || !endpoint) {
    checks.push({
      id: 'scopes',
      status: 'skip',
      title: `scopes ${target.scopes.join(' ')} allowed`,
      evidence: 'needs a registered redirect URI to read /authorize’s answer',
    });
  } else {
    const probe = await authorizeProbe(endpoint, target, target.scopes).catch((err: Error) => err);
    const back =
      probe instanceof Error ? undefined : backAtRedirect(probe.location, target.redirectUri!);
    const error = back?.get('error');
    const custom = target.scopes.filter(
      (s) => !OKTA_DEFINED_SCOPES.has(s) && !s.startsWith('okta.'),
    );
    if (probe instanceof Error) {
      checks.push({
        id: 'scopes',
        status: 'fail',
        title: 'scopes allowed',
        evidence: probe.message,
      });
    } else if (error) {
      const description = back?.get('error_description') ?? '';
      checks.push({
        id: 'scopes',
        status: 'fail',
        title: `scopes ${target.scopes.join(' ')} allowed`,
        evidence: `/authorize redirected back with ${error}: ${description}`,
        fix:
          server.kind === 'org' && custom.length > 0
            ? `The ORG server has no custom scopes (${custom.join(', ')}): use a custom authorization server that defines them (OKTA_AUTH_SERVER=default or its id).`
            : error === 'invalid_scope'
              ? `Define the scope on the authorization server (Security → API → ${target.server} → Scopes) and allow it in an access policy rule.`
              : 'See the error description; the app or access policy refuses the request.',
      });
    } else {
      checks.push({
        id: 'scopes',
        status: 'pass',
        title: `scopes ${target.scopes.join(' ')} allowed`,
        evidence: `/authorize with them answered HTTP ${probe.status} without an error (Okta checks scopes before the sign-in page)`,
      });
    }
  }

  // 6. The access token's audience.
  let audience: string;
  let audienceStatus: CheckStatus = 'pass';
  let audienceEvidence: string;
  let audienceFix: string | undefined;
  if (server.kind === 'org') {
    // Not a ✓: an ORG access token is no access token for the SP's API at all.
    audience = target.orgUrl;
    audienceStatus = 'skip';
    audienceEvidence = `ORG server access tokens have aud = the org URL (${audience}); they are for Okta’s own APIs only, and no third-party API should accept them`;
    audienceFix = `For an API, use a custom authorization server (API Access Management), e.g. ${target.orgUrl}/oauth2/default (--auth-server default), and set its audience to the API’s (Okta Admin → Security → API → Authorization Servers → default → Settings → Audience).`;
  } else if (target.server === 'default') {
    audience = 'api://default';
    audienceEvidence =
      'the built-in default server’s audience is api://default unless changed in its Settings';
  } else {
    audience = '(the server’s Audience setting)';
    audienceStatus = 'skip';
    audienceEvidence = 'a custom server’s audience is not in its discovery document';
    if (target.apiToken) {
      const r = await fetch(`${target.orgUrl}/api/v1/authorizationServers/${target.server}`, {
        headers: { authorization: `SSWS ${target.apiToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      const body = r?.ok
        ? ((await r.json().catch(() => undefined)) as { audiences?: string[] })
        : undefined;
      if (body?.audiences?.[0]) {
        audience = body.audiences[0];
        audienceStatus = 'pass';
        audienceEvidence = `GET /api/v1/authorizationServers/${target.server} → audiences ${body.audiences.join(', ')}`;
      }
    }
  }
  checks.push({
    id: 'audience',
    status: audienceStatus,
    title: `access token audience: ${audience}`,
    evidence: audienceEvidence,
    ...(audienceFix
      ? { fix: audienceFix }
      : audienceStatus === 'skip'
        ? {
            fix: `Read it in Okta Admin → Security → API → ${target.server} → Settings → Audience (or set OKTA_API_TOKEN).`,
          }
        : {}),
  });

  // 7. The ID token's claims for the scopes: fat (alone) and thin (issued with an access token).
  const scopeClaims = target.scopes.flatMap((s) => claimsOfScope(s));
  const fat = [...ID_TOKEN_BASE_CLAIMS, 'nonce', ...scopeClaims];
  const thin = [
    ...ID_TOKEN_BASE_CLAIMS,
    'nonce',
    ...(server.kind === 'org' ? scopeClaims.filter((c) => ORG_THIN_KEEPS.includes(c)) : []),
  ];
  const hasOpenid = target.scopes.includes('openid');
  checks.push({
    id: 'id_token_claims',
    status: hasOpenid ? 'pass' : 'fail',
    title: 'ID token claims for the scopes',
    evidence: hasOpenid
      ? `fat: ${scopeClaims.join(', ') || '(base claims only)'}; thin (issued with an access token): ${thin.filter((c) => !ID_TOKEN_BASE_CLAIMS.includes(c) && c !== 'nonce').join(', ') || 'base claims only'} — the rest from /userinfo`
      : 'no openid scope: no ID token',
    ...(hasOpenid ? {} : { fix: 'Request the openid scope.' }),
  });

  // 8-9. A service app's client credentials, and a sign-on policy's second factor.
  checks.push(
    await clientCredentialsCheck({
      tokenEndpoint: String(server.document.token_endpoint ?? `${server.issuer}/v1/token`),
      serverKind: server.kind,
      clientId: target.clientId,
      scopes: target.scopes,
      ...(target.clientSecret ? { clientSecret: target.clientSecret } : {}),
    }),
    secondFactorCheck(target.totpSecret ? { totpSecret: target.totpSecret } : {}),
  );

  // What an SP will receive, and the settings that accept it.
  const jwks = server.document.jwks_uri ?? `${server.issuer}/v1/keys`;
  const email = target.scopes.includes('email');
  result.receive = {
    id_token: {
      issuer: server.issuer,
      audience: target.clientId,
      tokenUse: 'id_token',
      userClaim: email ? 'sub (the user id 00u…); email' : 'sub (the user id 00u…)',
      note: 'proves the sign-in to the app (token use: id_token); not a bearer token for APIs',
      claims: { fat, thin },
    },
    access_token: {
      issuer: server.issuer,
      audience,
      tokenUse: 'access_token',
      userClaim: 'sub (the Okta login, e.g. an email address); uid (the user id)',
      note:
        server.kind === 'org'
          ? 'ORG access token: for Okta’s own APIs; a third-party API should get a custom server’s token'
          : 'for your APIs (token use: access_token); scopes in scp (an array), no typ at+jwt',
    },
  };
  result.spSettings = [
    `issuer=${server.issuer}`,
    `jwks_uri=${jwks}`,
    server.kind === 'org'
      ? 'an API must not accept these access tokens (ORG server, aud = the org URL): give it a custom authorization server’s token'
      : `audience=${audience} (an API given the access token)`,
    `audience=${target.clientId} (an RP reading the ID token)`,
    email
      ? 'read email from the ID token (or /userinfo when it is thin)'
      : 'do not read email: the email scope is not requested (map users by sub or preferred_username)',
    'scopes from the scp claim (an array), not scope; no typ: at+jwt required',
  ];
  return finish();
}
