/**
 * Okta's errors at /authorize and /token, with its exact strings (okta-behavior.md section 3):
 * which are redirected to the app and which show Okta's 400 page, and the /token JSON errors.
 */
import { test, expect } from '@playwright/test';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';
import { GRANT_TYPES } from '../../src/emulator/baseline.js';
import { authorizeOverHttp } from '../../mock-idp/http-sign-in.js';

const CB = 'http://127.0.0.1:9/cb';
let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator({
    servers: { default: { scopes: ['orders:read'] } },
    app: {
      redirectUris: [CB],
      responseTypes: ['code', 'id_token', 'id_token token'],
      grantTypes: [...GRANT_TYPES],
    },
    users: [
      { login: 'alice@example.com', password: 'Alice-Passw0rd!' },
      { login: 'bob@example.com', password: 'Bob-Passw0rd!' },
    ],
  });
});
test.afterAll(async () => {
  await idp?.close();
});

/** Okta's paths: the ORG server's endpoints are under /oauth2/v1, a custom server's under its issuer. */
function endpoint(server: string, name: string) {
  return server === 'org' ? `${idp.url}/oauth2/v1/${name}` : `${idp.issuer(server)}/v1/${name}`;
}

function authorizeUrl(server: string, params: Record<string, string>) {
  const q = new URLSearchParams({
    client_id: idp.app.clientId,
    redirect_uri: CB,
    response_type: 'code',
    state: 's1',
    nonce: 'n1',
    scope: 'openid',
    ...params,
  });
  for (const [k, v] of Object.entries(params)) if (v === '') q.delete(k);
  return `${endpoint(server, 'authorize')}?${q}`;
}

async function redirected(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(CB);
  const params = location.hash
    ? new URLSearchParams(location.hash.slice(1))
    : location.searchParams;
  return Object.fromEntries(params);
}

const cases: Array<[string, string, Record<string, string>, string, string]> = [
  [
    'custom scope at the ORG server',
    'org',
    { scope: 'openid orders:read' },
    'invalid_scope',
    'Custom scopes are not allowed for this request.',
  ],
  [
    'unknown scope at a custom server',
    'default',
    { scope: 'openid orders:write' },
    'invalid_scope',
    'One or more scopes are not configured for the authorization server resource.',
  ],
  [
    'no scope at a custom server without default scopes',
    'default',
    { scope: '' },
    'invalid_scope',
    "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
  ],
  [
    'ID token without openid',
    'default',
    { response_type: 'id_token', scope: 'profile' },
    'invalid_scope',
    "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.",
  ],
  [
    'response type not allowed for the app',
    'default',
    { response_type: 'code id_token' },
    'unsupported_response_type',
    'The response type is not supported by the authorization server. Configured response types: [code, id_token, id_token token].',
  ],
  [
    'implicit without nonce',
    'default',
    { response_type: 'id_token token', nonce: '' },
    'invalid_request',
    "The 'nonce' parameter is required for authorize requests with either the 'id_token' or 'token' response types..",
  ],
];

for (const [name, server, params, error, description] of cases) {
  test(`redirected: ${name}`, async () => {
    const out = await redirected(authorizeUrl(server, params));
    expect(out).toEqual({ error, error_description: description, state: 's1' });
  });
}

test('implicit errors go in the fragment, form_post as a form', async () => {
  const res = await fetch(authorizeUrl('default', { response_type: 'id_token token', nonce: '' }), {
    redirect: 'manual',
  });
  expect(new URL(res.headers.get('location')!).hash).toContain('error=invalid_request');
  const post = await fetch(
    authorizeUrl('org', { scope: 'openid orders:read', response_mode: 'form_post' }),
    { redirect: 'manual' },
  );
  const html = await post.text();
  expect(html).toContain(`action="${CB}"`);
  expect(html).toContain(
    'name="error_description" value="Custom scopes are not allowed for this request."',
  );
});

test('PKCE required by the application', async () => {
  await idp.configure({ app: { redirectUris: [CB], pkceRequired: true } });
  try {
    const out = await redirected(authorizeUrl('default', {}));
    expect(out).toMatchObject({
      error: 'invalid_request',
      error_description: 'PKCE code challenge is required by the application.',
    });
  } finally {
    await idp.configure(BASE);
  }
});

test('policy evaluation failed at a custom server', async () => {
  await idp.configure({ ...BASE, servers: { default: { policyAllows: false } } });
  try {
    const out = await redirected(authorizeUrl('default', {}));
    expect(out).toMatchObject({
      error: 'access_denied',
      error_description:
        'Policy evaluation failed for this request, please check the policy configurations.',
    });
  } finally {
    await idp.configure(BASE);
  }
});

test('user not assigned to the app: redirected after sign-in', async () => {
  await idp.configure({ ...BASE, app: { ...BASE.app, assignedUsers: ['alice@example.com'] } });
  try {
    const result = await authorizeOverHttp(authorizeUrl('default', {}), {
      login: 'bob@example.com',
      password: 'Bob-Passw0rd!',
    });
    expect(Object.fromEntries(result.params)).toEqual({
      error: 'access_denied',
      error_description: 'User is not assigned to the client application.',
      state: 's1',
    });
  } finally {
    await idp.configure(BASE);
  }
});

