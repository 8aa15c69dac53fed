/**
 * Doctor's checks for the flows beyond a password sign-in: a service app's client-credentials
 * grant (Okta's ORG server allows it only for API Services apps with private_key_jwt and okta.*
 * scopes: okta-behavior.md section 3) and a sign-on policy's second factor (the TOTP secret the
 * sign-in needs). The secrets are used, never shown.
 */
import type { DoctorCheck } from './doctor-checks.js';
import { OKTA_DEFINED_SCOPES } from '../okta/scopes.js';

/** What the flow checks need beyond doctor's target. */
export interface FlowCheckInput {
  /** The server's token endpoint (from discovery). */
  tokenEndpoint: string;
  serverKind: 'org' | 'custom';
  clientId: string;
  scopes: string[];
  /** OKTA_CLIENT_SECRET: a confidential app (a service app has one). */
  clientSecret?: string;
  /** OKTA_TOTP_SECRET. */
  totpSecret?: string;
}

const ORG_REFUSAL =
  /Org Authorization Server|custom authorization server|Custom scopes are not allowed/i;

/** Asks `/token` for client credentials with the app's secret and the target's custom scopes. */
export async function clientCredentialsCheck(input: FlowCheckInput): Promise<DoctorCheck> {
  const title = 'service app: client credentials';
  const custom = input.scopes.filter((s) => !OKTA_DEFINED_SCOPES.has(s));
  if (!input.clientSecret) {
    return {
      id: 'client_credentials',
      status: 'skip',
      title,
      evidence: 'no OKTA_CLIENT_SECRET: a public app has no client-credentials grant',
    };
  }
  if (custom.length === 0 && input.serverKind === 'custom') {
    return {
      id: 'client_credentials',
      status: 'skip',
      title,
      evidence:
        'no custom scope in --scopes: a client-credentials token needs one (e.g. --scopes "orders:read")',
    };
  }
  const endpoint = input.tokenEndpoint;
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (custom.length) body.set('scope', custom.join(' '));
  const basic = Buffer.from(
    `${encodeURIComponent(input.clientId)}:${encodeURIComponent(input.clientSecret)}`,
  ).toString('base64');
  let status: number;
  let answer: { error?: string; error_description?: string; scope?: string };
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    answer = (await res.json().catch(() => ({}))) as typeof answer;
  } catch (err) {
    return {
      id: 'client_credentials',
      status: 'skip',
      title,
      evidence: `POST ${endpoint}: ${(err as Error).message}`,
    };
  }
  if (status === 200) {
    return {
      id: 'client_credentials',
      status: 'pass',
      title,
      evidence: `POST ${endpoint} → 200, scope ${answer.scope ?? custom.join(' ')} (a token without a user: sub = client id, no uid)`,
    };
  }
  const said =
    `POST ${endpoint} → HTTP ${status} ${answer.error ?? ''} ${answer.error_description ?? ''}`.trim();
  // Not a service app (Okta: unauthorized_client): nothing to check for a web app.
  if (answer.error === 'unauthorized_client') {
    return {
      id: 'client_credentials',
      status: 'skip',
      title,
      evidence: `${said} — not a service app; a web app signs users in instead`,
    };
  }
  if (input.serverKind === 'org' || ORG_REFUSAL.test(answer.error_description ?? '')) {
    return {
      id: 'client_credentials',
      status: 'fail',
      title,
      evidence: said,
      fix: 'client_credentials_on_org_server: ask a custom authorization server (e.g. /oauth2/default) for a custom scope it defines; the ORG server gives client-credentials tokens only to API Services apps using private_key_jwt, for okta.* scopes.',
    };
  }
  return {
    id: 'client_credentials',
    status: 'fail',
    title,
    evidence: said,
    fix: 'Define the scope on the authorization server and allow the client-credentials grant in an access policy rule for this app.',
  };
}

/** Whether a sign-on policy's second factor can be passed: the TOTP secret the sign-in needs. */
export function secondFactorCheck(input: Pick<FlowCheckInput, 'totpSecret'>): DoctorCheck {
  const title = 'second factor (sign-on policy)';
  if (!input.totpSecret) {
    return {
      id: 'second_factor',
      status: 'skip',
      title,
      evidence:
        'no OKTA_TOTP_SECRET: a sign-on policy that asks for a second factor will stop the sign-in (push cannot be automated)',
      fix: "If the app's sign-on policy asks for MFA, enrol Google Authenticator for the test user and set OKTA_TOTP_SECRET to its secret.",
    };
  }
  const ok = /^[A-Za-z2-7]+=*$/.test(input.totpSecret.replace(/\s+/g, ''));
  return {
    id: 'second_factor',
    status: ok ? 'pass' : 'fail',
    title,
    evidence: ok
      ? 'OKTA_TOTP_SECRET is a base32 TOTP secret: the sign-in enters its current code when asked'
      : 'OKTA_TOTP_SECRET is not base32 (letters A-Z and digits 2-7)',
    ...(ok
      ? {}
      : {
          fix: 'Copy the secret Okta shows when Google Authenticator is enrolled ("Can\'t scan?").',
        }),
  };
}
