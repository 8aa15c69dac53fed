/**
 * `oidc-harness reproduce`: the readable rendering of a case run (pure), and the command through
 * the bin for what needs no browser — bad input (exit 2 before any browser starts), a minted-token
 * case end to end with `--json` and `--report`, and `--help` with examples for every command.
 * dist/ must be built (`npm run build`, which `npm test` runs first).
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReproduction } from '../../../src/cli/reproduce-render.js';
import { diagnose } from '../../../src/diagnosis/engine.js';
import type { SpExpectation } from '../../../src/expectation.js';
import type { CaseRun } from '../../../src/harness/execute.js';
import { compareResult, type ObservedResult } from '../../../src/harness/result.js';
import { colorsFor } from '../../../src/reporters/terminal.js';
import { decodeForDisplay } from '../../../src/token/redact.js';
import { ROOT, runBin } from '../../support/run-node.js';
import { signJwt } from '../../support/tokens.js';

const MAIN = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));
const ISSUER = 'https://dev-133337.okta.com';
const CLIENT_ID = '0oa1abcdefgHIJKLmn5d7';
const SECRET = 'gS3cr3tCl1entS3cret0123456789abcdef';
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;
const JWT_WITH_SIGNATURE = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{10,}/;

/** A case run as the executor returns it: an ID token without `email`, rejected by the SP. */
async function missingEmailRun(): Promise<{ run: CaseRun; idToken: string }> {
  const now = Math.floor(Date.now() / 1000);
  const idToken = await signJwt({
    sub: '00u1abcdEFGH',
    preferred_username: 'alice@example.com',
    iss: ISSUER,
    aud: CLIENT_ID,
    iat: now,
    exp: now + 3600,
  });
  const expectation: SpExpectation = {
    issuer: ISSUER,
    audience: CLIENT_ID,
    clientId: CLIENT_ID,
    tokenUse: 'id_token',
    requireClaims: ['email'],
  };
  const wwwAuthenticate =
    'Bearer error="invalid_token", error_description="the token has no email claim"';
  const body = `{"error":"invalid_token","client_secret":"${SECRET}"}`;
  const diagnoses = diagnose({
    token: idToken,
    tokens: { id_token: idToken },
    presented: 'id_token',
    presentation: 'form_post',
    expectation,
    spResponse: { status: 401, wwwAuthenticate, body },
    now,
  });
  const observed: ObservedResult = { outcome: 'rejected', status: 401, diagnosis: diagnoses };
  const expected = {
    outcome: 'rejected' as const,
    status: 401,
    diagnosis: ['missing_claim' as const],
  };
  const mismatches = compareResult(expected, observed);
  const run: CaseRun = {
    result: {
      name: 'SP requires email',
      file: 'cases/missing-claim-email.yaml',
      passed: mismatches.length === 0,
      expected,
      observed,
      durationMs: 2345,
      ...(mismatches.length ? { mismatches } : {}),
    },
    evidence: {
      tokens: { id_token: decodeForDisplay(idToken) },
      presented: 'id_token',
      expectation,
      sp: { url: 'http://127.0.0.1:1/callback', status: 401, headers: {}, wwwAuthenticate, body },
      systemLog: [
        {
          uuid: 'u1',
          published: '2026-01-02T03:04:05.678Z',
          eventType: 'app.oauth2.token.grant.id_token',
          version: '0',
          severity: 'INFO',
          displayMessage: 'OIDC ID token is granted',
          actor: { id: CLIENT_ID, type: 'PublicClientApp', alternateId: 'app', displayName: 'app' },
          client: { userAgent: null, ipAddress: '127.0.0.1' },
          outcome: { result: 'SUCCESS', reason: null },
          target: [],
          transaction: { type: 'WEB', id: 'tx1' },
          debugContext: { debugData: {} },
          authenticationContext: {},
        },
      ],
      diagnoses,
      // Recorded out of order on purpose: the output puts them in flow order.
      timings: [
        { step: 'replay', ms: 21 },
        { step: 'authorize', ms: 310 },
        { step: 'token', ms: 45 },
        { step: 'sign-in', ms: 820 },
        { step: 'callback', ms: 3 },
      ],
    },
  };
  return { run, idToken };
}

