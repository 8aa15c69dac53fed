/**
 * Turns a finding into a diagnosis in Okta's terms (issue items 4-5): a one-line summary, the
 * evidence side by side, and the fix — which scope to request, which authorization server to
 * use, what audience to set, what the SP should read instead, where in the Admin console.
 */
import type { Diagnosis, Evidence } from './types.js';
import type { EngineContext, Finding } from './finding.js';
import {
  appConsolePath,
  audienceKind,
  describeAudience,
  describeIssuer,
  isOktaUserId,
  issuerShape,
  oauthBase,
  scopeForClaim,
  serverConsolePath,
} from './okta.js';
import {
  GRANT_WORDS,
  groupsMissingWords,
  isMachineToken,
  machineUserClaimWords,
} from './grants.js';

type Words = { summary: string; fix: string };

function str(v: unknown): string {
  if (v === undefined) return '(absent)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function first(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function iss(ctx: EngineContext): unknown {
  return ctx.parts?.payload.iss ?? ctx.accessToken?.payload.iss ?? ctx.idToken?.payload.iss;
}

/** The custom authorization server to point people at: the token's own, or `default`. */
function customServer(ctx: EngineContext): { id: string; issuer: string } {
  const i = iss(ctx);
  const shape = issuerShape(i);
  if (shape.kind === 'custom') return { id: shape.serverId, issuer: String(i) };
  const domain = shape.kind === 'org' ? shape.domain : 'https://{yourOktaDomain}';
  return { id: 'default', issuer: `${domain}/oauth2/default` };
}

/**
 * The one fix for an ORG authorization server access token at a third-party API, given by every
 * finding it causes (org_server_access_token, audience, issuer): never "accept it".
 */
export function orgAccessTokenFix(ctx: EngineContext, want?: string): string {
  const s = customServer(ctx);
  return `Use a custom authorization server (API Access Management), e.g. ${s.issuer}: request tokens from ${s.issuer}/v1/authorize and /v1/token, and set its audience to ${want ? `"${want}"` : "the API's"} (${serverConsolePath(s.id, 'Settings → Audience')}). ORG server access tokens are for Okta's own APIs only: no SP setting should accept them.`;
}

/** Findings an ORG access token causes at a third-party API, whose fix is the ORG one. */
const ORG_VOICE = new Set<Finding['code']>([
  'unknown_signing_key',
  'signature_invalid',
  'access_token_profile_mismatch',
]);

/** True when the token in hand is an ORG server access token. */
function isOrgAccess(ctx: EngineContext): boolean {
  return (
    ctx.parts !== undefined &&
    ctx.use !== 'id_token' &&
    issuerShape(ctx.parts.payload.iss).kind === 'org' &&
    audienceKind(first(ctx.parts.payload.aud) ?? '') === 'org_url'
  );
}

/** The authorization server an authorize error names, for console paths. */
function authorizeServer(f: Finding): string | undefined {
  const server = f.evidence?.authorization_server?.token;
  return typeof server === 'string' && server !== 'org' ? server : undefined;
}