test("unregistered redirect_uri shows Okta's 400 page, not a redirect", async () => {
  const res = await fetch(authorizeUrl('default', { redirect_uri: 'http://127.0.0.1:9/evil' }), {
    redirect: 'manual',
  });
  expect(res.status).toBe(400);
  expect(res.headers.get('location')).toBeNull();
  const html = await res.text();
  expect(html).toContain('400 BAD REQUEST');
  expect(html).toContain('Your request resulted in an error.');
  expect(html).toMatch(/Error Code : <span[^>]*>invalid_request</);
  expect(html).toContain(
    'The &#39;redirect_uri&#39; parameter must be a Login redirect URI in the client app settings.',
  );
});

test("unknown client_id shows Okta's 400 page", async () => {
  const res = await fetch(authorizeUrl('org', { client_id: '0oaUnknown' }), { redirect: 'manual' });
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(html).toMatch(/Error Code : <span[^>]*>invalid_client</);
  expect(html).toContain('Invalid value for &#39;client_id&#39; parameter.');
});

async function token(server: string, body: Record<string, string>, auth = true) {
  const form = new URLSearchParams(body);
  if (auth) {
    form.set('client_id', idp.app.clientId);
    form.set('client_secret', idp.app.clientSecret!);
  }
  const res = await fetch(endpoint(server, 'token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('/token: invalid code, bad client credentials, client credentials at ORG, unknown scope', async () => {
  expect(
    await token('default', { grant_type: 'authorization_code', code: 'nope', redirect_uri: CB }),
  ).toEqual({
    status: 400,
    body: {
      error: 'invalid_grant',
      error_description: 'The authorization code is invalid or has expired.',
    },
  });
  const badSecret = await fetch(endpoint('default', 'token'), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${idp.app.clientId}:wrong`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials&scope=orders:read',
  });
  expect(badSecret.status).toBe(401);
  expect(await badSecret.json()).toEqual({
    error: 'invalid_client',
    error_description:
      'Client authentication failed. Either the client or the client credentials are invalid.',
  });
  // A web app (not API Services) at the ORG server: Okta's service-app rule comes first.
  expect(
    await token('org', { grant_type: 'client_credentials', scope: 'okta.users.read' }),
  ).toEqual({
    status: 400,
    body: {
      error: 'unauthorized_client',
      error_description:
        "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
    },
  });
  expect(
    (await token('default', { grant_type: 'client_credentials', scope: 'orders:write' })).body,
  ).toEqual({
    error: 'invalid_scope',
    error_description:
      'One or more scopes are not configured for the authorization server resource.',
  });
});

test('/token: client credentials at the ORG server need a service app, private_key_jwt and okta.* scopes', async () => {
  await idp.configure({ ...BASE, app: { ...BASE.app, applicationType: 'service' } });
  try {
    // A secret is not private_key_jwt.
    expect(
      await token('org', { grant_type: 'client_credentials', scope: 'okta.users.read' }),
    ).toEqual({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
      },
    });
    const assertion = {
      client_id: idp.app.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
    };
    expect(
      await token(
        'org',
        { grant_type: 'client_credentials', scope: 'orders:read', ...assertion },
        false,
      ),
    ).toEqual({
      status: 400,
      body: {
        error: 'invalid_scope',
        error_description: 'Custom scopes are not allowed for this request.',
      },
    });
    // The custom server gives the service app a token without a user.
    const granted = await token('default', {
      grant_type: 'client_credentials',
      scope: 'orders:read',
    });
    expect(granted.status).toBe(200);
    const payload = JSON.parse(
      Buffer.from(String(granted.body.access_token).split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      sub: idp.app.clientId,
      cid: idp.app.clientId,
      scp: ['orders:read'],
    });
    expect(payload.uid).toBeUndefined();
    const events = (await (
      await fetch(`${idp.url}/api/v1/logs?filter=eventType sw "app.oauth2"`, {
        headers: { authorization: `SSWS ${idp.config.apiToken}` },
      })
    ).json()) as Array<{ eventType: string; outcome: { result: string } }>;
    const kinds = events.map((e) => `${e.eventType} ${e.outcome.result}`);
    expect(kinds).toContain('app.oauth2.token.grant FAILURE');
    expect(kinds).toContain('app.oauth2.as.token.grant.access_token SUCCESS');
  } finally {
    await idp.configure(BASE);
  }
});

test('/token: PKCE verification failed', async () => {
  await idp.configure({ ...BASE, app: { ...BASE.app, pkceRequired: true } });
  try {
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    const { params } = await authorizeOverHttp(
      authorizeUrl('default', { code_challenge: challenge, code_challenge_method: 'S256' }),
      { login: 'alice@example.com', password: 'Alice-Passw0rd!' },
    );
    const out = await token('default', {
      grant_type: 'authorization_code',
      code: params.get('code')!,
      redirect_uri: CB,
      code_verifier: 'x'.repeat(43),
    });
    expect(out).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'PKCE verification failed.' },
    });
  } finally {
    await idp.configure(BASE);
  }
});

const BASE = {
  servers: { default: { scopes: ['orders:read'] } },
  app: {
    redirectUris: [CB],
    responseTypes: ['code', 'id_token', 'id_token token'],
    grantTypes: [...GRANT_TYPES],
  },
  users: [
    { login: 'alice@example.com', password: 'Alice-Passw0rd!' },
    { login: 'bob@example.com', password: 'Bob-Passw0rd!' },
  ],
};
