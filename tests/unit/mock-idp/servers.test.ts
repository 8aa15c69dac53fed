/**
 * The emulator's servers and URLs (okta-behavior.md section 1): both kinds of discovery
 * document, keys, Okta's 404 for an unknown server, several emulators side by side, and
 * configuration errors that name the field.
 */
import { test, expect } from '@playwright/test';
import { startEmulator, ConfigError, type Emulator } from '../../../mock-idp/index.js';

let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator({
    servers: { payments: { audience: 'api://payments', scopes: ['payments:read'] } },
  });
});
test.afterAll(async () => {
  await idp?.close();
});

async function json(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('binds 127.0.0.1 on a free port; issuers follow Okta paths', async () => {
  expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(idp.orgIssuer).toBe(idp.url);
  expect(idp.issuers).toEqual({
    default: `${idp.url}/oauth2/default`,
    payments: `${idp.url}/oauth2/payments`,
  });
  expect(idp.issuer('org')).toBe(idp.url);
  expect(() => idp.issuer('nope')).toThrow(/unknown authorization server "nope"/);
});

test('ORG discovery document is shaped like Okta (section 1)', async () => {
  const { status, body } = await json(`${idp.url}/.well-known/openid-configuration`);
  expect(status).toBe(200);
  const o = idp.url;
  expect(body).toMatchObject({
    issuer: o,
    authorization_endpoint: `${o}/oauth2/v1/authorize`,
    token_endpoint: `${o}/oauth2/v1/token`,
    userinfo_endpoint: `${o}/oauth2/v1/userinfo`,
    jwks_uri: `${o}/oauth2/v1/keys`,
    introspection_endpoint: `${o}/oauth2/v1/introspect`,
    revocation_endpoint: `${o}/oauth2/v1/revoke`,
    end_session_endpoint: `${o}/oauth2/v1/logout`,
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
  });
  expect(body.scopes_supported).toEqual([
    'openid',
    'profile',
    'email',
    'address',
    'phone',
    'offline_access',
    'groups',
  ]);
  expect(body).not.toHaveProperty('authorization_response_iss_parameter_supported');
  expect(body.grant_types_supported).not.toContain('client_credentials');
});

test('custom server discovery lists custom scopes first and its own endpoints', async () => {
  const { status, body } = await json(
    `${idp.url}/oauth2/payments/.well-known/openid-configuration`,
  );
  expect(status).toBe(200);
  const iss = `${idp.url}/oauth2/payments`;
  expect(body).toMatchObject({
    issuer: iss,
    authorization_endpoint: `${iss}/v1/authorize`,
    token_endpoint: `${iss}/v1/token`,
    jwks_uri: `${iss}/v1/keys`,
    userinfo_endpoint: `${iss}/v1/userinfo`,
  });
  expect((body.scopes_supported as string[])[0]).toBe('payments:read');
  expect(body.grant_types_supported).toContain('client_credentials');
  expect(body).not.toHaveProperty('authorization_response_iss_parameter_supported');
});

test('OAuth metadata at both paths, including the RFC 8414 form', async () => {
  const a = await json(`${idp.url}/oauth2/default/.well-known/oauth-authorization-server`);
  const b = await json(`${idp.url}/.well-known/oauth-authorization-server/oauth2/default`);
  expect(a.status).toBe(200);
  expect(b.body).toEqual(a.body);
  expect(a.body.issuer).toBe(`${idp.url}/oauth2/default`);
  const org = await json(`${idp.url}/.well-known/oauth-authorization-server`);
  expect(org.body.issuer).toBe(idp.url);
});

test('each server publishes its own RS256 keys at /v1/keys', async () => {
  const org = await json(`${idp.url}/oauth2/v1/keys`);
  const def = await json(`${idp.url}/oauth2/default/v1/keys`);
  for (const { status, body } of [org, def]) {
    expect(status).toBe(200);
    const keys = body.keys as Array<Record<string, unknown>>;
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const k of keys) {
      expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(typeof k.kid).toBe('string');
      expect(k).not.toHaveProperty('d');
    }
  }
  const orgKids = (org.body.keys as Array<{ kid: string }>).map((k) => k.kid);
  const defKids = (def.body.keys as Array<{ kid: string }>).map((k) => k.kid);
  expect(orgKids.filter((k) => defKids.includes(k))).toEqual([]);
});

test('unknown server id answers Okta 404 JSON', async () => {
  const { status, body } = await json(`${idp.url}/oauth2/ausNope/v1/keys`);
  expect(status).toBe(404);
  expect(body).toMatchObject({
    errorCode: 'E0000007',
    errorSummary: 'Not found: Resource not found: ausNope (AuthorizationServer)',
    errorLink: 'E0000007',
    errorCauses: [],
  });
  expect(typeof body.errorId).toBe('string');
});

