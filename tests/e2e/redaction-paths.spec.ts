/**
 * No signature and no secret on any output path. A signed token whose signature the test knows,
 * and a client secret, a password, an API token and a TOTP secret, are fed through every way
 * the harness prints or writes: `diagnose --token` (terminal and `--json`), `--sp-log`,
 * `diagnose --har`, `run` (terminal, `--json`, `--report` HTML/JUnit/JSON, the case evidence it
 * carries, the output folder), `reproduce` (terminal and `--json`) and the System Log client's
 * error message. Tokens are spelled with a header that is not `eyJ…` where the test controls them,
 * since that is the spelling a weaker pattern missed. The header and payload must still show
 * where they are meant to. dist/ must be built (`npm run build`, which `npm test` runs first).
 */
import { test, expect } from '@playwright/test';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASELINE } from '../../mock-idp/index.js';
import { fetchSystemLog } from '../../src/okta/system-log-client.js';
import { startEchoSp, type EchoSp } from '../support/echo-sp.js';
import { har } from '../support/har.js';
import { runBin } from '../support/run-node.js';

const CLIENT_SECRET = 'cs-Redact9f3Kq2LmZ7xV1pR8tW4yB6nD0hJ5';
const PASSWORD = 'pw-Redact7hG2kLq9ZxC4vB1nM8';
const TOTP_SECRET = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BA';
/** The emulator's System Log API token (mock-idp/config.ts). */
const API_TOKEN = BASELINE.apiToken!;
const SECRETS = { CLIENT_SECRET, PASSWORD, TOTP_SECRET, API_TOKEN };

const ISSUER = 'https://dev-133337.okta.com/oauth2/default';
const SUB = 'redaction-subject@example.com';

