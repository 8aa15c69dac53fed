/**
 * Tokens shaped like Okta's (okta-behavior.md sections 2 and 4) through real HTTP flows: claims
 * per scope, thin vs fat ID tokens, /userinfo and /introspect with the JWT access tokens,
 * refresh with offline_access, client credentials, mintToken, Okta's own verifier and
 * openid-client's discovery, the System Log of a sign-in, and no oidc-provider noise.
 */
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import * as client from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';
import { GRANT_TYPES } from '../../src/emulator/baseline.js';
import { authorizeOverHttp } from '../../mock-idp/http-sign-in.js';

const require = createRequire(import.meta.url);
const OktaJwtVerifierClass = require('@okta/jwt-verifier') as new (
  options: Record<string, unknown>,
) => {
  verifyAccessToken(token: string, audience: string): Promise<{ claims: Record<string, unknown> }>;
};
/** Okta's verifier; its warning about `testing.disableHttpsCheck` (needed for http://127.0.0.1) is dropped. */
class OktaJwtVerifier extends OktaJwtVerifierClass {
  constructor(options: Record<string, unknown>) {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('HTTPS check is disabled')) warn(...args);
    };
    try {
      super(options);
    } finally {
      console.warn = warn;
    }
  }
}

const CB = 'http://127.0.0.1:9/cb';
const USER = {
  login: 'alice.admin',
  password: 'Alice-Passw0rd!',
  email: 'alice@example.com',
  givenName: 'Alice',
  familyName: 'Example',
  groups: ['Everyone', 'Admins'],
};
const BASE = {
  servers: {
    default: {
      scopes: ['orders:read'],
      claims: [
        {
          name: 'department',
          value: 'Sales',
          tokenType: 'id_token' as const,
          alwaysIncludeInToken: true,
        },
        { name: 'tier', value: 'gold', tokenType: 'id_token' as const },
        { name: 'login', value: 'user.login' },
      ],
    },
  },
  app: {
    redirectUris: [CB],
    responseTypes: ['code', 'id_token', 'id_token token', 'code id_token'],
    grantTypes: [...GRANT_TYPES],
  },
  users: [USER],
};

let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator(BASE);
});
test.afterAll(async () => {
  await idp?.close();
});

function endpoint(server: string, name: string) {
  return server === 'org' ? `${idp.url}/oauth2/v1/${name}` : `${idp.issuer(server)}/v1/${name}`;
}

async function signIn(server: string, params: Record<string, string>) {
  const q = new URLSearchParams({
    client_id: idp.app.clientId,
    redirect_uri: CB,
    response_type: 'code',
    state: 's',
    nonce: 'n-1',
    ...params,
  });
  return (await authorizeOverHttp(`${endpoint(server, 'authorize')}?${q}`, USER)).params;
}

