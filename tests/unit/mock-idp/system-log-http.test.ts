import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SystemLog, createLogsHandler } from '../../../mock-idp/system-log/index.js';
import {
  SystemLogError,
  fetchSystemLog,
  fetchSystemLogPages,
  parseLinkHeader,
} from '../../../src/okta/system-log-client.js';

const API_TOKEN = '00aTestTokenDoNotPrint-123';

interface Served {
  log: SystemLog;
  url: string;
  requests: string[];
  close: () => Promise<void>;
}

/** The handler on 127.0.0.1, port 0, routed like the emulator will: GET /api/v1/logs. */
async function serve(count: number): Promise<Served> {
  let now = Date.parse('2025-03-01T10:00:00.000Z');
  const log = new SystemLog({ now: () => now });
  for (let i = 0; i < count; i++) {
    log.record({ eventType: `test.event.${i}` });
    now += 10;
  }
  const handler = createLogsHandler(log, { apiToken: API_TOKEN });
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    requests.push(url.pathname + url.search);
    if (url.pathname === '/api/v1/logs') handler(req, res, url);
    else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    log,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function get(url: string, token: string | null = API_TOKEN, method = 'GET') {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== null) headers.Authorization = `SSWS ${token}`;
  const res = await fetch(url, { method, headers });
  const text = await res.text();
  return { res, text, body: text ? (JSON.parse(text) as unknown) : undefined };
}

