/**
 * Inputs and HTTP edges a hostile user or a busy CI meets: YAML alias bombs, HAR fields of the
 * wrong type, values too long to work or to print, System Log paging links, methods and paths
 * Okta refuses with JSON, and sockets that trickle their headers.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFileError, loadCaseFile } from '../../src/case/load.js';
import { extractHar, parseHar } from '../../src/har/index.js';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';
import { har } from '../support/har.js';

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-robust-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = readFileSync(new URL('../../cases/insufficient-scope.yaml', import.meta.url), 'utf8');

async function caseError(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, text);
  try {
    await loadCaseFile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(CaseFileError);
    return (err as Error).message;
  }
  throw new Error(`${name} loaded without an error`);
}

test('a YAML alias bomb is one line naming the file, not a stack trace', async () => {
  const lines = ['a: &a [x, x, x, x, x]'];
  for (let i = 1; i <= 5; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    lines.push(`${cur}: &${cur} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
  }
  const message = await caseError('bomb.yaml', `${lines.join('\n')}\n`);
  expect(message).toMatch(/bomb\.yaml(:\d+)?:? .*alias/i);
  expect(message.split('\n')).toHaveLength(1);
});

test('an alias without an anchor is one line naming the file and the line', async () => {
  const message = await caseError('alias.yaml', 'description: x\nname: *nope\n');
  expect(message).toMatch(/alias\.yaml:2:? .*nope/);
  expect(message.split('\n')).toHaveLength(1);
});

test('a HAR postData.mimeType that is not a string does not crash the extraction', () => {
  for (const mimeType of [42, { type: 'form' }, null]) {
    const doc = har([
      { url: 'https://sp.example.com/api/me', status: 401, at: 0, body: '{"error":"x"}' },
    ]) as unknown as { log: { entries: Array<{ request: Record<string, unknown> }> } };
    doc.log.entries[0]!.request.method = 'POST';
    doc.log.entries[0]!.request.postData = { mimeType, text: 'a=b' };
    const parsed = parseHar(JSON.stringify(doc), 'odd.har');
    expect(() => extractHar(parsed.entries)).not.toThrow();
  }
  // Found by the longer property-based search: a null param among postData.params.
  const doc = har([
    { url: 'https://sp.example.com/api/me', status: 401, at: 0, body: '{"error":"x"}' },
  ]) as unknown as { log: { entries: Array<{ request: Record<string, unknown> }> } };
  doc.log.entries[0]!.request.method = 'POST';
  doc.log.entries[0]!.request.postData = { mimeType: 7, params: [null, { name: 42 }] };
  expect(() => extractHar(parseHar(JSON.stringify(doc), 'odd.har').entries)).not.toThrow();
});

test('a 100 KB scope is refused up front, naming the field and the limit', async () => {
  const text = BASE.replace(
    'scopes: [openid, profile]',
    `scopes: [openid, ${'s'.repeat(100_000)}]`,
  );
  const message = await caseError('scope.yaml', text);
  expect(message).toMatch(/client\.scopes/);
  expect(message).toMatch(/at most [\d,]+ characters/);
  expect(message.length).toBeLessThan(400);
});

test('huge values are cut to a readable length with their size noted', async () => {
  const server = await caseError(
    'server.yaml',
    BASE.replace('server: default', `server: ${'x'.repeat(200_000)}`),
  );
  expect(server).toMatch(/idp\.server/);
  expect(server).toMatch(/200,000 characters/);
  expect(server.length).toBeLessThan(600);
  const key = await caseError('key.json', JSON.stringify({ name: 'n', ['k'.repeat(100_000)]: 1 }));
  expect(key).toMatch(/100,000 characters/);
  expect(key.length).toBeLessThan(600);
});

test.describe('the emulator over HTTP', () => {
  let idp: Emulator;
  test.beforeAll(async () => {
    idp = await startEmulator({});
  });
  test.afterAll(async () => {
    await idp?.close();
  });

  test('System Log paging links carry the emulator origin', async () => {
    for (let i = 0; i < 3; i++) idp.systemLog.record({ eventType: `test.event.${i}` });
    const res = await fetch(`${idp.url}/api/v1/logs?limit=1`, {
      headers: { Authorization: `SSWS ${idp.apiToken}`, Accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const link = res.headers.get('link') ?? '';
    expect(link).toContain(`<${idp.url}/api/v1/logs?`);
    expect(link).toMatch(/rel="next"/);
    expect(link).not.toContain('emulator.invalid');
  });

  test('discovery documents refuse PUT and DELETE with a JSON 405', async () => {
    for (const path of [
      '/.well-known/openid-configuration',
      '/oauth2/default/.well-known/openid-configuration',
      '/oauth2/default/.well-known/oauth-authorization-server',
    ]) {
      for (const method of ['PUT', 'DELETE']) {
        const res = await fetch(`${idp.url}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000022');
      }
    }
  });

  test('a wrong method on token and keys is a JSON 405; an unknown path a JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/oauth2/default/v1/token'],
      ['POST', '/oauth2/default/v1/keys'],
      ['DELETE', '/oauth2/v1/keys'],
    ] as const) {
      const res = await fetch(`${idp.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
    const res = await fetch(`${idp.url}/oauth2/default/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    await res.json();
  });

  test('a socket that trickles its headers is closed by the header timeout', async () => {
    const { port } = new URL(idp.url);
    const started = Date.now();
    const closed = await new Promise<number>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('GET /.well-known/openid-configuration HTTP/1.1\r\nHost: x\r\n');
      });
      const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 500);
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(drip);
        resolve(Date.now() - started);
      });
    });
    expect(closed).toBeLessThan(8_000);
  });
});
