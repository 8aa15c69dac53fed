/**
 * The servers' shared HTTP pieces (src/net/http.ts): JSON answers, a body read with a limit that
 * still lets the server answer, and HTML escaping.
 */
import { test, expect } from '@playwright/test';
import { createServer, type RequestListener } from 'node:http';
import {
  BodyTooLargeError,
  closeServer,
  escapeHtml,
  readBody,
  sendJson,
} from '../../src/net/http.js';
import { listenOnLoopback } from '../../src/net/loopback.js';

async function serving(handler: RequestListener, use: (origin: string) => Promise<void>) {
  const server = createServer(handler);
  const origin = await listenOnLoopback(server);
  try {
    await use(origin);
  } finally {
    await closeServer(server);
  }
}

test('sendJson: Okta-shaped headers by default, the caller’s win, the length is the body’s', async () => {
  await serving(
    (req, res) =>
      req.url === '/own'
        ? sendJson(res, 201, { ok: 'é' }, { 'Content-Type': 'application/json; charset=utf-8' })
        : sendJson(res, 400, { error: 'invalid_request' }, { allow: 'GET' }),
    async (origin) => {
      const plain = await fetch(`${origin}/`);
      expect(plain.status).toBe(400);
      expect(plain.headers.get('content-type')).toBe('application/json');
      expect(plain.headers.get('cache-control')).toBe('no-cache, no-store');
      expect(plain.headers.get('allow')).toBe('GET');
      expect(await plain.json()).toEqual({ error: 'invalid_request' });
      const own = await fetch(`${origin}/own`);
      expect(own.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(own.headers.get('content-length')).toBe(String(Buffer.byteLength('{"ok":"é"}')));
    },
  );
});

test('readBody: a body within the limit is read whole; past it, the server still answers', async () => {
  await serving(
    (req, res) => {
      readBody(req, 1024).then(
        (body) => sendJson(res, 200, { bytes: body.length }),
        (err: unknown) =>
          sendJson(res, err instanceof BodyTooLargeError ? 413 : 500, {
            error: (err as Error).message,
          }),
      );
    },
    async (origin) => {
      const small = await fetch(origin, { method: 'POST', body: 'x'.repeat(1024) });
      expect(await small.json()).toEqual({ bytes: 1024 });
      const big = await fetch(origin, { method: 'POST', body: 'x'.repeat(200 * 1024) });
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ error: 'request entity too large (over 1024 bytes)' });
    },
  );
});

test('escapeHtml: markup and both quotes become text; nothing else changes', () => {
  expect(escapeHtml(`<img src=x onerror="a('b')"> & é`)).toBe(
    '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; é',
  );
  expect(escapeHtml(undefined)).toBe('');
  expect(escapeHtml(42)).toBe('42');
});
