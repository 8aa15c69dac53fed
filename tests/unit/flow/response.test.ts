import { test, expect } from '@playwright/test';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';
import type { CallbackResult } from '../../../src/flow/callback.js';
import { flowConfiguration } from '../../../src/flow/configuration.js';
import { FlowError } from '../../../src/flow/errors.js';
import { parseOktaErrorPage } from '../../../src/flow/okta-error-page.js';
import { processAuthorizationResponse, type SentRequest } from '../../../src/flow/response.js';
import { responseHandling } from '../../../src/flow/runner.js';

let idp: Emulator;
const redirectUri = 'http://127.0.0.1:8999/callback';
test.beforeAll(async () => {
  idp = await startEmulator({ app: { redirectUris: [redirectUri] } });
});
test.afterAll(async () => {
  await idp?.close();
});

async function sent(
  handling: SentRequest['handling'],
  extra: Partial<SentRequest> = {},
): Promise<SentRequest> {
  const config = await flowConfiguration(
    idp.issuer('default'),
    idp.app.clientId,
    idp.app.clientSecret,
    handling,
  );
  const responseType = { code: 'code', hybrid: 'code id_token', implicit: 'id_token' }[handling];
  return {
    config,
    handling,
    redirectUri,
    state: 'state-1',
    nonce: 'nonce-1',
    responseType,
    ...extra,
  };
}

function fragment(params: Record<string, string>): CallbackResult {
  const url = new URL(redirectUri);
  url.hash = new URLSearchParams(params).toString();
  return { url, params: new URLSearchParams(params), responseMode: 'fragment' };
}

test('an implicit ID token with the sent nonce passes and its tokens are returned', async () => {
  const idToken = await idp.mintToken({
    server: 'default',
    kind: 'id_token',
    claims: { nonce: 'nonce-1' },
  });
  const exchange = await processAuthorizationResponse(
    await sent('implicit'),
    fragment({ id_token: idToken, state: 'state-1', expires_in: '3600' }),
  );
  expect(exchange.tokens?.id_token).toBe(idToken);
  expect(exchange.tokens?.expires_in).toBe(3600);
});

test('a nonce that differs from the request is a nonce_mismatch FlowError with both values', async () => {
  const idToken = await idp.mintToken({
    server: 'default',
    kind: 'id_token',
    claims: { nonce: 'someone-else' },
  });
  const error = await processAuthorizationResponse(
    await sent('implicit'),
    fragment({ id_token: idToken, state: 'state-1' }),
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FlowError);
  expect((error as FlowError).code).toBe('nonce_mismatch');
  expect((error as FlowError).details).toEqual({ expected: 'nonce-1', actual: 'someone-else' });
  expect((error as FlowError).message).toContain('"someone-else"');
});

test('a state that differs from the request is a state_mismatch FlowError before any token request', async () => {
  const error = await processAuthorizationResponse(await sent('code'), {
    url: new URL(`${redirectUri}?code=c&state=forged`),
    params: new URLSearchParams({ code: 'c', state: 'forged' }),
    responseMode: 'query',
  }).catch((e: unknown) => e);
  expect((error as FlowError).code).toBe('state_mismatch');
  expect((error as FlowError).details).toEqual({ expected: 'state-1', actual: 'forged' });
});

test('an ID token signed with a key the issuer does not publish is id_token_invalid', async () => {
  const idToken = await idp.mintToken({
    server: 'default',
    kind: 'id_token',
    claims: { nonce: 'nonce-1' },
    signingKey: 'foreign',
  });
  const error = await processAuthorizationResponse(
    await sent('implicit'),
    fragment({ id_token: idToken, state: 'state-1' }),
  ).catch((e: unknown) => e);
  expect((error as FlowError).code).toBe('id_token_invalid');
});

test("the token endpoint's refusal is a result (tokenError), not an exception", async () => {
  const exchange = await processAuthorizationResponse(await sent('code', { nonce: undefined }), {
    url: new URL(`${redirectUri}?code=not-a-code&state=state-1`),
    params: new URLSearchParams({ code: 'not-a-code', state: 'state-1' }),
    responseMode: 'query',
  });
  expect(exchange.tokens).toBeUndefined();
  expect(exchange.tokenError).toMatchObject({ error: 'invalid_grant', status: 400 });
});

test('response types map to the checks they need', () => {
  expect(responseHandling('code')).toBe('code');
  expect(responseHandling('code token')).toBe('code');
  expect(responseHandling('code id_token')).toBe('hybrid');
  expect(responseHandling('code id_token token')).toBe('hybrid');
  expect(responseHandling('id_token token')).toBe('implicit');
  expect(responseHandling('token')).toBe('implicit');
});

test("Okta's 400 page text is parsed into error and description", () => {
  const text =
    '400 BAD REQUEST\nYour request resulted in an error.\nError Code : invalid_request\n' +
    "Description : The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.\n";
  expect(parseOktaErrorPage(text)).toEqual({
    error: 'invalid_request',
    error_description:
      "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
  });
  expect(
    parseOktaErrorPage('Error Code: invalid_client\nYour request resulted in an error.'),
  ).toEqual({
    error: 'invalid_client',
  });
  expect(parseOktaErrorPage('Sign In')).toBeUndefined();
});
