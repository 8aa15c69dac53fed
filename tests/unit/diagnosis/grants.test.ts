/**
 * The grant-level causes: client credentials refused by the ORG server (Okta's three /token
 * answers, okta-behavior.md section 3), too many groups (Okta support article "The groups claim
 * matched too many groups and must be configured to match fewer groups"), and a machine-to-machine
 * token given to an API that keys users by a claim.
 */
import { test, expect } from '@playwright/test';
import { diagnose } from '../../../src/diagnosis/engine.js';
import { fakeSignedJwt } from '../../support/tokens.js';

const ORG_REFUSALS = [
  "'client_credentials' grant type can only be used with a custom authorization server.",
  'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
  "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
];

for (const description of ORG_REFUSALS) {
  test(`ORG client credentials: "${description.slice(0, 40)}…"`, () => {
    const [first] = diagnose({
      authorizeError: { error: 'invalid_client', error_description: description },
    });
    expect(first?.code).toBe('client_credentials_on_org_server');
    expect(first?.fix).toContain('custom authorization server');
  });
}

test('a custom scope refused at the ORG /token of a client-credentials request is the wrong server, not a custom scope', () => {
  const authorizeError = {
    error: 'invalid_scope',
    error_description: 'Custom scopes are not allowed for this request.',
    server: 'org',
  };
  expect(diagnose({ authorizeError })[0]?.code).toBe('custom_scope_on_org_server');
  expect(
    diagnose({ authorizeError: { ...authorizeError, grantType: 'client_credentials' } })[0]?.code,
  ).toBe('client_credentials_on_org_server');
});

test('too many groups: Okta support article wording', () => {
  const [first] = diagnose({
    authorizeError: {
      error: 'invalid_request',
      error_description:
        'The groups claim matched too many groups and must be configured to match fewer groups',
    },
  });
  expect(first?.code).toBe('too_many_groups');
  expect(first?.fix).toContain('Groups claim filter');
});

const jwt = (payload: Record<string, unknown>) => fakeSignedJwt(payload);

test('an API keyed by email given a client-credentials token: the M2M explanation', () => {
  const now = Math.floor(Date.now() / 1000);
  const base = {
    iss: 'https://example.okta.com/oauth2/default',
    aud: 'api://default',
    iat: now,
    exp: now + 3600,
  };
  const machine = jwt({ ...base, cid: '0oaservice', sub: '0oaservice', scp: ['orders:read'] });
  const expectation = { issuer: base.iss, audience: 'api://default', userClaim: 'email' };
  const spResponse = { status: 401 };
  const [m2m] = diagnose({
    token: machine,
    presented: 'access_token',
    expectation,
    spResponse,
    now,
  });
  expect(m2m?.code).toBe('user_claim_mismatch');
  expect(m2m?.summary).toContain('machine-to-machine');
  expect(m2m?.fix).toContain('cid');
  const person = jwt({
    ...base,
    cid: '0oaweb',
    uid: '00u1',
    sub: 'alice@example.com',
    scp: ['openid'],
  });
  const [user] = diagnose({
    token: person,
    presented: 'access_token',
    expectation,
    spResponse,
    now,
  });
  expect(user?.summary ?? '').not.toContain('machine-to-machine');
});

test('a missing groups claim names the app groups claim filter', () => {
  const now = Math.floor(Date.now() / 1000);
  const token = jwt({
    iss: 'https://example.okta.com',
    aud: '0oaweb',
    sub: '00u1',
    iat: now,
    exp: now + 3600,
  });
  const expectation = {
    issuer: 'https://example.okta.com',
    audience: '0oaweb',
    tokenUse: 'id_token' as const,
    requireClaims: ['groups'],
  };
  const [first] = diagnose({
    token,
    presented: 'id_token',
    expectation,
    spResponse: { status: 401 },
    now,
  });
  expect(first?.code).toBe('missing_claim');
  expect(first?.fix).toContain('Groups claim filter');
});
