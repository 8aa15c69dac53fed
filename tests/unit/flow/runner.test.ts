import { test, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  FlowError,
  runBrowserFlow,
  startCallbackListener,
  type FlowRequest,
} from '../../../src/flow/index.js';

// These requests fail before the browser is used, so no page is needed.
const noPage = {} as Page;
const noDriver = { name: 'none', signIn: async () => {} };

function request(overrides: Partial<FlowRequest>): FlowRequest {
  return {
    issuer: 'http://127.0.0.1:9/',
    clientId: 'client',
    redirectUri: 'http://127.0.0.1:9/callback',
    flow: 'code',
    scopes: ['openid'],
    ...overrides,
  };
}

async function failure(run: Promise<unknown>): Promise<FlowError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FlowError);
  return error as FlowError;
}

test('an issuer that does not answer discovery is a discovery_failed error naming it', async () => {
  const callback = await startCallbackListener();
  try {
    const error = await failure(runBrowserFlow(noPage, request({}), noDriver, { callback }));
    expect(error.code).toBe('discovery_failed');
    expect(error.message).toContain('http://127.0.0.1:9/');
  } finally {
    await callback.close();
  }
});

test('an implicit ID token request without openid is refused before anything runs', async () => {
  const error = await failure(
    runBrowserFlow(noPage, request({ flow: 'implicit', scopes: ['profile'] }), noDriver),
  );
  expect(error.code).toBe('request_invalid');
  expect(error.message).toContain('openid');
});

test('a redirect URI the harness cannot listen on needs a callback listener', async () => {
  const error = await failure(
    runBrowserFlow(noPage, request({ redirectUri: 'https://app.example.com/callback' }), noDriver),
  );
  expect(error.code).toBe('request_invalid');
  expect(error.message).toContain('options.callback');
});