const plain = colorsFor({ isTTY: false } as NodeJS.WriteStream);

test.describe('rendering', () => {
  test('steps in flow order with timings, the missing claim marked, SP answer, System Log, diagnosis and fix', async () => {
    const { run, idToken } = await missingEmailRun();
    run.evidence.userinfo = { sub: '00u1abcdEFGH', email: 'alice@example.com' };
    const out = renderReproduction(run, plain, { columns: 120, secrets: [SECRET] });
    expect(out).toContain('/userinfo {"sub":"00u1abcdEFGH","email":"alice@example.com"}');
    const steps = ['authorize', 'sign-in', 'callback', 'token', 'replay'].map((s) =>
      out.search(new RegExp(`^  ${s} +\\d`, 'm')),
    );
    expect(steps.every((i) => i > 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(out).toMatch(/^ {2}sign-in +820 ms$/m);
    expect(out).toMatch(/^ {2}total +2\.35 s$/m);
    // The email row: absent from the token, required by the SP, marked as the mismatch.
    expect(out).toMatch(/│ email +│ \(absent\) +│ [^│]*present[^│]* +│ ✗ │/);
    expect(out).toMatch(
      /│ iss +│ https:\/\/dev-133337\.okta\.com +│ https:\/\/dev-133337\.okta\.com +│ {3}│/,
    );
    expect(out).toContain('id_token — sent to the SP');
    expect(out).toContain('status: 401');
    expect(out).toContain('WWW-Authenticate: Bearer error="invalid_token"');
    expect(out).toMatch(
      /2026-01-02T03:04:05\.678Z │ app\.oauth2\.token\.grant\.id_token +│ SUCCESS/,
    );
    expect(out).toMatch(/^1\. missing_claim — /m);
    expect(out).toMatch(/^Fix: .*email/m);
    expect(out).toContain('✓ the case observed what it expects');
    // Never the signature, never a secret, no colours when asked for none.
    expect(out).not.toContain(idToken.split('.')[2]!);
    expect(out).not.toMatch(JWT_WITH_SIGNATURE);
    expect(out).not.toContain(SECRET);
    expect(out).not.toMatch(ANSI);
  });

  test('a case that did not observe what it expects says so, with each mismatch', async () => {
    const { run } = await missingEmailRun();
    run.result.expected = { outcome: 'accepted' };
    run.result.passed = false;
    run.result.mismatches = compareResult(run.result.expected, run.result.observed!);
    const out = renderReproduction(run, plain);
    expect(out).toContain('✗ the case did not observe what it expects');
    expect(out).toContain('outcome: expected accepted, observed rejected');
    expect(out).toMatch(/^Expected: accepted$/m);
    expect(out).toMatch(/^Observed: rejected 401 missing_claim/m);
  });

  test('colours on a TTY, none with NO_COLOR', async () => {
    const { run } = await missingEmailRun();
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const coloured = renderReproduction(run, colorsFor(tty, {}));
    expect(coloured).toMatch(ANSI);
    // The mark column is one character wide: its colour codes must not be wrapped apart.
    expect(coloured).toMatch(/│ email +│ .*\(absent\).* +│ .*present.* +│ [^│]*✗[^│]* │/);
    expect(coloured).toContain('\u001b[31m✗\u001b[39m');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/^│ [[\dm] │/m);
    expect(renderReproduction(run, colorsFor(tty, { NO_COLOR: '1' }))).not.toMatch(ANSI);
  });
});

test.describe('the command', () => {
  test.beforeAll(() => {
    expect(existsSync(MAIN), 'dist/ is missing: run `npm run build` first').toBe(true);
  });

  test('an unreadable case file: exit 2, one line naming the file, nothing on stdout', async () => {
    const r = await runBin(['reproduce', 'no/such/case.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no/such/case.yaml');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  test('an invalid case file: exit 2 with the field, before any browser starts', async () => {
    const file = 'tests/unit/fixtures/cases/invalid/missing-required.yaml';
    // A browser path that does not exist: had the command got as far as the browser, it would
    // name it; the case error must come first.
    const r = await runBin(['reproduce', file, '--browser-path', '/no/such/chromium']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('missing-required.yaml');
    expect(r.stderr).not.toContain('/no/such/chromium');
  });

  test('a real-tenant case without the OKTA_* variables: exit 2 naming them, nothing started', async () => {
    const unset = Object.fromEntries(
      ['OKTA_DOMAIN', 'OKTA_CLIENT_ID', 'OKTA_REDIRECT_URI', 'OKTA_USERNAME', 'OKTA_PASSWORD'].map(
        (name) => [name, ''],
      ),
    );
    const r = await runBin(['reproduce', 'cases/okta-missing-claim-email.yaml'], unset);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('OKTA_DOMAIN');
    expect(r.stderr).toContain('OKTA_PASSWORD');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('no browser at the given path: exit 2 naming it', async () => {
    const r = await runBin([
      'reproduce',
      'cases/missing-claim-email.yaml',
      '--browser-path',
      '/no/such/chromium',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('/no/such/chromium');
  });

  test('a minted-token case runs with no browser: --json is {case, evidence} only, and --report writes the reports', async () => {
    test.slow();
    const dir = mkdtempSync(join(tmpdir(), 'oidc-harness-reproduce-'));
    // No browser exists at this path, and none is needed for a minted token.
    const r = await runBin([
      'reproduce',
      'cases/token-expired.yaml',
      '--json',
      '--report',
      dir,
      '--browser-path',
      '/no/such/chromium',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      case: Record<string, unknown>;
      evidence: CaseRun['evidence'];
    };
    expect(Object.keys(doc).sort()).toEqual(['case', 'evidence']);
    expect(doc.case).toMatchObject({ file: 'cases/token-expired.yaml', passed: true });
    expect(doc.evidence.diagnoses[0]?.code).toBe('token_expired');
    expect(doc.evidence.sp?.status).toBe(401);
    expect(doc.evidence.timings.map((t) => t.step)).toEqual(
      expect.arrayContaining(['prepare', 'mint', 'replay']),
    );
    expect(doc.evidence.tokens.access_token?.payload?.iss).toEqual(expect.any(String));
    expect(r.stdout).not.toMatch(JWT_WITH_SIGNATURE);
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ passed: 1, failed: 0 });
  });

  test('a case whose expectation is wrong: exit 1, and the text names the mismatch', async () => {
    test.slow();
    const dir = mkdtempSync(join(tmpdir(), 'oidc-harness-reproduce-'));
    const source = readFileSync(join(ROOT, 'cases/token-expired.yaml'), 'utf8');
    const file = join(dir, 'wrong.yaml');
    writeFileSync(
      file,
      source.replace('diagnosis: [token_expired]', 'diagnosis: [issuer_mismatch]'),
    );
    const r = await runBin(['reproduce', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1. token_expired');
    expect(r.stdout).toContain('Fix:');
    expect(r.stdout).toContain('✗ the case did not observe what it expects');
    expect(r.stdout).toMatch(/diagnosis: expected issuer_mismatch, observed token_expired/);
  });

  test('--help of every command has examples', async () => {
    const top = await runBin(['--help']);
    expect(top.code).toBe(0);
    // Every command the CLI lists, so a command added later is held to the same rule.
    const commands = [...top.stdout.matchAll(/^ {2}([a-z][\w-]*) /gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['run', 'reproduce', 'diagnose', 'serve']));
    for (const command of commands) {
      const r = await runBin([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toContain('Examples:');
      expect(r.stdout, command).toContain(`oidc-harness ${command}`);
    }
  });
});