async function codeFlow(server: string, scope: string) {
  const code = (await signIn(server, { scope })).get('code');
  expect(code).toBeTruthy();
  const res = await fetch(endpoint(server, 'token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: CB,
      client_id: idp.app.clientId,
      client_secret: idp.app.clientSecret!,
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    access_token: string;
    id_token?: string;
    refresh_token?: string;
    scope: string;
    token_type: string;
  };
}

test('custom server access token: Okta claims, no typ header, sub = login, scp array', async () => {
  const tokens = await codeFlow('default', 'openid profile orders:read');
  const header = decodeProtectedHeader(tokens.access_token);
  expect(header).toEqual({ alg: 'RS256', kid: expect.any(String) });
  const at = decodeJwt(tokens.access_token);
  const user = idp.users[0]!;
  expect(at).toMatchObject({
    ver: 1,
    iss: idp.issuer('default'),
    aud: 'api://default',
    cid: idp.app.clientId,
    uid: user.id,
    sub: 'alice.admin',
    scp: ['openid', 'profile', 'orders:read'],
    login: 'alice.admin',
  });
  expect(String(at.jti)).toMatch(/^AT\./);
  expect(typeof at.auth_time).toBe('number');
  expect(at).not.toHaveProperty('scope');
  expect(tokens.scope).toBe('openid profile orders:read');
  expect(tokens.token_type).toBe('Bearer');
});

test('ORG access token: aud and iss are the org URL, Okta internal typ header', async () => {
  const tokens = await codeFlow('org', 'openid email');
  expect(decodeProtectedHeader(tokens.access_token).typ).toBe('application/okta-internal-at+jwt');
  expect(decodeJwt(tokens.access_token)).toMatchObject({
    iss: idp.url,
    aud: idp.url,
    sub: 'alice.admin',
  });
});

test('ID token base claims; code flow thin by default: custom server keeps only always-include claims', async () => {
  const tokens = await codeFlow('default', 'openid profile email groups');
  const id = decodeJwt(tokens.id_token!);
  const user = idp.users[0]!;
  expect(id).toMatchObject({
    ver: 1,
    sub: user.id,
    iss: idp.issuer('default'),
    aud: idp.app.clientId,
    amr: ['pwd'],
    idp: idp.config.orgId,
    nonce: 'n-1',
    department: 'Sales',
  });
  expect(String(id.jti)).toMatch(/^ID\./);
  for (const claim of ['email', 'name', 'given_name', 'preferred_username', 'groups', 'tier'])
    expect(id).not.toHaveProperty(claim);
});

test('ORG thin ID token still carries email, name and preferred_username', async () => {
  const id = decodeJwt((await codeFlow('org', 'openid profile email')).id_token!);
  expect(id).toMatchObject({
    email: 'alice@example.com',
    name: 'Alice Example',
    preferred_username: 'alice.admin',
  });
  expect(id).not.toHaveProperty('given_name');
  expect(id).not.toHaveProperty('email_verified');
});

test('codeFlowIdToken: fat gives the scope claims in the ID token', async () => {
  await idp.configure({ ...BASE, codeFlowIdToken: 'fat' });
  try {
    const id = decodeJwt((await codeFlow('default', 'openid profile email groups')).id_token!);
    expect(id).toMatchObject({
      email: 'alice@example.com',
      email_verified: true,
      given_name: 'Alice',
      family_name: 'Example',
      preferred_username: 'alice.admin',
      groups: ['Everyone', 'Admins'],
      tier: 'gold',
      department: 'Sales',
    });
  } finally {
    await idp.configure(BASE);
  }
});

test('implicit: id_token alone is fat, id_token token is thin with at_hash', async () => {
  const fat = decodeJwt(
    (await signIn('default', { response_type: 'id_token', scope: 'openid email' })).get(
      'id_token',
    )!,
  );
  expect(fat).toMatchObject({ email: 'alice@example.com', nonce: 'n-1' });
  const both = await signIn('default', { response_type: 'id_token token', scope: 'openid email' });
  const thin = decodeJwt(both.get('id_token')!);
  expect(thin).not.toHaveProperty('email');
  expect(typeof thin.at_hash).toBe('string');
  expect(both.get('access_token')).toBeTruthy();
  expect(both.has('iss')).toBe(false);
});

test('no iss in the authorization response', async () => {
  const params = await signIn('default', { scope: 'openid' });
  expect(params.has('code')).toBe(true);
  expect(params.has('iss')).toBe(false);
});

test('/userinfo with the JWT access token: claims per scope; Okta errors otherwise', async () => {
  const tokens = await codeFlow('default', 'openid profile email phone address groups');
  const res = await fetch(endpoint('default', 'userinfo'), {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    sub: idp.users[0]!.id,
    name: 'Alice Example',
    given_name: 'Alice',
    family_name: 'Example',
    preferred_username: 'alice.admin',
    email: 'alice@example.com',
    email_verified: true,
    groups: ['Everyone', 'Admins'],
  });
  const only = await codeFlow('default', 'openid');
  const minimal = (await (
    await fetch(endpoint('default', 'userinfo'), {
      headers: { authorization: `Bearer ${only.access_token}` },
    })
  ).json()) as Record<string, unknown>;
  expect(minimal).toEqual({ sub: idp.users[0]!.id });
  const bad = await fetch(endpoint('default', 'userinfo'), {
    headers: { authorization: 'Bearer nope' },
  });
  expect(bad.status).toBe(401);
  expect(bad.headers.get('www-authenticate')).toBe(
    'Bearer error="invalid_token", error_description="The access token is invalid"',
  );
  // A token of another server is invalid here: other issuer, other keys.
  const org = await codeFlow('org', 'openid');
  expect(
    (
      await fetch(endpoint('default', 'userinfo'), {
        headers: { authorization: `Bearer ${org.access_token}` },
      })
    ).status,
  ).toBe(401);
  const cc = await clientCredentials('orders:read');
  const forbidden = await fetch(endpoint('default', 'userinfo'), {
    headers: { authorization: `Bearer ${cc}` },
  });
  expect(forbidden.status).toBe(401);
});

async function clientCredentials(scope: string) {
  const res = await fetch(endpoint('default', 'token'), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${idp.app.clientId}:${idp.app.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

test('client credentials: no uid, sub = client id', async () => {
  const at = decodeJwt(await clientCredentials('orders:read'));
  expect(at).toMatchObject({
    cid: idp.app.clientId,
    sub: idp.app.clientId,
    scp: ['orders:read'],
    aud: 'api://default',
  });
  expect(at).not.toHaveProperty('uid');
});

test('/introspect: active JWT access token, inactive garbage, client authentication required', async () => {
  const tokens = await codeFlow('default', 'openid offline_access');
  const introspect = (token: string, auth = true) =>
    fetch(endpoint('default', 'introspect'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token,
        client_id: idp.app.clientId,
        ...(auth ? { client_secret: idp.app.clientSecret! } : {}),
      }),
    });
  const active = (await (await introspect(tokens.access_token)).json()) as Record<string, unknown>;
  expect(active).toMatchObject({
    active: true,
    scope: 'openid offline_access',
    username: 'alice.admin',
    sub: 'alice.admin',
    client_id: idp.app.clientId,
    token_type: 'Bearer',
    aud: 'api://default',
  });
  const refresh = (await (await introspect(tokens.refresh_token!)).json()) as Record<
    string,
    unknown
  >;
  expect(refresh).toMatchObject({ active: true, token_type: 'refresh_token' });
  expect(await (await introspect('garbage')).json()).toEqual({ active: false });
  expect((await introspect(tokens.access_token, false)).status).toBe(401);
});

test('offline_access gives a refresh token that refreshes; none without it or when the app disallows', async () => {
  const tokens = await codeFlow('default', 'openid offline_access');
  expect(tokens.refresh_token).toBeTruthy();
  const res = await fetch(endpoint('default', 'token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: idp.app.clientId,
      client_secret: idp.app.clientSecret!,
    }),
  });
  expect(res.status).toBe(200);
  const refreshed = (await res.json()) as { access_token: string };
  expect(decodeJwt(refreshed.access_token)).toMatchObject({
    sub: 'alice.admin',
    scp: ['openid', 'offline_access'],
  });
  expect((await codeFlow('default', 'openid')).refresh_token).toBeUndefined();
  await idp.configure({
    ...BASE,
    app: { ...BASE.app, refreshTokens: false, grantTypes: ['authorization_code'] },
  });
  try {
    expect((await codeFlow('default', 'openid offline_access')).refresh_token).toBeUndefined();
  } finally {
    await idp.configure(BASE);
  }
});

