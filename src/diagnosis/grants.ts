/**
 * Causes that come from the grant rather than the token: Okta refusing a client-credentials
 * request at the ORG authorization server, a groups claim matching more groups than Okta puts in a
 * token, and the machine-to-machine token an API keyed by users cannot map (okta-behavior.md
 * sections 2, 3 and 7.11). Words in Okta's terms; the engine decides when they apply.
 */
import type { DiagnosisCode } from './codes.js';
import type { EngineContext, Finding } from './finding.js';
import { appConsolePath, serverConsolePath } from './okta.js';

type Words = { summary: string; fix: string };

/** Okta's `/token` answers to client credentials at the ORG server (section 3). */
export const ORG_CLIENT_CREDENTIALS_REFUSALS: readonly RegExp[] = [
  /'client_credentials' grant type can only be used with a custom authorization server/i,
  /Client Credentials requests to the Org Authorization Server must use the private_key_jwt/i,
  /Only clients with 'application_type' of 'service' may use the client_credentials/i,
];

/** Okta's answer when more than 100 groups match the groups claim (support article). */
export const TOO_MANY_GROUPS = /The groups claim matched too many groups/i;

/**
 * Findings for a refused grant that the description alone cannot place: any refusal of a
 * client-credentials request by the ORG server (including "Custom scopes are not allowed", which
 * at /authorize means a custom scope, here means the wrong server for a service app).
 */
export function grantFindings(a: {
  grantType?: string;
  server?: string;
  error_description?: string;
}): DiagnosisCode[] {
  const description = a.error_description ?? '';
  if (
    a.grantType === 'client_credentials' &&
    (a.server === 'org' || ORG_CLIENT_CREDENTIALS_REFUSALS.some((r) => r.test(description)))
  ) {
    return ['client_credentials_on_org_server'];
  }
  return [];
}

/** True when the token came from the client-credentials grant: no user, `sub` is the client. */
export function isMachineToken(payload: Record<string, unknown> | undefined): boolean {
  return (
    !!payload &&
    payload.uid === undefined &&
    typeof payload.cid === 'string' &&
    payload.sub === payload.cid
  );
}

/** The words for a user claim the SP needs from a machine-to-machine token (section 2). */
export function machineUserClaimWords(claim: string, payload: Record<string, unknown>): Words {
  return {
    summary: `The SP identifies users by ${claim}, but this is a client-credentials (machine-to-machine) token: it has no user, no uid, and its sub is the client id ${String(payload.sub)}`,
    fix: `Give the API a path for service callers: authorise them by cid and scp (a custom scope the service app is granted) instead of looking up a user by ${claim}; or, if a person must be behind the call, use the authorization code flow so the token carries the user (uid, sub = login).`,
  };
}

/**
 * Words for a missing `groups` claim: the scope, the app's groups claim filter (Okta leaves the
 * claim out when no group matches), or a custom server without a groups claim.
 */
export function groupsMissingWords(clientId: unknown): Words {
  return {
    summary:
      "The token has no groups claim: the groups scope was not granted, or none of the user's groups matches the app's groups claim filter",
    fix: `Request the groups scope; check the app's groups claim filter (${appConsolePath(clientId, 'Sign On → OpenID Connect ID Token → Groups claim filter')}) matches the group the SP requires, and that the user is in it (Directory → Groups). On a custom authorization server add a groups claim (Claims → Add Claim, value type Groups) for the token the SP reads.`,
  };
}

/** Words for the grant codes, keyed like explain.ts's table. */
export const GRANT_WORDS: Partial<
  Record<DiagnosisCode, (f: Finding, ctx: EngineContext) => Words>
> = {
  client_credentials_on_org_server: (f) => {
    const description = f.evidence?.error_description?.token;
    return {
      summary: `Okta's ORG authorization server refused the client-credentials request${description ? `: ${String(description)}` : ''}`,
      fix: `For your own API use a custom authorization server (API Access Management): request the token from https://{yourOktaDomain}/oauth2/default/v1/token with a custom scope defined there (${serverConsolePath('default', 'Scopes → Add Scope')}) and allowed by an access policy rule. The ORG server issues client-credentials tokens only for Okta's own APIs: an API Services app, private_key_jwt client authentication, okta.* scopes granted on ${appConsolePath(undefined, 'Okta API Scopes')}.`,
    };
  },
  too_many_groups: (f, ctx) => ({
    summary: `More groups match the app's groups claim filter than Okta puts in a token (100): Okta refused the request`,
    fix: `Narrow the groups claim filter so fewer than 100 groups match (${appConsolePath(ctx.expectation?.clientId, 'Sign On → OpenID Connect ID Token → Groups claim filter')}), or split the groups over several claims with Groups.startsWith(…, 100) expressions; the authorization code flow has no such limit (Okta support: "The groups claim matched too many groups").`,
  }),
};