test('ORG OAuth metadata can be turned off; configure() keeps origin and keys', async () => {
  const e = await startEmulator({ orgOAuthMetadata: false });
  try {
    const before = await json(`${e.url}/oauth2/v1/keys`);
    expect((await fetch(`${e.url}/.well-known/oauth-authorization-server`)).status).toBe(404);
    await e.configure({});
    expect((await fetch(`${e.url}/.well-known/oauth-authorization-server`)).status).toBe(200);
    expect((await json(`${e.url}/oauth2/v1/keys`)).body).toEqual(before.body);
  } finally {
    await e.close();
  }
});

test('key rotation: a new key signs, the old stays published unless dropped', async () => {
  const e = await startEmulator();
  try {
    const [old] = (await json(`${e.url}/oauth2/default/v1/keys`)).body.keys as Array<{
      kid: string;
    }>;
    await e.configure({ rotateKeys: {} });
    const rotated = (await json(`${e.url}/oauth2/default/v1/keys`)).body.keys as Array<{
      kid: string;
    }>;
    expect(rotated.map((k) => k.kid)).toEqual([expect.not.stringMatching(old!.kid), old!.kid]);
    const token = await e.mintToken({ server: 'default', kind: 'access_token' });
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header.kid).toBe(rotated[0]!.kid);
    await e.configure({ rotateKeys: { dropOldKey: true } });
    const dropped = (await json(`${e.url}/oauth2/default/v1/keys`)).body.keys as Array<{
      kid: string;
    }>;
    expect(dropped.map((k) => k.kid)).toEqual([rotated[0]!.kid]);
  } finally {
    await e.close();
  }
});

test('two emulators side by side have their own origins, keys and state', async () => {
  const [a, b] = await Promise.all([
    startEmulator(),
    startEmulator({ app: { clientId: '0oaSecondApp' } }),
  ]);
  try {
    expect(a.url).not.toBe(b.url);
    expect(a.app.clientId).not.toBe(b.app.clientId);
    const ka = (await json(`${a.url}/oauth2/default/v1/keys`)).body;
    const kb = (await json(`${b.url}/oauth2/default/v1/keys`)).body;
    expect(ka).not.toEqual(kb);
    await a.close();
    expect((await json(`${b.url}/oauth2/default/.well-known/openid-configuration`)).status).toBe(
      200,
    );
  } finally {
    await b.close();
  }
});

test('bad configuration is refused with the field named', async () => {
  await expect(
    startEmulator({ servers: { default: { audience: 42 as unknown as string } } }),
  ).rejects.toThrow(
    'invalid emulator configuration: servers.default.audience: expected a non-empty string',
  );
  await expect(startEmulator({ app: { redirectUris: ['not a url'] } })).rejects.toThrow(
    /app\.redirectUris\[0\]/,
  );
  await expect(
    startEmulator({ app: { assignedUsers: ['bob@example.com'] } }),
  ).rejects.toBeInstanceOf(ConfigError);
  await expect(startEmulator({ servers: { org: {} } })).rejects.toThrow(/servers\.org/);
  await expect(idp.configure({ codeFlowIdToken: 'medium' as 'thin' })).rejects.toThrow(
    /codeFlowIdToken/,
  );
  // The failed configure() left the running configuration alone.
  expect((await json(`${idp.url}/oauth2/payments/.well-known/openid-configuration`)).status).toBe(
    200,
  );
});

test('configure() is baseline + delta, not cumulative; reset() returns to the baseline', async () => {
  const e = await startEmulator();
  try {
    await e.configure({ app: { redirectUris: ['http://127.0.0.1:1234/a'] } });
    await e.configure({ servers: { extra: { audience: 'api://extra' } } });
    expect(e.app.redirectUris).toEqual(['http://localhost:8080/authorization-code/callback']);
    expect(Object.keys(e.issuers)).toEqual(['default', 'extra']);
    await e.mintToken({ server: 'extra', kind: 'access_token' });
    expect(e.issuedTokens()).toHaveLength(1);
    await e.reset();
    expect(Object.keys(e.issuers)).toEqual(['default']);
    expect(e.issuedTokens()).toEqual([]);
    expect(e.systemLog.events()).toEqual([]);
    expect((await fetch(`${e.url}/oauth2/extra/v1/keys`)).status).toBe(404);
  } finally {
    await e.close();
  }
});
