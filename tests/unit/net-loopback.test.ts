/**
 * One answer to "is this loopback?" (src/net/loopback.ts), and `[::1]` treated as loopback
 * everywhere: the flow runner used to refuse an `http://[::1]` redirect URI that the tenant
 * settings accepted, and the tenant's callback listener accepted one but listened on 127.0.0.1.
 */
import { test, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { createServer } from 'node:http';
import {
  freeLoopbackPort,
  isLoopbackHost,
  isLoopbackHttpUrl,
  listenOnLoopback,
  loopbackOrigin,
  retryWhileAddressInUse,
} from '../../src/net/loopback.js';
import { FlowError, runBrowserFlow, startCallbackListener } from '../../src/flow/index.js';
import { callbackAddressOf, startTenantCallback } from '../../src/okta/tenant-callback.js';
import { orgUrlOf } from '../../src/okta/tenant-settings.js';

test('loopback hosts: 127.0.0.1, localhost and [::1]; nothing that only starts like one', () => {
  for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]', '::1']) {
    expect(isLoopbackHost(host), host).toBe(true);
  }
  for (const host of ['127.0.0.1.example.com', 'localhost.example.com', '10.0.0.1', '[::2]']) {
    expect(isLoopbackHost(host), host).toBe(false);
  }
  expect(isLoopbackHttpUrl('http://[::1]:8080/cb')).toBe(true);
  expect(isLoopbackHttpUrl('http://localhost')).toBe(true);
  expect(isLoopbackHttpUrl('https://127.0.0.1:8443/')).toBe(false);
  expect(isLoopbackHttpUrl('http://localhost.example.com/')).toBe(false);
  expect(isLoopbackHttpUrl('not a url')).toBe(false);
  expect(loopbackOrigin(41234)).toBe('http://127.0.0.1:41234');
  expect(loopbackOrigin(41234, '::1')).toBe('http://[::1]:41234');
});

test('an http://[::1] org URL and redirect URI are accepted, and the callback listens on ::1', async () => {
  expect(orgUrlOf('http://[::1]:41234')).toBe('http://[::1]:41234');
  const port = await freeLoopbackPort();
  const uri = `http://[::1]:${port}/authorization-code/callback`;
  expect(callbackAddressOf(uri)).toEqual({
    host: '::1',
    port,
    path: '/authorization-code/callback',
  });
  const listener = await startTenantCallback(uri, { waitMs: 0 });
  try {
    const answer = await fetch(`${uri}?code=abc&state=xyz`);
    expect(answer.status).toBe(200);
    const result = await listener.next(1000);
    expect(result.params.get('code')).toBe('abc');
    expect(listener.redirectUri).toBe(uri);
  } finally {
    await listener.close();
  }
});

test('the flow runner takes an http://[::1] redirect URI as loopback, as the settings do', async () => {
  const port = await freeLoopbackPort();
  const run = runBrowserFlow(
    {} as Page,
    {
      issuer: 'http://127.0.0.1:9/',
      clientId: 'client',
      redirectUri: `http://[::1]:${port}/callback`,
      flow: 'code',
      scopes: ['openid'],
    },
    { name: 'none', signIn: async () => {} },
  );
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FlowError);
  // Past the redirect URI check: it fails at discovery (nothing answers on port 9).
  expect((error as FlowError).code).toBe('discovery_failed');
});

test('a callback listener on ::1 answers at its own [::1] URL', async () => {
  const listener = await startCallbackListener({ host: '::1' });
  try {
    expect(listener.redirectUri).toMatch(/^http:\/\/\[::1\]:\d+\/callback$/);
    expect((await fetch(`${listener.redirectUri}?error=access_denied`)).status).toBe(200);
    expect((await listener.next(1000)).params.get('error')).toBe('access_denied');
  } finally {
    await listener.close();
  }
});

test('a port in use is retried until it frees up, then the wait ends with the caller’s error', async () => {
  const holder = createServer();
  const origin = await listenOnLoopback(holder);
  const port = Number(new URL(origin).port);
  let tries = 0;
  const bind = () => {
    tries++;
    return listenOnLoopback(createServer(), port);
  };
  const timedOut = await retryWhileAddressInUse(bind, {
    waitMs: 60,
    intervalMs: 20,
    timedOut: () => new Error(`port ${port} stayed in use`),
  }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(timedOut?.message).toBe(`port ${port} stayed in use`);
  expect(tries).toBeGreaterThan(1);

  setTimeout(() => holder.close(), 50);
  const second = createServer();
  const url = await retryWhileAddressInUse(() => listenOnLoopback(second, port), {
    waitMs: 5000,
    intervalMs: 20,
    timedOut: () => new Error('never freed'),
  });
  expect(url).toBe(`http://127.0.0.1:${port}`);
  await new Promise((resolve) => second.close(resolve));
});
