import { test, expect } from '@playwright/test';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';
import {
  AutoDetectSignIn,
  OktaIdentityEngineSignIn,
  SignInError,
} from '../../src/flow/pages/index.js';
import { startCallbackListener, type CallbackListener } from '../../src/flow/callback.js';
import { runBrowserFlow, type FlowRequest } from '../../src/flow/runner.js';
import type { EmulatorConfig } from '../../src/emulator/config.js';

// One emulator and one callback listener per worker; each test applies its own app settings.
let idp: Emulator;
let callback: CallbackListener;
const driver = new OktaIdentityEngineSignIn();

test.beforeAll(async () => {
  [idp, callback] = await Promise.all([startEmulator(), startCallbackListener()]);
});
test.afterAll(async () => {
  await Promise.all([idp?.close(), callback?.close()]);
});

function credentials() {
  const user = idp.users[0]!;
  return { username: user.login, password: user.password! };
}

/** Registers the listener as the app's redirect URI, with the response types the test needs. */
async function configure(delta: EmulatorConfig = {}) {
  await idp.configure({
    ...delta,
    app: {
      grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
      responseTypes: ['code', 'id_token token', 'id_token', 'code id_token'],
      ...delta.app,
      redirectUris: [callback.redirectUri],
    },
  });
}

function request(overrides: Partial<FlowRequest> = {}): FlowRequest {
  return {
    issuer: idp.issuer('default'),
    clientId: idp.app.clientId,
    clientSecret: idp.app.clientSecret!,
    redirectUri: callback.redirectUri,
    flow: 'code',
    scopes: ['openid', 'profile', 'email'],
    ...overrides,
  };
}

function claims(jwt: string | undefined): Record<string, unknown> {
  expect(jwt, 'a JWT').toBeTruthy();
  return JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString('utf8'));
}

test('code + PKCE, confidential client: tokens, userinfo and timings', async ({ page }) => {
  await configure();
  const result = await runBrowserFlow(page, request(), driver, {
    callback,
    credentials: credentials(),
  });
  expect(result.authorizeError).toBeUndefined();
  expect(result.tokenError).toBeUndefined();
  const url = new URL(result.authorizeUrl);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('response_type')).toBe('code');
  const id = claims(result.tokens?.id_token);
  expect(id.aud).toBe(idp.app.clientId);
  expect(id.iss).toBe(idp.issuer('default'));
  expect(id.nonce).toBe(url.searchParams.get('nonce'));
  expect(claims(result.tokens?.access_token).aud).toBe('api://default');
  expect(result.tokens?.token_type?.toLowerCase()).toBe('bearer');
  expect(result.userinfo?.sub).toBe(id.sub);
  expect(result.userinfo?.email).toBe('alice@example.com');
  expect(result.responseMode).toBe('query');
  expect(result.signInSkipped).toBeUndefined();
  expect(result.timings.map((t) => t.step)).toEqual([
    'authorize',
    'sign-in',
    'callback',
    'token',
    'userinfo',
  ]);
});

test('code + PKCE, public client (no secret, token_endpoint_auth_method none)', async ({
  page,
}) => {
  await configure({ app: { public: true, pkceRequired: true } });
  const result = await runBrowserFlow(
    page,
    request({ clientSecret: undefined, issuer: idp.orgIssuer }),
    driver,
    {
      callback,
      credentials: credentials(),
    },
  );
  expect(result.tokenError).toBeUndefined();
  expect(claims(result.tokens?.id_token).iss).toBe(idp.orgIssuer);
  expect(claims(result.tokens?.access_token).aud).toBe(idp.orgIssuer);
});

test('implicit id_token token with nonce: a fragment response, tokens checked, userinfo read', async ({
  page,
}) => {
  await configure();
  const result = await runBrowserFlow(page, request({ flow: 'implicit' }), driver, {
    callback,
    credentials: credentials(),
  });
  const url = new URL(result.authorizeUrl);
  expect(url.searchParams.get('response_type')).toBe('id_token token');
  expect(url.searchParams.get('code_challenge')).toBeNull();
  expect(result.responseMode).toBe('fragment');
  const id = claims(result.tokens?.id_token);
  expect(id.nonce).toBe(url.searchParams.get('nonce'));
  expect(claims(result.tokens?.access_token).aud).toBe('api://default');
  expect(result.tokens?.expires_in).toBeGreaterThan(0);
  // Thin ID token: an access token came with it, the profile claims are at /userinfo.
  expect(id.given_name).toBeUndefined();
  expect(result.userinfo?.given_name).toBe('Alice');
});