function audienceWords(f: Finding, ctx: EngineContext): Words {
  const got = first(f.token ?? ctx.parts?.payload.aud);
  const want = first(f.expected);
  const server = customServer(ctx);
  const setAudience = `${serverConsolePath(server.id, 'Settings → Audience')}`;
  if (!got) {
    return {
      summary: `The SP rejected the token's audience (aud)${want ? `: it expects "${want}"` : ''}`,
      fix: `Compare the token's aud with the SP's configured audience. ID tokens carry the app's client id; access tokens from a custom authorization server carry its audience (${setAudience}).`,
    };
  }
  const gotKind = audienceKind(got);
  const wantKind = want ? audienceKind(want) : undefined;
  const summary = `aud is ${describeAudience(got)}, but the SP expects ${want ? describeAudience(want) : 'another audience'}`;
  if (gotKind === 'org_url') return { summary, fix: orgAccessTokenFix(ctx, want) };
  if (gotKind === 'api_audience' && wantKind === 'client_id') {
    return {
      summary,
      fix: `The SP checks the app's client id, as for an ID token, but was given an access token. Either send the ID token (id_token from the token response) to this SP, or configure the SP to accept "${got}" as the audience of access tokens, or set the custom authorization server's audience to what the SP expects (${setAudience}).`,
    };
  }
  if (gotKind === 'client_id' && wantKind && wantKind !== 'client_id') {
    return {
      summary,
      fix: `An ID token (aud = client id) was sent to an API that wants an access token for "${want}". Send the access_token from a custom authorization server whose audience is "${want}" (${setAudience}).`,
    };
  }
  if (gotKind === 'client_id' && wantKind === 'client_id') {
    return {
      summary,
      fix: `The token was issued to another app (client id "${got}"). Configure the SP with the client id of the app that signs users in, or sign in through the app whose client id the SP expects (${appConsolePath(want, 'General → Client Credentials')}).`,
    };
  }
  return {
    summary,
    fix: `Set the custom authorization server's audience to ${want ? `"${want}"` : "the SP's audience"} (${setAudience}), or configure the SP to accept "${got}". Each custom server has one audience; use one server per API audience.`,
  };
}

function issuerWords(f: Finding, ctx: EngineContext): Words {
  const got = f.token ?? iss(ctx);
  const want = first(f.expected);
  const summary = `iss is ${describeIssuer(got)}, but the SP trusts ${want ? describeIssuer(want) : 'another issuer'}`;
  const g = issuerShape(got);
  const w = issuerShape(want);
  if (typeof got === 'string' && want && got.replace(/\/+$/, '') === want.replace(/\/+$/, '')) {
    return {
      summary: `iss "${got}" and the SP's issuer "${want}" differ only by a trailing slash`,
      fix: `Configure the SP's issuer exactly as Okta writes it, without a trailing slash: "${got}".`,
    };
  }
  // An ORG access token: the SP must not be told to trust the ORG issuer for it.
  if (g.kind === 'org' && isOrgAccess(ctx)) return { summary, fix: orgAccessTokenFix(ctx) };
  if (g.kind === 'org' && w.kind === 'custom') {
    return {
      summary,
      fix: `The tokens come from the ORG authorization server, the SP trusts custom server "${w.serverId}". Point the app's sign-in at the custom server (${want}/v1/authorize, /v1/token; discovery ${want}/.well-known/openid-configuration), or set the SP's issuer to "${str(got)}".`,
    };
  }
  if (g.kind === 'custom' && w.kind === 'org') {
    return {
      summary,
      fix: `The tokens come from custom authorization server "${g.serverId}", the SP trusts the ORG server. Set the SP's issuer to "${str(got)}" (keys at ${str(got)}/v1/keys), or sign in through the ORG server (${w.domain}/oauth2/v1/authorize).`,
    };
  }
  if (g.kind === 'custom' && w.kind === 'custom') {
    return {
      summary,
      fix: `Tokens from one authorization server can't be used at another (its issuer and keys differ). Request tokens from "${w.serverId}" (${want}/v1/authorize) or set the SP's issuer to "${str(got)}".`,
    };
  }
  return {
    summary,
    fix: `Set the SP's trusted issuer to the token's iss "${str(got)}", or request tokens from the issuer the SP trusts.`,
  };
}

