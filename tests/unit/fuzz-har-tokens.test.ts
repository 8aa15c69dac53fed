/**
 * HAR files and tokens generated from real shapes — a Chrome-style sign-in export ending in the
 * SP's 401, and signed JWTs — with values replaced by wrong types, huge or unicode ones, keys
 * removed and text cut. `diagnose` (called in process, as the bin calls it) answers 0, 1 or 2,
 * never with a stack trace, within bounded time and output.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { har } from '../support/har.js';
import { CLIENT_ID, ISSUER, accessToken, idToken } from '../support/har-tokens.js';
import { STACK_FRAME, callCli, check, runs, type Called } from '../support/fuzz.js';
import { runBin } from '../support/run-node.js';

// A longer search (FUZZ_RUNS) has no per-test time limit; the default runs take seconds.
if (process.env.FUZZ_RUNS) test.setTimeout(0);

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-fuzz-har-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSane(r: Called) {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.output).not.toMatch(STACK_FRAME);
  expect(r.output.length).toBeLessThan(256 * 1024);
  expect(r.ms).toBeLessThan(5_000);
}

const odd: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
);

function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** `doc` with the value at the `pick`-th path replaced (or removed when `value` is undefined). */
function mutated(doc: unknown, pick: number, value: unknown): unknown {
  const copy = structuredClone(doc);
  const all = paths(copy);
  const path = all[pick % all.length]!;
  if (path.length === 0) return value;
  let parent = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

let base: unknown;
let tokens: string[] = [];
test.beforeAll(async () => {
  const at = await accessToken('api://default');
  const id = await idToken({ at_hash: 'h' });
  tokens = [at, id];
  const idp = 'https://dev-123456.okta.com';
  base = har([
    {
      url: `${idp}/oauth2/default/v1/authorize?client_id=${CLIENT_ID}&scope=openid%20email`,
      status: 302,
      at: 0,
      responseHeaders: { location: 'https://app.example.com/cb?code=c0de&state=s' },
    },
    {
      method: 'POST',
      url: `${idp}/oauth2/default/v1/token`,
      status: 200,
      at: 100,
      form: { grant_type: 'authorization_code', code: 'c0de', code_verifier: 'v' },
      body: JSON.stringify({ token_type: 'Bearer', access_token: at, id_token: id }),
    },
    {
      url: 'https://sp.example.com/api/me',
      status: 401,
      at: 200,
      requestHeaders: { authorization: `Bearer ${at}` },
      responseHeaders: { 'www-authenticate': 'Bearer error="invalid_token"' },
      body: '{"error":"invalid_token"}',
    },
  ]);
});

test('diagnose --har on generated HAR files: exit 0/1/2, no stack trace, bounded', async () => {
  let n = 0;
  // Load the CLI's modules once, so the first generated input is not timed with the imports.
  writeFileSync(join(dir, 'base.har'), JSON.stringify(base));
  await callCli(['diagnose', '--har', join(dir, 'base.har'), '--json']);
  const harText = fc.oneof(
    fc
      .record({
        edits: fc.array(fc.record({ pick: fc.nat(), value: fc.option(odd, { nil: undefined }) }), {
          minLength: 1,
          maxLength: 4,
        }),
      })
      .map(({ edits }) => {
        let doc = base;
        for (const e of edits) doc = mutated(doc, e.pick, e.value);
        return JSON.stringify(doc) ?? '';
      }),
    fc.nat().map((at) => {
      const text = JSON.stringify(base);
      return text.slice(0, at % text.length);
    }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  await check(
    'HAR files',
    harText,
    async (text) => {
      const file = join(dir, `${n++}.har`);
      writeFileSync(file, text);
      expectSane(await callCli(['diagnose', '--har', file, '--json']));
    },
    runs(100),
  );
});

test('diagnose --token on generated tokens: exit 0/1/2, no stack trace, bounded', async () => {
  await callCli(['diagnose', '--token', tokens[0]!, '--json']);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v) ?? '', 'utf8').toString('base64url');
  const token = fc.oneof(
    // A real token with a claim replaced or removed, re-encoded with its signature kept.
    fc
      .record({
        which: fc.nat(1),
        pick: fc.nat(),
        value: fc.option(odd, { nil: undefined }),
        header: fc.boolean(),
      })
      .map(({ which, pick, value, header }) => {
        const [h, p, s] = tokens[which]!.split('.');
        const part = JSON.parse(Buffer.from((header ? h : p)!, 'base64url').toString()) as unknown;
        const changed = b64(mutated(part, pick, value));
        return header ? `${changed}.${p}.${s}` : `${h}.${changed}.${s}`;
      }),
    // Segments of any JSON, any text, or the wrong number of them.
    fc
      .tuple(
        fc.jsonValue({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({ maxLength: 20 }),
      )
      .map(([h, p, s]) => `${b64(h)}.${b64(p)}.${s}`),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }).map((parts) => parts.join('.')),
  );
  await check(
    'tokens',
    token,
    async (t) => {
      const args = ['diagnose', '--token', t, '--issuer', ISSUER, '--audience', 'api://default'];
      expectSane(await callCli([...args, '--json']));
      expectSane(await callCli(args));
    },
    runs(100),
  );
});

test('a few spawned diagnose runs on broken HAR files exit 2 without a stack trace', async () => {
  const cases = [
    '{"log":{"entries":[{"request":{"method":"POST","url":"x","postData":{"mimeType":7}},"response":{"status":401}}]}}',
    '{"log":',
    '',
  ];
  for (const [i, text] of cases.entries()) {
    const file = join(dir, `spawned-${i}.har`);
    writeFileSync(file, text);
    const r = await runBin(['diagnose', '--har', file]);
    expect([0, 1, 2], r.stderr).toContain(r.code);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  }
});
