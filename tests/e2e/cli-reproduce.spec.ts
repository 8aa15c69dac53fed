/**
 * `oidc-harness reproduce` through the bin with a real browser sign-in against the emulator:
 * the readable output of a case the SP rejects (steps, tokens beside the expectation, the SP's
 * answer, System Log, diagnosis and fix), and `--json` of a case whose expectation is wrong.
 * dist/ must be built (`npm run build`, which `npm run test:e2e` runs first).
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseEvidence } from '../../src/harness/execute.js';
import type { CaseResult } from '../../src/harness/result.js';
import { serveStandIn } from '../support/tenant-stand-in.js';
import { ROOT, runBin } from '../support/run-node.js';

const JWT_WITH_SIGNATURE = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{10,}/;

test('a rejected ID token: each step timed, the missing claim marked, the SP answer, System Log, diagnosis and fix', async () => {
  test.slow();
  // Wide enough that no cell wraps (the 80-column layout: tests/e2e/terminal-width.spec.ts).
  const r = await runBin(['reproduce', 'cases/missing-claim-email.yaml'], { COLUMNS: '160' });
  expect(r.stderr).toContain('Reproducing SP requires email');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const out = r.stdout;
  const at = (step: string) => out.search(new RegExp(`^  ${step} +\\d`, 'm'));
  const steps = ['authorize', 'sign-in', 'callback', 'token', 'replay'].map(at);
  expect(
    steps.every((i) => i > 0),
    out,
  ).toBe(true);
  expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  expect(out).toMatch(/id_token — sent to the SP \(header and payload; signature removed\)/);
  expect(out).toMatch(/access_token — not sent to the SP/);
  expect(out).toMatch(/│ email +│ \(absent\) +│ present +│ ✗ │/);
  expect(out).toMatch(/│ aud +│ 0oa\w+ +│ contains 0oa\w+ +│ {3}│/);
  expect(out).toContain('status: 401');
  expect(out).toMatch(/WWW-Authenticate: Bearer .*error="invalid_token"/);
  expect(out).toMatch(/│ app\.oauth2\.token\.grant\.id_to/);
  expect(out).toMatch(/^1\. missing_claim — /m);
  expect(out).toMatch(/^Fix: .*"email" scope/m);
  expect(out).toContain('✓ the case observed what it expects');
  expect(out).not.toMatch(JWT_WITH_SIGNATURE);
});

test('--json of a case whose expectation is wrong: {case, evidence} only, exit 1', async () => {
  test.slow();
  const dir = mkdtempSync(join(tmpdir(), 'oidc-harness-reproduce-'));
  const source = readFileSync(join(ROOT, 'cases/missing-claim-email.yaml'), 'utf8');
  const file = join(dir, 'expects-accepted.yaml');
  writeFileSync(
    file,
    source
      .replace('outcome: rejected', 'outcome: accepted')
      .replace(/\n {2}status: 401\n {2}diagnosis: \[missing_claim\]/, ''),
  );
  const r = await runBin(['reproduce', file, '--json']);
  expect(r.code, r.stderr).toBe(1);
  const doc = JSON.parse(r.stdout) as { case: CaseResult; evidence: CaseEvidence };
  expect(Object.keys(doc).sort()).toEqual(['case', 'evidence']);
  expect(doc.case.passed).toBe(false);
  expect(doc.case.mismatches).toContain('outcome: expected accepted, observed rejected');
  expect(doc.evidence.diagnoses[0]?.code).toBe('missing_claim');
  expect(doc.evidence.tokens.id_token?.payload?.email).toBeUndefined();
  expect(doc.evidence.tokens.id_token?.payload?.sub).toEqual(expect.any(String));
  expect(doc.evidence.systemLog.map((e) => e.eventType)).toContain(
    'app.oauth2.token.grant.id_token',
  );
  expect(doc.evidence.timings.map((t) => t.step)).toEqual(
    expect.arrayContaining(['authorize', 'sign-in', 'callback', 'token', 'replay']),
  );
  expect(r.stdout).not.toMatch(JWT_WITH_SIGNATURE);
});

test('a sign-in that never gets back to the app: exit 1, naming what it waited for and where the screenshot is', async () => {
  test.slow();
  const dir = mkdtempSync(join(tmpdir(), 'oidc-harness-reproduce-'));
  const file = join(dir, 'lost-callback.yaml');
  // The app registers a redirect URI on a port nothing listens on (9, discard): the IdP sends the
  // browser there after the password, and the flow never sees the authorization response.
  writeFileSync(
    file,
    `name: the IdP redirects to a registered URI nobody listens on
idp:
  server: org
  app:
    redirectUris: [http://127.0.0.1:9/never]
client:
  flow: code
  scopes: [openid, profile]
  redirectUri: http://127.0.0.1:9/never
sp:
  send: id_token
  via: form_post
  expect:
    issuer: \${idp.orgIssuer}
    audience: \${idp.clientId}
expect:
  outcome: accepted
`,
  );
  const r = await runBin(['reproduce', file]);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stdout).toContain('The case could not finish:');
  expect(r.stdout).toMatch(
    /not sent back to the application within \d+ ms|No authorization response reached http:\/\/127\.0\.0\.1:9\/never/,
  );
  const shot = /screenshot: (\S+\.png)/.exec(r.stdout)?.[1];
  expect(shot, r.stdout).toBeTruthy();
  expect(existsSync(shot!)).toBe(true);
  expect(r.stdout).toContain('✗ the case did not observe what it expects');
});

test('a real-tenant case reproduces against the tenant the OKTA_* variables name (a served stand-in)', async () => {
  test.setTimeout(120_000);
  const standIn = await serveStandIn();
  try {
    const r = await runBin(['reproduce', 'cases/okta-missing-claim-email.yaml'], standIn.env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ email +│ \(absent\) +│ present +│ ✗ │/);
    expect(r.stdout).toMatch(/^1\. missing_claim — /m);
    // The System Log came from the tenant's API with the API token, which is never shown.
    expect(r.stdout).toMatch(/│ app\.oauth2\.token\.grant\.id_to/);
    for (const secret of [standIn.env.OKTA_API_TOKEN, standIn.env.OKTA_PASSWORD]) {
      if (secret) expect(r.stdout + r.stderr).not.toContain(secret);
    }
  } finally {
    await standIn.stop();
  }
});