function missingWords(f: Finding, ctx: EngineContext): Words {
  const claim = f.claim ?? 'a claim';
  const scope = scopeForClaim(claim);
  const server = issuerShape(iss(ctx));
  const requested = ctx.requestedScopes;
  const summary = `The token has no ${claim} claim${f.likely ? ' (likely needed by the SP)' : ''}`;
  // Okta puts granted scopes in an scp array; only the token response has a scope string (section 2).
  const payload = ctx.parts?.payload ?? {};
  if (claim === 'groups') return groupsMissingWords(ctx.expectation?.clientId);
  if (claim === 'scope' && payload.scp !== undefined) {
    return {
      summary: `The SP reads scopes from a scope claim; Okta's access token carries them in scp (${str(payload.scp)})`,
      fix: "Have the SP read the scp array (Okta's access-token shape); the space-separated scope string exists only in the token response, not in the token.",
    };
  }
  if (claim === 'scp' && payload.scope !== undefined) {
    return {
      summary: `The SP reads scopes from scp, but this token carries a scope string (${str(payload.scope)}): it is not an Okta access token`,
      fix: 'Send an access token from an Okta custom authorization server (its scopes are in scp), or have the SP read the scope string.',
    };
  }
  if (scope) {
    const asked = requested ? ` (the request asked for: ${requested.join(' ')})` : '';
    return {
      summary,
      fix: `Request the "${scope}" scope${asked}: add it to the scope parameter of /authorize, and make sure the app may use it${server.kind === 'custom' ? ` (${serverConsolePath(server.serverId, 'Access Policies → rule → Scopes')})` : ''}.`,
    };
  }
  if (server.kind === 'org') {
    return {
      summary,
      fix: `"${claim}" is not a standard claim: the ORG authorization server adds custom claims only to ID tokens (via the profile attributes / app settings). For a custom claim in an access token use a custom authorization server and add it under ${serverConsolePath('default', 'Claims')}.`,
    };
  }
  return {
    summary,
    fix: `Add a "${claim}" claim to the authorization server (${serverConsolePath(server.kind === 'custom' ? server.serverId : undefined, 'Claims → Add Claim')}), with "Include in token type" set to the token the SP reads, or have the SP stop requiring it.`,
  };
}

function thinWords(f: Finding, ctx: EngineContext): Words {
  const claim = f.claim ?? 'the claim';
  const server = issuerShape(iss(ctx));
  const proof = f.proved ? ' /userinfo returns it' : ' it is served by /userinfo';
  return {
    summary: `The ID token is thin: an access token was issued with it (at_hash), so Okta left ${claim} out;${proof}`,
    fix: `Have the SP read ${claim} from /userinfo (${server.kind !== 'other' ? `${oauthBase(server, String(iss(ctx)))}/v1/userinfo` : '{issuer}/v1/userinfo'}) with the access token, or ${server.kind === 'custom' ? `mark the claim "Always include in token" (${serverConsolePath(server.serverId, 'Claims')})` : 'request the ID token alone (response_type=id_token)'}; a fat ID token comes only when no access token is issued with it.`,
  };
}

function userClaimWords(f: Finding, ctx: EngineContext): Words {
  const claim = f.claim ?? ctx.expectation?.userClaim ?? 'the user claim';
  const payload = ctx.parts?.payload as Record<string, unknown> | undefined;
  if (payload && isMachineToken(payload)) return machineUserClaimWords(claim, payload);
  const related = f.related ?? {};
  const alternatives = Object.entries(related)
    .filter(([k]) => k !== 'at_hash')
    .map(([k, v]) => `${k}=${str(v)}`);
  if (claim === 'sub' || (f.token !== undefined && /^00u/.test(String(f.token)))) {
    return {
      summary: `The SP identifies users by sub expecting a login or email, but ID token sub is the Okta user id (00u…)`,
      fix: `Read email or preferred_username (the Okta login) instead of sub; only the access token's sub is the login.`,
    };
  }
  const hasLogin = 'preferred_username' in related;
  // ID token sub is the Okta user id; the access token's sub is the login (section 2).
  const subNote = isOktaUserId(related.sub) ? ' (sub is the Okta user id, not a login)' : '';
  const atSub = ctx.accessToken?.payload.sub;
  const atNote =
    ctx.use === 'id_token' && typeof atSub === 'string'
      ? ` The access token of the same sign-in has sub "${atSub}", the user's login.`
      : '';
  return {
    summary: `The SP identifies users by ${claim}, which the token lacks${alternatives.length ? `; it carries ${alternatives.join(', ')}${subNote}` : ''}`,
    fix:
      (hasLogin
        ? `Request the "${scopeForClaim(claim) ?? claim}" scope so the token carries ${claim}, or have the SP map users by preferred_username (the Okta login, which can differ from the email).`
        : `Request the scope that releases ${claim} (${scopeForClaim(claim) ?? 'a custom claim on the authorization server'}), or have the SP map users by a claim the token carries.`) +
      atNote,
  };
}