test('hybrid code id_token: the front-channel ID token is checked, the code exchanged', async ({
  page,
}) => {
  await configure();
  const result = await runBrowserFlow(page, request({ flow: 'hybrid' }), driver, {
    callback,
    credentials: credentials(),
  });
  expect(new URL(result.authorizeUrl).searchParams.get('response_type')).toBe('code id_token');
  expect(result.responseMode).toBe('fragment');
  expect(result.tokenError).toBeUndefined();
  expect(claims(result.tokens?.id_token).aud).toBe(idp.app.clientId);
  expect(claims(result.tokens?.access_token).aud).toBe('api://default');
});

test('code flow with response_mode form_post', async ({ page }) => {
  await configure();
  const result = await runBrowserFlow(page, request({ responseMode: 'form_post' }), driver, {
    callback,
    credentials: credentials(),
  });
  expect(result.responseMode).toBe('form_post');
  expect(result.tokens?.access_token).toBeTruthy();
});

test('an authorize error redirected to the app is a result: custom scope at the ORG server', async ({
  page,
}) => {
  await configure();
  const result = await runBrowserFlow(
    page,
    request({ issuer: idp.orgIssuer, scopes: ['openid', 'orders:read'] }),
    driver,
    { callback, credentials: credentials() },
  );
  expect(result.tokens).toBeUndefined();
  expect(result.authorizeError).toMatchObject({
    error: 'invalid_scope',
    error_description: 'Custom scopes are not allowed for this request.',
  });
  expect(result.authorizeError?.state).toBe(new URL(result.authorizeUrl).searchParams.get('state'));
});

test("Okta's 400 page for an unregistered redirect_uri is returned as authorizeError with status 400", async ({
  page,
}) => {
  await configure();
  const result = await runBrowserFlow(
    page,
    request({ redirectUri: 'http://127.0.0.1:9/not-registered' }),
    driver,
    { callback, credentials: credentials() },
  );
  expect(result.authorizeError).toMatchObject({ error: 'invalid_request', status: 400 });
  expect(result.authorizeError?.error_description).toContain(
    "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings",
  );
  expect(result.timings.map((t) => t.step)).toEqual(['authorize']);
});

test('silent SSO: the second authorize goes straight to the callback', async ({ page }) => {
  await configure();
  const first = await runBrowserFlow(page, request(), driver, {
    callback,
    credentials: credentials(),
  });
  expect(first.signInSkipped).toBeUndefined();
  // No credentials the second time: a sign-in page would be an error.
  const second = await runBrowserFlow(page, request(), driver, { callback });
  expect(second.signInSkipped).toBe(true);
  expect(claims(second.tokens?.id_token).sub).toBe(claims(first.tokens?.id_token).sub);
  expect(second.timings.map((t) => t.step)).not.toContain('sign-in');
});