test.describe('GET /api/v1/logs over HTTP', () => {
  let s: Served;
  test.beforeEach(async () => {
    s = await serve(5);
  });
  test.afterEach(async () => {
    await s.close();
  });

  test('200: a JSON array, application/json, self link only when nothing remains', async () => {
    const { res, body } = await get(`${s.url}/api/v1/logs?limit=10`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(Array.isArray(body)).toBe(true);
    expect((body as { eventType: string }[]).map((e) => e.eventType)).toHaveLength(5);
    expect(res.headers.get('link')).toBe(`<${s.url}/api/v1/logs?limit=10>; rel="self"`);
  });

  test('two Link headers, self and next, when more events remain', async () => {
    const { res } = await get(`${s.url}/api/v1/logs?limit=2`);
    const links = parseLinkHeader(res.headers.get('link'));
    expect(links.self).toBe(`${s.url}/api/v1/logs?limit=2`);
    expect(links.next).toMatch(new RegExp(`^${s.url}/api/v1/logs\\?limit=2&after=\\d+_\\d+$`));
    // Node's fetch joins repeated headers with ", ": two headers, not one.
    expect(res.headers.get('link')?.split(', <')).toHaveLength(2);
  });

  for (const [name, token] of [
    ['missing', null],
    ['wrong', 'not-the-token'],
    ['empty', ''],
  ] as const) {
    test(`401 E0000011 when the SSWS token is ${name}`, async () => {
      const { res, body } = await get(`${s.url}/api/v1/logs`, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(body).toEqual({
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorLink: 'E0000011',
        errorId: expect.stringMatching(/^oae[\w-]{19}$/),
        errorCauses: [],
      });
    });
  }

  test('401 for a Bearer token, even one equal to the API token', async () => {
    const res = await fetch(`${s.url}/api/v1/logs`, {
      headers: { Authorization: `Bearer ${API_TOKEN}` },
    });
    expect(res.status).toBe(401);
  });

  test('405 E0000022 for POST', async () => {
    const { res, body } = await get(`${s.url}/api/v1/logs`, API_TOKEN, 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(body).toMatchObject({ errorCode: 'E0000022' });
  });

  test('400s carry Okta bodies naming the parameter; never a 500 or a stack trace', async () => {
    const cases: [string, string, RegExp][] = [
      ['since=yesterday', 'E0000001', /^Api validation failed: 'since': /],
      ['until=2025-02-30', 'E0000001', /^Api validation failed: 'until': /],
      ['limit=1001', 'E0000001', /'limit': must be an integer between 0 and 1000/],
      ['sortOrder=sideways', 'E0000001', /'sortOrder'/],
      ['after=%00%ff', 'E0000001', /'after'/],
      ['filter=eventType%20eqq%20%22x%22', 'E0000053', /^Invalid filter 'eventType eqq "x"': /],
      ['filter=%22%22%22', 'E0000053', /^Invalid filter/],
      ['filter=((((', 'E0000053', /^Invalid filter/],
      ['filter=actor.%20eq%20%22x%22', 'E0000053', /^Invalid filter/],
      ['filter=foo%20pr', 'E0000053', /^field is not valid: foo$/],
      [`q=${'z'.repeat(60)}`, 'E0000001', /'q': Freeform search/],
    ];
    for (const [qs, code, summary] of cases) {
      const { res, text, body } = await get(`${s.url}/api/v1/logs?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(body).toMatchObject({ errorCode: code, errorLink: code });
      expect((body as { errorSummary: string }).errorSummary, qs).toMatch(summary);
      expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });

  test('fuzzed parameters never produce a 500', async () => {
    const pieces = [
      'eq',
      'pr',
      '"',
      '(',
      ')',
      'and',
      'or',
      'not',
      'target.id',
      '\\',
      '1e9',
      '-',
      ' ',
    ];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 60; i++) {
      const filter = Array.from({ length: 1 + rand(8) }, () => pieces[rand(pieces.length)]).join(
        rand(2) ? ' ' : '',
      );
      const qs = new URLSearchParams({ filter, limit: String(rand(1500) - 100), q: filter });
      const { res } = await get(`${s.url}/api/v1/logs?${qs}`);
      expect([200, 400], `${qs}`).toContain(res.status);
    }
  });
});

test.describe('System Log client', () => {
  test('follows rel="next" across 3 pages and returns every event in order', async () => {
    const s = await serve(7);
    try {
      const result = await fetchSystemLogPages({ baseUrl: s.url, apiToken: API_TOKEN, limit: 3 });
      expect(result.pages).toBe(3);
      expect(result.complete).toBe(true);
      expect(result.events.map((e) => e.eventType)).toEqual(
        [0, 1, 2, 3, 4, 5, 6].map((i) => `test.event.${i}`),
      );
      expect(s.requests).toHaveLength(3);
      expect(s.requests[1]).toMatch(/after=/);
    } finally {
      await s.close();
    }
  });

  test('passes since, filter, q and sortOrder through to Okta', async () => {
    const s = await serve(7);
    try {
      const events = await fetchSystemLog({
        baseUrl: `${s.url}/`,
        apiToken: API_TOKEN,
        since: new Date('2025-03-01T10:00:00.020Z'),
        filter: 'eventType sw "test.event."',
        q: 'event',
        sortOrder: 'DESCENDING',
      });
      expect(events.map((e) => e.eventType)).toEqual([6, 5, 4, 3, 2].map((i) => `test.event.${i}`));
    } finally {
      await s.close();
    }
  });

  test('stops at maxPages and says the read is incomplete', async () => {
    const s = await serve(7);
    try {
      const result = await fetchSystemLogPages({
        baseUrl: s.url,
        apiToken: API_TOKEN,
        limit: 2,
        maxPages: 2,
      });
      expect(result).toMatchObject({ pages: 2, complete: false });
      expect(result.events).toHaveLength(4);
    } finally {
      await s.close();
    }
  });

  test('a 401 says what Okta answered and never echoes the API token', async () => {
    const s = await serve(1);
    try {
      const wrong = 'wrong-token-value-xyz';
      const err = await fetchSystemLog({ baseUrl: s.url, apiToken: wrong }).catch((e) => e);
      expect(err).toBeInstanceOf(SystemLogError);
      expect(err).toMatchObject({ code: 'unauthorized', status: 401, oktaErrorCode: 'E0000011' });
      expect(err.message).toContain('HTTP 401: E0000011 Invalid token provided');
      expect(err.message).not.toContain(wrong);
    } finally {
      await s.close();
    }
  });

  test('a 400 carries Okta error code and summary', async () => {
    const s = await serve(1);
    try {
      const err = await fetchSystemLog({
        baseUrl: s.url,
        apiToken: API_TOKEN,
        filter: 'eventType zz "x"',
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'bad_request', status: 400, oktaErrorCode: 'E0000053' });
      expect(err.message).toMatch(/Unrecognized attribute operator 'zz'/);
    } finally {
      await s.close();
    }
  });

  test('bad options and an unreachable org are clear errors', async () => {
    await expect(fetchSystemLog({ baseUrl: 'not a url', apiToken: 'x' })).rejects.toThrow(
      /baseUrl must be an absolute http\(s\) URL/,
    );
    await expect(fetchSystemLog({ baseUrl: 'http://127.0.0.1:9', apiToken: '' })).rejects.toThrow(
      /apiToken is required/,
    );
    await expect(
      fetchSystemLog({ baseUrl: 'http://127.0.0.1:9', apiToken: 'x', limit: 5000 }),
    ).rejects.toThrow(/limit must be an integer 0–1000/);
    const s = await serve(0);
    const url = s.url;
    await s.close();
    const err = await fetchSystemLog({ baseUrl: url, apiToken: 'secret-abc' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'network' });
    expect(err.message).not.toContain('secret-abc');
  });

  test('a next link to another origin is not followed (the token stays with its org)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        Link: [
          '<http://127.0.0.1:1/self>; rel="self"',
          '<http://evil.example/api/v1/logs?after=1>; rel="next"',
        ],
      });
      res.end('[{"eventType":"x"}]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const err = await fetchSystemLog({
        baseUrl: `http://127.0.0.1:${port}`,
        apiToken: 't',
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'foreign_next_link' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