const SIMPLE: Partial<Record<Finding['code'], (f: Finding, ctx: EngineContext) => Words>> = {
  ...GRANT_WORDS,
  audience_mismatch: audienceWords,
  issuer_mismatch: issuerWords,
  missing_claim: missingWords,
  thin_id_token: thinWords,
  user_claim_mismatch: userClaimWords,
  org_server_access_token: (_f, ctx) => ({
    summary: `An ORG authorization server access token (iss ${str(iss(ctx))}) was sent to a non-Okta API: it is for Okta's own APIs only`,
    fix: orgAccessTokenFix(ctx, first(ctx.expectation?.audience)),
  }),
  token_type_mismatch: (f) =>
    f.expected === 'id_token' || f.token === 'access_token'
      ? {
          summary: 'An access token was sent where the SP expects an ID token',
          fix: 'This SP is a relying party that checks the ID token (aud = client id): send the id_token from the token response, not the access_token.',
        }
      : {
          summary: 'An ID token was sent where the SP expects an access token',
          fix: 'Send the access_token from the token response (Authorization: Bearer …); the ID token is for the client app itself. For your own API get it from a custom authorization server.',
        },
  custom_scope_on_org_server: (f, ctx) => ({
    summary: "Okta's /authorize refused a custom scope: the ORG authorization server allows none",
    fix: `Request custom scopes from a custom authorization server (${customServer(ctx).issuer}/v1/authorize) and define them there (${serverConsolePath(customServer(ctx).id, 'Scopes → Add Scope')}); the ORG server allows only openid profile email address phone offline_access groups and okta.* scopes.${f.expected ? ` Requested: ${str(f.expected)}.` : ''}`,
  }),
  scope_not_configured: (_f, ctx) => ({
    summary: "Okta's /authorize refused a scope the custom authorization server does not define",
    fix: `Add the scope to the server (${serverConsolePath(ctx.server ?? customServer(ctx).id, 'Scopes → Add Scope')}) and allow it in an access policy rule, or stop requesting it; with no scope parameter the server needs a default scope.`,
  }),
  user_not_assigned: (_f, ctx) => ({
    summary: 'Okta refused the sign-in: the user is not assigned to the app',
    fix: `Assign the user (or a group they belong to): ${appConsolePath(ctx.expectation?.clientId, 'Assignments → Assign → Assign to People / Groups')}.`,
  }),
  redirect_uri_not_registered: (f, ctx) => ({
    summary: "Okta's 400 page: the redirect_uri is not one of the app's sign-in redirect URIs",
    fix: `Add the exact redirect URI${f.token ? ` ${str(f.token)}` : ''} (scheme, host, port, path) under ${appConsolePath(ctx.expectation?.clientId, 'General → Login → Sign-in redirect URIs')}.`,
  }),
  tokens_not_issued: (f) => {
    const error = f.evidence?.error?.token;
    const description = f.evidence?.error_description?.token;
    if (error !== undefined) {
      return {
        summary: `Okta's /authorize answered ${str(error)}${description ? `: ${str(description)}` : ''}; no token was issued`,
        fix: `Fix the sign-in before the SP: for access_denied check the app's assignments and the authorization server's access policies and rules (${serverConsolePath(authorizeServer(f), 'Access Policies')}); the System Log (Admin console → Reports → System Log) shows the reason.`,
      };
    }
    return {
      summary: "Okta's System Log shows no token issued to the app: the problem is before the SP",
      fix: 'Look at the failure in the System Log (Admin console → Reports → System Log, filter by the app) and fix the sign-in first: the SSO event, the authorization-code event and the token-grant event must all be there before blaming the SP.',
    };
  },
  unexplained: (f) => {
    const status = f.evidence?.status?.token;
    const checked = f.evidence?.checked?.note;
    return {
      summary: `The SP answered ${status ?? 'an error'} and no check explains it${checked ? ` (checked: ${checked})` : ''}`,
      fix: "Find out what the SP expects: its issuer (ORG https://{domain} or a custom server https://{domain}/oauth2/{id}), audience, required claims and scopes, and the claim it identifies users by; pass them (diagnose --issuer/--audience/--require-claim/--user-claim) or read the SP's log for its reason. With the Okta emulator, differential probing can find the one change the SP accepts.",
    };
  },
  token_expired: (f) => ({
    summary:
      f.token === undefined && f.claim === 'exp' && f.fromToken
        ? 'The token has no exp, so the SP refuses it'
        : `The token is expired${f.message ? `: ${f.message}` : ''}`,
    fix: "Get a fresh token (ID tokens live 60 min; a custom server's access tokens live as its access policy rule says: Security → API → Authorization Servers → {server} → Access Policies); if it expired moments ago, sync the SP's clock (NTP) or give it a clock tolerance.",
  }),
  token_not_yet_valid: (f) => ({
    summary: `The token is not valid yet by the SP's clock${f.message ? `: ${f.message}` : ''}`,
    fix: "The SP's clock is behind Okta's: sync it with NTP, or allow a clock tolerance (Okta's jwt-verifier has none; okta-auth-js allows 300 s).",
  }),
  signature_invalid: () => ({
    summary: "The token's signature does not verify",
    fix: "The token was altered or signed by another server's key: verify with the issuer's own keys ({issuer}/v1/keys, from its discovery document), and never accept HS256 or alg none for Okta tokens (Okta signs RS256).",
  }),
  unknown_signing_key: (f, ctx) => ({
    summary: `The SP has no key with the token's kid${f.token ? ` "${str(f.token)}"` : ''}`,
    fix: `Okta rotates keys about four times a year: the SP must refetch the JWKS when it meets an unknown kid. Check it fetches the keys of the token's issuer (${str(iss(ctx))}/v1/keys for a custom server, /oauth2/v1/keys for the ORG server), and, if the app has its own ORG signing key, /oauth2/v1/keys?client_id={clientId}.`,
  }),
  algorithm_not_allowed: (f) => ({
    summary: `The token's alg ${str(f.token ?? 'value')} is not allowed by the SP`,
    fix: 'Okta signs every token RS256: allow RS256 on the SP. A token with alg none or HS256 did not come from Okta; treat it as forged.',
  }),
  malformed_token: (f) => ({
    summary: `The SP cannot read the token${f.message ? `: ${f.message}` : ''}`,
    fix: 'Send the compact JWT exactly as Okta issued it (three base64url parts): check for truncation, quotes, a doubled "Bearer ", or an opaque/refresh token sent instead of the JWT.',
  }),
  nonce_mismatch: () => ({
    summary: "The ID token's nonce is not the one the relying party sent",
    fix: "Keep the nonce in the user's session between /authorize and the callback (check the session cookie survives the redirect: SameSite, domain) and compare that value; don't replay an old ID token.",
  }),
  insufficient_scope: (f, ctx) => ({
    summary: `The access token lacks the scope${f.expected ? ` "${str(f.expected)}"` : ''} the API requires${f.token !== undefined ? ` (scp: ${str(f.token)})` : ''}`,
    fix: `Request the scope in /authorize and grant it: define it on the custom authorization server and allow it in an access policy rule (${serverConsolePath(customServer(ctx).id, 'Access Policies → rule → Scopes')}). Okta puts granted scopes in the scp array.`,
  }),
  dpop_binding_mismatch: (f, ctx) =>
    f.token !== undefined || ctx.parts?.payload.cnf !== undefined
      ? {
          summary:
            'A DPoP-bound access token (cnf.jkt) was not presented with a matching DPoP proof',
          fix: `Send it as "Authorization: DPoP <token>" with a DPoP proof signed by the bound key, or turn off "Require Demonstrating Proof of Possession (DPoP)" for the app (${appConsolePath(ctx.expectation?.clientId, 'General')}).`,
        }
      : {
          summary: 'The SP demands DPoP but the token is a plain Bearer token',
          fix: `Enable DPoP for the app (${appConsolePath(ctx.expectation?.clientId, 'General → Require Demonstrating Proof of Possession (DPoP)')}) and send proofs, or configure the SP to accept Bearer tokens.`,
        },
  access_token_profile_mismatch: () => ({
    summary:
      "The SP validates access tokens by RFC 9068 (typ at+jwt, a scope string); Okta's have no typ and an scp array",
    fix: "Configure the SP to accept Okta's access-token shape: don't require typ at+jwt (e.g. express-oauth2-jwt-bearer strict: false) and read scopes from the scp array.",
  }),
};

