import { test, expect } from '@playwright/test';
import { startCallbackListener, type CallbackListener } from '../../../src/flow/callback.js';
import { FlowError } from '../../../src/flow/errors.js';
import { redactUrl } from '../../../src/token/redact.js';

let listener: CallbackListener;
test.beforeEach(async () => {
  listener = await startCallbackListener();
});
test.afterEach(async () => {
  await listener.close();
});

test('listens on a free loopback port at /callback by default', () => {
  expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  expect(listener.redirectUri).not.toContain(':0/');
});

test('a query response is captured with its parameters', async () => {
  const pending = listener.next(2000);
  const res = await fetch(`${listener.redirectUri}?code=abc&state=s1`);
  expect(res.status).toBe(200);
  const result = await pending;
  expect(result.responseMode).toBe('query');
  expect(result.params.get('code')).toBe('abc');
  expect(result.params.get('state')).toBe('s1');
  expect(result.url.searchParams.get('code')).toBe('abc');
});

test('a response that arrived before next() is kept for it', async () => {
  await fetch(`${listener.redirectUri}?error=access_denied&state=s2`);
  const result = await listener.next(50);
  expect(result.params.get('error')).toBe('access_denied');
});

test('a form_post response is captured from the body', async () => {
  const pending = listener.next(2000);
  const res = await fetch(listener.redirectUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ code: 'c1', state: 's3', id_token: 'a.b.c' }),
  });
  expect(res.status).toBe(200);
  const result = await pending;
  expect(result.responseMode).toBe('form_post');
  expect(result.params.get('id_token')).toBe('a.b.c');
});

test('a GET without response parameters serves the fragment relay page', async () => {
  const res = await fetch(listener.redirectUri);
  const html = await res.text();
  expect(html).toContain('location.hash');
  expect(html).toContain('oidc_harness_relay=fragment');
});

test('a relayed fragment is captured as a fragment response with the URL hash restored', async () => {
  const pending = listener.next(2000);
  await fetch(`${listener.redirectUri}?oidc_harness_relay=fragment`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'access_token=t&token_type=Bearer&state=s4',
  });
  const result = await pending;
  expect(result.responseMode).toBe('fragment');
  expect(result.params.get('access_token')).toBe('t');
  expect(result.url.hash).toBe('#access_token=t&token_type=Bearer&state=s4');
  expect(result.url.search).toBe('');
});

test('other paths answer 404 and are not taken as responses', async () => {
  const res = await fetch(new URL('/favicon.ico', listener.redirectUri));
  expect(res.status).toBe(404);
  await expect(listener.next(30)).rejects.toThrow(FlowError);
});

test('next() times out with a coded error naming the redirect URI', async () => {
  const error = await listener.next(20).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FlowError);
  expect((error as FlowError).code).toBe('callback_timeout');
  expect((error as FlowError).message).toContain(listener.redirectUri);
});

test('clear() forgets responses nobody took', async () => {
  await fetch(`${listener.redirectUri}?code=stale&state=old`);
  listener.clear();
  const pending = listener.next(2000);
  await fetch(`${listener.redirectUri}?code=fresh&state=new`);
  expect((await pending).params.get('code')).toBe('fresh');
});

test('a given path is used, and a path without a leading slash is refused', async () => {
  const other = await startCallbackListener({ path: '/implicit/callback' });
  try {
    expect(other.redirectUri).toMatch(/\/implicit\/callback$/);
  } finally {
    await other.close();
  }
  await expect(startCallbackListener({ path: 'cb' })).rejects.toThrow(/must start with "\/"/);
});

test('redactUrl hides codes and tokens in the query and the fragment', () => {
  const url = redactUrl(
    'http://u:p@127.0.0.1:1/cb?code=SECRET&state=s#access_token=TOKEN&id_token=ID&token_type=Bearer',
  );
  expect(url).not.toContain('SECRET');
  expect(url).not.toContain('TOKEN');
  expect(url).not.toContain('ID&');
  expect(url).not.toContain('u:p@');
  expect(url).toContain('state=s');
  expect(url).toContain('code=<redacted>');
  expect(redactUrl('not a url')).toBe('not a url');
});

test('clear() also ends a pending next(), so the next flow gets its own response', async () => {
  const abandoned = listener.next(5000);
  listener.clear();
  const error = await abandoned.catch((e: unknown) => e);
  expect((error as FlowError).code).toBe('callback_cancelled');
  const pending = listener.next(2000);
  await fetch(`${listener.redirectUri}?code=mine&state=s`);
  expect((await pending).params.get('code')).toBe('mine');
});
