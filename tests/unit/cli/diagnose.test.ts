/**
 * `oidc-harness diagnose` end to end through the bin (dist/ must be built: `npm run build`,
 * which `npm test` runs first).
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JWTPayload } from 'jose';
import {
  hmacJwt,
  jwksOf,
  signJwt,
  testKey,
  unsignedJwt,
  type TestKey,
} from '../../support/tokens.js';

const BIN = fileURLToPath(new URL('../../../bin/oidc-harness.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));
const ISSUER = 'https://dev-123456.okta.com/oauth2/default';
const CLIENT_ID = '0oa1b2c3d4e5f6g7h8i9';

function run(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, [BIN, 'diagnose', ...args], {
    encoding: 'utf8',
    ...(stdin !== undefined ? { input: stdin } : {}),
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let keys: TestKey;
let otherKeys: TestKey;
const now = () => Math.floor(Date.now() / 1000);
const mint = (payload: JWTPayload, kid = 'k1', key = keys) =>
  signJwt(
    { ver: 1, iss: ISSUER, iat: now() - 5, exp: now() + 3600, ...payload },
    { key, header: { kid } },
  );
const access = () =>
  mint({
    jti: 'AT.1',
    aud: 'api://default',
    cid: CLIENT_ID,
    scp: ['openid'],
    sub: 'alice@example.com',
  });
const thinId = () =>
  mint({ jti: 'ID.1', aud: CLIENT_ID, sub: '00u1a2b3c4d5e6f7g8h9', at_hash: 'abc', amr: ['pwd'] });

test.beforeAll(async () => {
  expect(existsSync(MAIN), 'dist/ is missing: run `npm run build` first').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-diagnose-'));
  keys = await testKey('k1');
  otherKeys = await testKey('k1');
  writeFileSync(join(dir, 'keys.json'), JSON.stringify(jwksOf(keys)));
  writeFileSync(join(dir, 'not-json.json'), 'nope');
});

test('a token the SP would accept: exit 0, and the output says the signature was not checked', async () => {
  const r = run(['--token', await access(), '--issuer', ISSUER, '--audience', 'api://default']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('No problem found');
  expect(r.stdout).toContain('signature not checked');
});

test('--json prints only {"diagnoses":[…]}, most likely cause first, exit 1', async () => {
  const token = await thinId();
  const r = run([
    '--token',
    token,
    '--token-use',
    'id_token',
    '--client-id',
    CLIENT_ID,
    '--require-claim',
    'email',
    '--sp-status',
    '401',
    '--json',
  ]);
  expect(r.code).toBe(1);
  const out = JSON.parse(r.stdout) as {
    diagnoses: Array<{ code: string; summary: string; evidence: object; fix: string }>;
  };
  expect(Object.keys(out)).toEqual(['diagnoses']);
  expect(out.diagnoses[0]?.code).toBe('thin_id_token');
  expect(out.diagnoses[0]?.fix).toContain('/userinfo');
  expect(r.stdout).not.toContain(token.split('.')[2]);
});

test('readable text puts the evidence side by side and never shows the signature', async () => {
  const token = await access();
  const r = run(['--token', token, '--audience', CLIENT_ID]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/1\. token_type_mismatch/);
  expect(r.stdout).toMatch(/aud\s*│\s*api:\/\/default\s*│\s*0oa1b2c3d4e5f6g7h8i9/);
  expect(r.stdout).toContain('Fix:');
  expect(r.stdout).not.toContain(token.split('.')[2]);
});

test('--token-file - reads stdin, a pasted "Bearer " prefix is fine; the SP words are used', async () => {
  const r = run(
    [
      '--token-file',
      '-',
      '--www-authenticate',
      'Bearer error="invalid_token", error_description="Jwt is expired"',
      '--json',
    ],
    `Bearer ${await access()}\n`,
  );
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout).diagnoses[0].code).toBe('token_expired');
  expect(r.stderr).toContain('signature not checked');
});

test('--jwks checks the signature offline: good key, wrong key, unknown kid', async () => {
  const jwks = join(dir, 'keys.json');
  const good = run(['--token', await access(), '--audience', 'api://default', '--jwks', jwks]);
  expect(good.code).toBe(0);
  expect(good.stdout).toContain('signature checked');
  const forged = await mint({ aud: 'api://default', jti: 'AT.2', cid: CLIENT_ID }, 'k1', otherKeys);
  const bad = run(['--token', forged, '--audience', 'api://default', '--jwks', jwks, '--json']);
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.stdout).diagnoses[0].code).toBe('signature_invalid');
  const rotated = await mint(
    { aud: 'api://default', jti: 'AT.3', cid: CLIENT_ID },
    'k9',
    otherKeys,
  );
  const unknown = run([
    '--token',
    rotated,
    '--audience',
    'api://default',
    '--jwks',
    jwks,
    '--json',
  ]);
  expect(JSON.parse(unknown.stdout).diagnoses[0].code).toBe('unknown_signing_key');
});

const BAD: Array<[string, string[], RegExp]> = [
  ['not a JWT', ['--token', 'abc'], /--token: not a JWT/],
  [
    'unreadable file',
    ['--token-file', '/nonexistent/token.txt'],
    /--token-file \/nonexistent\/token.txt: no such file/,
  ],
  [
    'bad --token-use',
    ['--token', 'e30.e30.', '--token-use', 'refresh_token'],
    /--token-use refresh_token: expected access_token or id_token/,
  ],
  ['bad --sp-status', ['--sp-status', '99x'], /--sp-status 99x: expected an HTTP status code/],
  ['unknown flag', ['--bogus'], /unknown option '--bogus'/],
  ['nothing given', [], /nothing to diagnose/],
];
for (const [name, args, message] of BAD) {
  test(`bad input exits 2 with a one-line message: ${name}`, () => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
}

test('bad --jwks exits 2 naming the file', async () => {
  const r = run(['--token', await access(), '--jwks', join(dir, 'not-json.json')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--jwks .*not-json\.json: not JSON/);
});

test('a bare token with no expectations says what could and could not be checked, never "would accept"', async () => {
  const r = run(['--token', await access()]);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toContain('would accept');
  // The lines wrap to the terminal: compare the words, not the line breaks.
  const words = r.stdout.replace(/\s+/g, ' ');
  expect(words).toContain('Not checked: issuer, audience');
  expect(words).toContain('signature (give --jwks FILE)');
});

test('alg none and an HMAC-signed Okta-looking token are algorithm_not_allowed without any expectation', async () => {
  const payload = { iss: ISSUER, aud: 'api://default', sub: 'a', iat: now(), exp: now() + 600 };
  const none = unsignedJwt(payload);
  const hs = await hmacJwt(payload);
  for (const token of [none, hs]) {
    const r = run(['--token', token, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { diagnoses: { code: string }[] };
    expect(out.diagnoses[0]?.code).toBe('algorithm_not_allowed');
    expect(r.stdout).not.toContain('would accept');
  }
  // An HS256 token from some other issuer is not called forged without the SP's list.
  const other = await hmacJwt({ ...payload, iss: 'https://auth.example.org' });
  const r = run(['--token', other, '--json']);
  const out = JSON.parse(r.stdout) as { diagnoses: { code: string }[] };
  expect(out.diagnoses.map((d) => d.code)).not.toContain('algorithm_not_allowed');
});