test("Okta's jwt-verifier accepts a default-server access token and rejects an ORG one", async () => {
  const verifier = new OktaJwtVerifier({
    issuer: idp.issuer('default'),
    testing: { disableHttpsCheck: true },
  });
  const tokens = await codeFlow('default', 'openid profile');
  const { claims } = await verifier.verifyAccessToken(tokens.access_token, 'api://default');
  expect(claims.sub).toBe('alice.admin');
  const org = await codeFlow('org', 'openid');
  // Configured for the default server, it cannot even find the ORG key.
  await expect(verifier.verifyAccessToken(org.access_token, 'api://default')).rejects.toThrow(
    /Error while resolving signing key for kid/,
  );
  // Pointed at the ORG server's keys, it refuses the ORG token for its audience.
  const orgVerifier = new OktaJwtVerifier({
    issuer: idp.orgIssuer,
    jwksUri: `${idp.url}/oauth2/v1/keys`,
    testing: { disableHttpsCheck: true },
  });
  await expect(orgVerifier.verifyAccessToken(org.access_token, 'api://default')).rejects.toThrow(
    `audience claim ${idp.url} does not match expected audience: api://default`,
  );
});

test('orgAccessTokenVerifiable: false signs ORG access tokens with a key /oauth2/v1/keys does not publish', async () => {
  const e = await startEmulator({
    app: { redirectUris: [CB] },
    users: [USER],
    orgAccessTokenVerifiable: false,
  });
  try {
    const kids = (
      (await (await fetch(`${e.url}/oauth2/v1/keys`)).json()) as { keys: Array<{ kid: string }> }
    ).keys.map((k) => k.kid);
    const minted = await e.mintToken({ server: 'org', kind: 'access_token' });
    expect(kids).not.toContain(decodeProtectedHeader(minted).kid);
    const q = new URLSearchParams({
      client_id: e.app.clientId,
      redirect_uri: CB,
      response_type: 'code',
      state: 's',
      scope: 'openid',
    });
    const code = (await authorizeOverHttp(`${e.url}/oauth2/v1/authorize?${q}`, USER)).params.get(
      'code',
    )!;
    const res = await fetch(`${e.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CB,
        client_id: e.app.clientId,
        client_secret: e.app.clientSecret!,
      }),
    });
    const tokens = (await res.json()) as { access_token: string; id_token: string };
    expect(kids).not.toContain(decodeProtectedHeader(tokens.access_token).kid);
    expect(kids).toContain(decodeProtectedHeader(tokens.id_token).kid);
    const userinfo = await fetch(`${e.url}/oauth2/v1/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(200);
  } finally {
    await e.close();
  }
});

test("openid-client's discovery finds both servers", async () => {
  for (const issuer of [idp.orgIssuer, idp.issuer('default')]) {
    const config = await client.discovery(
      new URL(issuer),
      idp.app.clientId,
      idp.app.clientSecret,
      undefined,
      { execute: [client.allowInsecureRequests] },
    );
    expect(config.serverMetadata().issuer).toBe(issuer);
  }
  const oauth = await client.discovery(
    new URL(idp.issuer('default')),
    idp.app.clientId,
    idp.app.clientSecret,
    undefined,
    { execute: [client.allowInsecureRequests], algorithm: 'oauth2' },
  );
  expect(oauth.serverMetadata().token_endpoint).toBe(endpoint('default', 'token'));
});

test('mintToken: same shape as issued tokens, overrides, foreign key, recorded', async () => {
  const at = await idp.mintToken({
    server: 'default',
    kind: 'access_token',
    scopes: ['orders:read'],
    claims: { cid: null, extra: 'x' },
    expiresInSeconds: -60,
  });
  const p = decodeJwt(at);
  expect(p).toMatchObject({
    iss: idp.issuer('default'),
    aud: 'api://default',
    sub: 'alice.admin',
    scp: ['orders:read'],
    extra: 'x',
  });
  expect(p).not.toHaveProperty('cid');
  expect(Number(p.exp)).toBeLessThan(Date.now() / 1000);
  const verifier = new OktaJwtVerifier({
    issuer: idp.issuer('default'),
    testing: { disableHttpsCheck: true },
  });
  await expect(verifier.verifyAccessToken(at, 'api://default')).rejects.toThrow('Jwt is expired');
  const foreign = await idp.mintToken({
    server: 'default',
    kind: 'access_token',
    signingKey: 'foreign',
  });
  await expect(verifier.verifyAccessToken(foreign, 'api://default')).rejects.toThrow(
    /Error while resolving signing key for kid/,
  );
  const good = await idp.mintToken({ server: 'default', kind: 'access_token' });
  await expect(verifier.verifyAccessToken(good, 'api://default')).resolves.toBeTruthy();
  const thinId = decodeJwt(
    await idp.mintToken({
      server: 'default',
      kind: 'id_token',
      thin: true,
      scopes: ['openid', 'email'],
    }),
  );
  expect(thinId).toMatchObject({ aud: idp.app.clientId, sub: idp.users[0]!.id });
  expect(thinId).not.toHaveProperty('email');
  expect(typeof thinId.at_hash).toBe('string');
  expect(idp.issuedTokens().at(-1)).toMatchObject({
    kind: 'id_token',
    server: 'default',
    via: 'mint',
    clientId: idp.app.clientId,
  });
  await expect(idp.mintToken({ server: 'nope', kind: 'access_token' })).rejects.toThrow(
    /server: unknown authorization server "nope"/,
  );
  await expect(
    idp.mintToken({ server: 'default', kind: 'access_token', user: 'ghost' }),
  ).rejects.toThrow(/user: no user has the login "ghost"/);
});

test('System Log: the sign-in trio for the app, .as. names, filters and paging', async () => {
  const e = await startEmulator({ app: { redirectUris: [CB] }, users: [USER] });
  try {
    const q = new URLSearchParams({
      client_id: e.app.clientId,
      redirect_uri: CB,
      response_type: 'code',
      state: 's',
      scope: 'openid',
    });
    const code = (
      await authorizeOverHttp(`${e.issuer('default')}/v1/authorize?${q}`, USER)
    ).params.get('code')!;
    await fetch(`${e.issuer('default')}/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CB,
        client_id: e.app.clientId,
        client_secret: e.app.clientSecret!,
      }),
    });
    await fetch(
      `${e.url}/oauth2/v1/authorize?${new URLSearchParams({ client_id: e.app.clientId, redirect_uri: CB, response_type: 'code', scope: 'openid orders:read', state: 's' })}`,
      { redirect: 'manual' },
    );
    const logs = async (query: string) => {
      const res = await fetch(`${e.url}/api/v1/logs?${query}`, {
        headers: { authorization: `SSWS ${e.apiToken}` },
      });
      expect(res.status).toBe(200);
      return {
        events: (await res.json()) as Array<{
          eventType: string;
          outcome: { result: string; reason: string | null };
        }>,
        link: res.headers.get('link') ?? '',
      };
    };
    const all = (await logs('')).events.map((ev) => ev.eventType);
    for (const type of [
      'user.session.start',
      'user.authentication.sso',
      'app.oauth2.as.authorize.code',
      'app.oauth2.as.token.grant.access_token',
      'app.oauth2.as.token.grant.id_token',
      'app.oauth2.authorize',
    ]) {
      expect(all).toContain(type);
    }
    const failures = (
      await logs(
        new URLSearchParams({
          filter: 'outcome.result eq "FAILURE" and eventType sw "app.oauth2"',
        }).toString(),
      )
    ).events;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((ev) => ev.outcome.result === 'FAILURE')).toBe(true);
    expect(
      failures.some((ev) =>
        ev.outcome.reason?.includes('Custom scopes are not allowed for this request.'),
      ),
    ).toBe(true);
    const page = await logs('limit=2');
    expect(page.events).toHaveLength(2);
    expect(page.link).toMatch(/rel="next"/);
    const bad = await fetch(`${e.url}/api/v1/logs`, { headers: { authorization: 'SSWS wrong' } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { errorCode: string }).errorCode).toBe('E0000011');
  } finally {
    await e.close();
  }
});

test('no oidc-provider warning or notice while building servers and signing in', async () => {
  const lines: string[] = [];
  const saved = { warn: console.warn, info: console.info, log: console.log, error: console.error };
  for (const k of ['warn', 'info', 'log', 'error'] as const)
    console[k] = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  try {
    const e = await startEmulator({ app: { redirectUris: [CB] }, users: [USER], rotateKeys: {} });
    const q = new URLSearchParams({
      client_id: e.app.clientId,
      redirect_uri: CB,
      response_type: 'code',
      state: 's',
      scope: 'openid offline_access',
    });
    await authorizeOverHttp(`${e.issuer('default')}/v1/authorize?${q}`, USER);
    await e.close();
  } finally {
    Object.assign(console, saved);
  }
  expect(lines.filter((l) => /oidc-provider/i.test(l))).toEqual([]);
});