test('a wrong password fails the flow with the sign-in page error, not a timeout', async ({
  page,
}) => {
  await configure();
  const error = await runBrowserFlow(page, request(), driver, {
    callback,
    credentials: { username: credentials().username, password: 'wrong-password' },
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignInError);
  expect((error as SignInError).code).toBe('invalid_credentials');
  expect((error as SignInError).message).not.toContain('wrong-password');
});

// A fresh key, a DPoP proof for it on the token request, and the emulator binding the access
// token to it as Okta does (token_type DPoP, cnf.jkt = the key's thumbprint).
test('dpop: the token request carries a DPoP proof and the access token is bound to its key', async ({
  page,
}) => {
  await configure();
  const proofs: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    if (url.endsWith('/v1/token') && headers.get('dpop')) proofs.push(headers.get('dpop')!);
    return realFetch(input, init);
  };
  try {
    const result = await runBrowserFlow(page, request({ dpop: true }), driver, {
      callback,
      credentials: credentials(),
    });
    expect(result.dpopKey?.privateKey.algorithm.name).toBe('ECDSA');
    expect(result.tokens?.access_token).toBeTruthy();
    expect(proofs).toHaveLength(1);
    const header = JSON.parse(Buffer.from(proofs[0]!.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header.typ).toBe('dpop+jwt');
    const publicJwk = await crypto.subtle.exportKey('jwk', result.dpopKey!.publicKey);
    const thumbprint = await calculateJwkThumbprint(publicJwk as JWK);
    expect(await calculateJwkThumbprint(header.jwk)).toBe(thumbprint);
    expect(result.tokens?.token_type?.toLowerCase()).toBe('dpop');
    expect(claims(result.tokens?.access_token).cnf).toEqual({ jkt: thumbprint });
    // /v1/userinfo took it with the DPoP scheme and a proof by the bound key.
    expect(result.userinfoError).toBeUndefined();
    expect(result.userinfo?.sub).toBeTruthy();
    // As Bearer, Okta's answer for a bound token.
    const asBearer = await realFetch(`${idp.issuer('default')}/v1/userinfo`, {
      headers: { authorization: `Bearer ${result.tokens!.access_token}` },
    });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toContain(
      'The resource request must use the DPoP authentication scheme when using a DPoP bound token.',
    );
    // With the DPoP scheme but no proof.
    const noProof = await realFetch(`${idp.issuer('default')}/v1/userinfo`, {
      headers: { authorization: `DPoP ${result.tokens!.access_token}` },
    });
    expect(noProof.status).toBe(401);
    expect(noProof.headers.get('www-authenticate')).toContain('error="invalid_dpop_proof"');
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('the Classic sign-in widget is detected and driven by the auto-detecting driver', async ({
  page,
}) => {
  await configure({ signInWidget: 'classic' });
  const result = await runBrowserFlow(page, request(), new AutoDetectSignIn(), {
    callback,
    credentials: credentials(),
  });
  expect(result.tokens?.id_token).toBeTruthy();
  expect(result.signInSkipped).toBeUndefined();
});

test('an error redirected after sign-in is a result: user not assigned to the app', async ({
  page,
}) => {
  await configure({ app: { assignedUsers: [] } });
  const result = await runBrowserFlow(page, request(), driver, {
    callback,
    credentials: credentials(),
  });
  expect(result.authorizeError).toMatchObject({
    error: 'access_denied',
    error_description: 'User is not assigned to the client application.',
  });
  expect(result.tokens).toBeUndefined();
});

test('the flow returns with the page settled at the redirect URI, so the caller can navigate at once', async ({
  page,
}) => {
  // A listener that receives the response at once but answers the browser 400 ms later: the
  // window in which a caller's own navigation used to be interrupted by the callback's commit.
  // (page.route can't make it: it never sees a request reached through a redirect.)
  const slow = await startCallbackListener();
  const proxy = createServer((req, res) => {
    void fetch(new URL(req.url!, slow.redirectUri)).then(async (answer) => {
      const body = await answer.text();
      await new Promise((resolve) => setTimeout(resolve, 400));
      res.writeHead(answer.status, { 'content-type': 'text/html' }).end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as AddressInfo).port;
  const listener: CallbackListener = {
    redirectUri: `http://127.0.0.1:${port}${new URL(slow.redirectUri).pathname}`,
    next: (ms) => slow.next(ms),
    clear: () => slow.clear(),
    close: () => slow.close(),
  };
  try {
    await idp.configure({ app: { redirectUris: [listener.redirectUri] } });
    const result = await runBrowserFlow(
      page,
      request({ redirectUri: listener.redirectUri }),
      driver,
      { callback: listener, credentials: credentials() },
    );
    expect(result.tokens?.access_token).toBeTruthy();
    expect(page.url().startsWith(listener.redirectUri)).toBe(true);
    await page.goto(`${idp.issuer('default')}/.well-known/openid-configuration`);
    expect(page.url()).toContain('/.well-known/openid-configuration');
  } finally {
    proxy.closeAllConnections();
    await Promise.all([slow.close(), new Promise((resolve) => proxy.close(resolve))]);
  }
});
