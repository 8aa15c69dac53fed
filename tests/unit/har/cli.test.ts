/**
 * `oidc-harness diagnose --har` through the bin (dist/ must be built): the JSON contract
 * (`diagnoses` first, plus `har`), readable sections, exit codes 0/1/2, and nothing secret
 * printed — no signature, code, client secret, password or cookie value from the HAR.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { har, type Exchange, type Shape } from '../../support/har.js';
import { accessToken, CLIENT_ID, idToken } from '../../support/har-tokens.js';
import { signatureOf } from '../../support/tokens.js';

const BIN = fileURLToPath(new URL('../../../bin/oidc-harness.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));
const IDP = 'https://dev-123456.okta.com';
const SP = 'https://sp.example.com';
const SECRETS = {
  code: 'CODE-0123456789abcdef',
  clientSecret: 'CLIENT-SECRET-9f8e7d6c5b4a',
  password: 'PASSWORD-correct-horse',
  cookie: 'COOKIE-VALUE-a1b2c3d4e5',
  verifier: 'VERIFIER-zyxwvutsrq',
};

let dir: string;
test.beforeAll(() => {
  expect(existsSync(MAIN), 'dist/ is missing: run `npm run build` first').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-har-cli-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'diagnose', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, xs: Exchange[], shape: Shape = 'chrome'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(har(xs, shape)));
  return file;
}

/** A whole sign-in with every kind of secret in it, ending in the SP's 401. */
async function signIn(shape: Shape): Promise<{ file: string; tokens: string[] }> {
  const at = await accessToken('api://default');
  const id = await idToken({ at_hash: 'h' });
  const file = write(
    `${shape}.har`,
    [
      {
        method: 'POST',
        url: `${IDP}/api/v1/authn`,
        status: 200,
        at: 0,
        body: JSON.stringify({ status: 'SUCCESS', sessionToken: 'x' }),
        form: { username: 'alice@example.com', password: SECRETS.password },
        responseHeaders: { 'set-cookie': `sid=${SECRETS.cookie}; Path=/; HttpOnly` },
      },
      {
        url: `${IDP}/oauth2/default/v1/authorize?client_id=${CLIENT_ID}&scope=openid%20email`,
        status: 302,
        at: 100,
        requestHeaders: { cookie: `sid=${SECRETS.cookie}` },
        responseHeaders: { location: `https://app.example.com/cb?code=${SECRETS.code}&state=s` },
      },
      {
        method: 'POST',
        url: `${IDP}/oauth2/default/v1/token`,
        status: 200,
        at: 200,
        form: {
          grant_type: 'authorization_code',
          code: SECRETS.code,
          client_secret: SECRETS.clientSecret,
          code_verifier: SECRETS.verifier,
        },
        body: JSON.stringify({
          token_type: 'Bearer',
          access_token: at,
          id_token: id,
          scope: 'openid email',
        }),
      },
      {
        // In the sanitized export the token is nowhere in the request: the test of inference.
        url: shape === 'sanitized' ? `${SP}/api/me` : `${SP}/api/me?access_token=${at}`,
        status: 401,
        at: 300,
        requestHeaders: { authorization: `Bearer ${at}`, cookie: `sp=${SECRETS.cookie}` },
        responseHeaders: {
          'www-authenticate':
            'Bearer error="invalid_token", error_description="The audience is invalid"',
        },
        body: '{"error":"invalid_token"}',
      },
    ],
    shape,
  );
  return { file, tokens: [at, id] };
}

function expectNothingSecret(printed: string, tokens: string[]) {
  for (const t of tokens) expect(printed).not.toContain(signatureOf(t));
  for (const [name, value] of Object.entries(SECRETS)) expect(printed, name).not.toContain(value);
}

test('--json: {"diagnoses":[…]} first, the har extension beside it, exit 1, nothing secret', async () => {
  const { file, tokens } = await signIn('chrome');
  const r = run(['--har', file, '--json', '--audience', 'api://orders']);
  expect(r.code, r.stderr).toBe(1);
  const out = JSON.parse(r.stdout) as Record<string, unknown> & {
    diagnoses: { code: string }[];
    har: {
      sanitized: boolean;
      rejections: { request: { url: string }; status: number; diagnoses: unknown[] }[];
    };
  };
  expect(Object.keys(out)).toEqual(['diagnoses', 'har']);
  expect(out.diagnoses[0]?.code).toBe('audience_mismatch');
  expect(out.har.sanitized).toBe(false);
  expect(out.har.rejections).toHaveLength(1);
  expect(out.har.rejections[0]!.status).toBe(401);
  expect(out.har.rejections[0]!.request.url).toBe(`${SP}/api/me?access_token=<redacted>`);
  expect(out.har.rejections[0]!.diagnoses.length).toBeGreaterThan(0);
  expectNothingSecret(r.stdout + r.stderr, tokens);
});

test('text: one section per rejection with the request, the challenge and the decoded token', async () => {
  const { file, tokens } = await signIn('firefox');
  const r = run(['--har', file, '--audience', 'api://orders']);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toContain('1 SP rejection, 0 authorize errors');
  expect(r.stdout).toContain(`SP rejection: GET ${SP}/api/me?access_token=<redacted> → 401`);
  expect(r.stdout).toContain('WWW-Authenticate: Bearer error="invalid_token"');
  expect(r.stdout).toContain('Token used: access_token, sent in the Authorization header');
  expect(r.stdout).toContain('"aud":"api://default"');
  expect(r.stdout).toContain('audience_mismatch');
  expectNothingSecret(r.stdout + r.stderr, tokens);
});

test('sanitized: the text and the JSON say the token was inferred', async () => {
  const { file, tokens } = await signIn('sanitized');
  const text = run(['--har', file]);
  expect(text.code).toBe(1);
  expect(text.stdout).toContain('The HAR is sanitized');
  expect(text.stdout).toContain(
    'the HAR is sanitized: the token sent is inferred from the token response at',
  );
  const json = run(['--har', file, '--json']);
  const out = JSON.parse(json.stdout) as {
    har: { sanitized: boolean; rejections: { token: { source: string } }[] };
  };
  expect(out.har.sanitized).toBe(true);
  expect(out.har.rejections[0]!.token.source).toBe('inferred');
  expectNothingSecret(text.stdout + json.stdout + json.stderr, tokens);
});

test('nothing rejected: exit 0 and an empty list', async () => {
  const at = await accessToken();
  const file = write('ok.har', [
    {
      url: `${SP}/api/me`,
      status: 200,
      at: 0,
      requestHeaders: { authorization: `Bearer ${at}` },
      body: '{}',
    },
  ]);
  const json = run(['--har', file, '--json']);
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({ diagnoses: [], har: { rejections: [] } });
  const text = run(['--har', file]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('Nothing was rejected');
});

test('bad input exits 2 with one line: flags the HAR answers itself, a file that is not a HAR', async () => {
  const file = write('x.har', [{ url: `${SP}/`, status: 200, at: 0 }]);
  const clash = run(['--har', file, '--sp-status', '401']);
  expect(clash.code).toBe(2);
  expect(clash.stderr.trim()).toBe(
    `oidc-harness: --har ${file} with --sp-status: the HAR holds the tokens and the SP's answers; give one or the other`,
  );
  const notHar = join(dir, 'cases.json');
  writeFileSync(notHar, JSON.stringify({ cases: [] }));
  const r = run(['--har', notHar, '--json']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim()).toBe(
    `oidc-harness: ${notHar}: JSON but not a HAR: the top-level object has no "log" key (it has keys "cases")`,
  );
});