function addRow(e: Evidence, key: string, row: Evidence[string]): void {
  let k = key;
  for (let i = 2; k in e; i++) k = `${key} (${i})`;
  e[k] = row;
}

/** Builds the evidence rows: the claim side by side, related claims, then who said what. */
function evidenceOf(f: Finding, ctx: EngineContext): Evidence {
  const e: Evidence = {};
  if (f.claim || f.token !== undefined || f.expected !== undefined) {
    const row: Evidence[string] = {};
    // When only the SP named the claim, show the token's own value beside it.
    const header = f.claim === 'typ' || f.claim === 'alg' || f.claim === 'kid';
    const own = f.claim ? (header ? ctx.parts?.header : ctx.parts?.payload)?.[f.claim] : undefined;
    const token = f.token ?? own;
    if (token !== undefined) row.token = token;
    if (f.expected !== undefined) row.expected = f.expected;
    if (token === undefined && (f.fromToken || (ctx.parts && f.claim)))
      row.note = 'absent from the token';
    if (f.likely)
      row.note = `${row.note ? `${row.note}; ` : ''}likely: inferred from the token alone`;
    addRow(e, f.claim ?? (f.code === 'token_type_mismatch' ? 'token_use' : 'token'), row);
  }
  for (const [k, v] of Object.entries(f.related ?? {})) addRow(e, k, { token: v });
  for (const [k, v] of Object.entries(f.evidence ?? {})) addRow(e, k, v);
  if (Object.keys(e).length === 0 && f.message) addRow(e, 'token', { note: f.message });
  for (const t of f.said) {
    const row: Evidence[string] = { note: `${t.source} said: ${t.matched}` };
    if (t.token !== undefined) row.token = t.token;
    if (t.expected !== undefined) row.expected = t.expected;
    addRow(e, 'sp_said', row);
  }
  return e;
}

/** Explains one finding. */
export function explain(f: Finding, ctx: EngineContext): Diagnosis {
  const words = SIMPLE[f.code]?.(f, ctx) ?? {
    summary: f.message ?? f.code,
    fix: 'See the evidence.',
  };
  // Whatever the SP tripped on first, an ORG access token has one fix: another server's token.
  if (ORG_VOICE.has(f.code) && isOrgAccess(ctx)) words.fix = orgAccessTokenFix(ctx);
  return { code: f.code, summary: words.summary, evidence: evidenceOf(f, ctx), fix: words.fix };
}