/** A signed token, its header spelled `{ "alg": … }` (base64url `eyAi…`, not `eyJ…`). */
function signedToken(claims: Record<string, unknown> = {}) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = b64('{ "alg": "RS256", "kid": "redaction-k1", "typ": "JWT" }');
  const payload = b64(
    JSON.stringify({
      iss: ISSUER,
      aud: 'api://default',
      sub: SUB,
      iat: now - 60,
      exp: now + 3600,
      scp: ['openid'],
      ...claims,
    }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString(
    'base64url',
  );
  return { token: `${header}.${payload}.${signature}`, header, payload, signature };
}

/** Fails naming the output if any signature or secret is in `text`. */
function expectClean(what: string, text: string, signatures: readonly string[]): void {
  expect(text.length, `${what}: printed nothing`).toBeGreaterThan(0);
  for (const s of signatures) {
    expect(s.length).toBeGreaterThan(20);
    expect(text, `${what}: a token signature`).not.toContain(s);
  }
  for (const [name, value] of Object.entries(SECRETS)) {
    expect(text, `${what}: ${name}`).not.toContain(value);
  }
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-redaction-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('diagnose --token, --json and --sp-log: header and payload shown, signature and secrets not', async () => {
  const { token, signature } = signedToken();
  const log = join(dir, 'sp.log');
  writeFileSync(
    log,
    [
      `2026-01-02T03:04:05Z WARN rejected Authorization: Bearer ${token}`,
      `2026-01-02T03:04:05Z DEBUG POST /token client_id=0oa1&client_secret=${CLIENT_SECRET}&code=abc123`,
      `2026-01-02T03:04:05Z DEBUG login username=alice password=${PASSWORD}`,
      `2026-01-02T03:04:05Z DEBUG GET /api/v1/logs Authorization: SSWS ${API_TOKEN}`,
      `2026-01-02T03:04:05Z DEBUG enrol otpauth://totp/Okta:alice?secret=${TOTP_SECRET}&issuer=Okta`,
      '2026-01-02T03:04:05Z ERROR JwtValidationException: signature validation failed',
    ].join('\n'),
  );
  const args = ['diagnose', '--token', token, '--issuer', ISSUER, '--audience', 'api://default'];
  for (const [what, extra] of [
    ['diagnose --token', []],
    ['diagnose --token --json', ['--json']],
    ['diagnose --sp-log', ['--sp-log', log]],
    ['diagnose --sp-log --json', ['--sp-log', log, '--json']],
  ] as const) {
    const r = await runBin([...args, ...extra]);
    expect(r.code, `${what}: ${r.stderr}`).not.toBe(2);
    expectClean(what, r.stdout + r.stderr, [signature]);
  }
  // The readable output still names what the token says.
  const text = await runBin(args);
  expect(text.stdout).toContain(ISSUER);
});

test('diagnose --har: a token in the Authorization header, a form body, a query and a fragment', async () => {
  const { token, signature } = signedToken();
  const { token: idToken, signature: idSignature } = signedToken({ aud: '0oa1client' });
  const refresh = 'rt-Redact-opaque-refresh-token-0123456789';
  const file = join(dir, 'chrome.har');
  const sp = 'https://api.example.com';
  const rp = 'https://rp.example.com';
  const idp = 'https://dev-133337.okta.com';
  const doc = har([
    {
      url: `${idp}/oauth2/default/v1/authorize?client_id=0oa1client&response_type=code%20id_token`,
      status: 302,
      at: 0,
      responseHeaders: { location: `${rp}/cb#id_token=${idToken}&code=c0de&state=s1` },
    },
    {
      url: `${idp}/oauth2/default/v1/token`,
      status: 200,
      at: 100,
      form: {
        grant_type: 'authorization_code',
        code: 'c0de',
        client_id: '0oa1client',
        client_secret: CLIENT_SECRET,
        password: PASSWORD,
      },
      body: JSON.stringify({
        token_type: 'Bearer',
        access_token: token,
        id_token: idToken,
        refresh_token: refresh,
      }),
    },
    {
      url: `${sp}/orders?access_token=${token}`,
      status: 401,
      at: 200,
      requestHeaders: { authorization: `Bearer ${token}` },
      responseHeaders: { 'www-authenticate': 'Bearer error="invalid_token"' },
      body: '{"error":"invalid_token"}',
    },
    {
      method: 'POST',
      url: `${rp}/callback`,
      status: 401,
      at: 300,
      form: { id_token: idToken, state: 's1' },
      body: 'token rejected',
      mimeType: 'text/plain',
    },
  ]);
  writeFileSync(file, JSON.stringify(doc));
  // The HAR really carries them all; the output must not.
  const raw = readFileSync(file, 'utf8');
  for (const s of [signature, idSignature, CLIENT_SECRET, PASSWORD]) expect(raw).toContain(s);
  for (const json of [false, true]) {
    const r = await runBin(['diagnose', '--har', file, ...(json ? ['--json'] : [])]);
    const what = `diagnose --har${json ? ' --json' : ''}`;
    expect(r.code, `${what}: ${r.stderr}`).not.toBe(2);
    expectClean(what, r.stdout + r.stderr, [signature, idSignature]);
    expect(r.stdout, what).not.toContain(refresh);
    // The rejected token is shown decoded.
    expect(r.stdout, what).toContain(SUB);
  }
});

/** A case the echo SP refuses although the case expects it to accept: a failing case. */
function echoCase(): string {
  const file = join(dir, 'echo-sp-refuses.yaml');
  writeFileSync(
    file,
    [
      'name: an SP that echoes the token and secrets it saw',
      'idp:',
      '  server: default',
      '  user:',
      '    login: redaction@example.com',
      `    password: ${PASSWORD}`,
      `    totpSecret: ${TOTP_SECRET}`,
      '  app:',
      `    clientSecret: ${CLIENT_SECRET}`,
      'token:',
      '  mint:',
      '    kind: access_token',
      'sp:',
      '  type: url',
      '  url: ${sp.urls.echo}',
      '  send: access_token',
      'expect:',
      '  outcome: accepted',
      '',
    ].join('\n'),
  );
  return file;
}

/** Every file under `root`, as text. */
function filesUnder(root: string): Array<[string, string]> {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => [path, readFileSync(path, 'utf8')]);
}

test.describe('a failing emulator case whose SP echoes tokens and secrets', () => {
  let sp: EchoSp;
  test.beforeAll(async () => {
    sp = await startEchoSp(Object.values(SECRETS));
  });
  test.afterAll(async () => sp?.close());

  test('run: the table, --json, --report (JSON, HTML, JUnit) and the output folder', async () => {
    test.slow();
    const file = echoCase();
    const report = join(dir, 'report');
    const output = join(dir, 'run-output');
    const env = { OIDC_HARNESS_OUTPUT_DIR: output };
    const table = await runBin(['run', file, '--sp', `echo=${sp.url}`, '--workers', '1'], env);
    const json = await runBin(
      ['run', file, '--sp', `echo=${sp.url}`, '--workers', '1', '--json', '--report', report],
      env,
    );
    expect(table.code, table.stdout + table.stderr).toBe(1);
    expect(json.code, json.stderr).toBe(1);
    // The SP really saw tokens and really echoed them (else there is nothing to hide).
    expect(sp.signatures.length).toBeGreaterThan(0);
    expectClean('run', table.stdout + table.stderr, sp.signatures);
    expectClean('run --json', json.stdout + json.stderr, sp.signatures);
    const written = filesUnder(report);
    expect(written.map(([p]) => p.slice(report.length + 1)).sort()).toEqual([
      'junit.xml',
      'report.html',
      'report.json',
    ]);
    for (const [path, text] of written) expectClean(path, text, sp.signatures);
    if (statSync(output, { throwIfNoEntry: false })) {
      for (const [path, text] of filesUnder(output)) expectClean(path, text, sp.signatures);
    }
    // The evidence keeps the SP's answer: the token issued is masked whole (it is one of the
    // run's secrets), its re-spelled copy is cut to header and payload.
    const reportJson = readFileSync(join(report, 'report.json'), 'utf8');
    const payloads = sp.tokens.map((t) => t.split('.')[1]!);
    expect(payloads.some((p) => reportJson.includes(`.${p}.<signature removed>`))).toBe(true);
    expect(reportJson).toContain('<redacted>');
    // Redacted when collected and again when written, a token still carries one marker.
    expect(reportJson).not.toContain('<signature removed><signature removed>');
  });

  test('reproduce: the readable steps and --json evidence', async () => {
    test.slow();
    const file = echoCase();
    const seen = sp.signatures.length;
    const text = await runBin(['reproduce', file, '--sp', `echo=${sp.url}`], { COLUMNS: '160' });
    const json = await runBin(['reproduce', file, '--sp', `echo=${sp.url}`, '--json']);
    expect(sp.signatures.length).toBeGreaterThan(seen);
    expectClean('reproduce', text.stdout + text.stderr, sp.signatures);
    expectClean('reproduce --json', json.stdout + json.stderr, sp.signatures);
    expect(text.stdout).toMatch(
      /access_token — sent to the SP \(header and payload; signature removed\)/,
    );
    const doc = JSON.parse(json.stdout) as {
      evidence: {
        tokens: { access_token?: { payload?: { aud?: unknown } } };
        sp?: { body: string };
      };
    };
    expect(doc.evidence.tokens.access_token?.payload?.aud).toBe('api://default');
    expect(doc.evidence.sp?.body).toContain('<signature removed>');
  });
});

test('the System Log client error: no API token, no signature', async () => {
  const { token, header, payload, signature } = signedToken();
  const server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        errorCode: 'E0000011',
        errorSummary: `Invalid token provided: SSWS ${API_TOKEN} (last seen with ${token})`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const err = (await fetchSystemLog({
      baseUrl: `http://127.0.0.1:${port}`,
      apiToken: API_TOKEN,
    }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expectClean('System Log error', err.message, [signature]);
    expect(err.message).toContain(`${header}.${payload}.<signature removed>`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
