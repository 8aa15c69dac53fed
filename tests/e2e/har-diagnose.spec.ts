/**
 * `diagnose --har` on a HAR that Playwright recorded from a real flow: the browser signs in at the
 * Okta emulator (code + PKCE), then calls the mock SP's `/api/me` with the access token from the
 * page, and the SP — which expects another audience — answers 401. The CLI (dist/, built by
 * `npm run test:e2e`) reads that HAR and names the cause; a truncated copy is refused with exit 2.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';
import { startMockSp, type MockSp } from '../../mock-sp/server.js';
import { AutoDetectSignIn } from '../../src/flow/pages/index.js';
import { startCallbackListener, type CallbackListener } from '../../src/flow/callback.js';
import { runBrowserFlow } from '../../src/flow/runner.js';

const BIN = fileURLToPath(new URL('../../bin/oidc-harness.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

let idp: Emulator;
let sp: MockSp;
let callback: CallbackListener;
let dir: string;

test.beforeAll(async () => {
  expect(existsSync(MAIN), 'dist/ is missing: run `npm run build` first').toBe(true);
  [idp, callback] = await Promise.all([startEmulator(), startCallbackListener()]);
  sp = await startMockSp({
    profiles: { orders: { issuer: idp.issuer('default'), audience: 'api://orders' } },
  });
  await idp.configure({ app: { redirectUris: [callback.redirectUri] } });
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-har-e2e-'));
});
test.afterAll(async () => {
  await Promise.all([idp?.close(), sp?.close(), callback?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function diagnose(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'diagnose', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface HarJson {
  diagnoses: { code: string; evidence: Record<string, { token?: unknown; expected?: unknown }> }[];
  har: {
    sanitized: boolean;
    rejections: {
      kind: string;
      request: { method: string; url: string };
      status: number;
      wwwAuthenticate?: string;
      token?: { use?: string; source: string; payload?: Record<string, unknown> };
      diagnoses: { code: string }[];
    }[];
  };
}

test('a HAR recorded from a real sign-in and a refused API call is diagnosed; a truncated copy exits 2', async ({
  browser,
}) => {
  const harPath = join(dir, 'flow.har');
  const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
  const page = await context.newPage();
  const user = idp.users[0]!;
  const result = await runBrowserFlow(
    page,
    {
      issuer: idp.issuer('default'),
      clientId: idp.app.clientId,
      clientSecret: idp.app.clientSecret!,
      redirectUri: callback.redirectUri,
      flow: 'code',
      scopes: ['openid', 'profile', 'email'],
    },
    new AutoDetectSignIn(),
    { callback, credentials: { username: user.login, password: user.password! } },
  );
  expect(result.authorizeError).toBeUndefined();
  const accessToken = result.tokens?.access_token;
  expect(accessToken).toBeTruthy();

  // Same origin as the API, so the browser sends the Authorization header without a preflight.
  await page.goto(`${sp.url}/`);
  // The body is read so that the HAR holds it (the SP explains itself there too).
  const status = await page.evaluate(
    async ([url, token]) => {
      const res = await fetch(url!, { headers: { Authorization: `Bearer ${token}` } });
      await res.text();
      return res.status;
    },
    [sp.resourceUrl(), accessToken] as const,
  );
  expect(status).toBe(401);
  await context.close(); // writes the HAR

  const text = readFileSync(harPath, 'utf8');
  expect(text).toContain(accessToken!); // Playwright keeps the Authorization header

  const r = diagnose(['--har', harPath, '--json']);
  expect(r.code, r.stderr).toBe(1);
  const out = JSON.parse(r.stdout) as HarJson;
  expect(out.diagnoses[0]?.code).toBe('audience_mismatch');
  expect(out.diagnoses[0]?.evidence.aud?.token).toBe('api://default');
  expect(out.har.sanitized).toBe(false);
  const rejections = out.har.rejections.filter((x) => x.kind === 'sp_rejection');
  expect(rejections).toHaveLength(1);
  const rej = rejections[0]!;
  expect(rej.request).toMatchObject({ method: 'GET', url: sp.resourceUrl() });
  expect(rej.status).toBe(401);
  expect(rej.wwwAuthenticate).toContain('invalid_token');
  expect(rej.token).toMatchObject({ use: 'access_token', source: 'authorization_header' });
  expect(rej.token?.payload?.aud).toBe('api://default');
  expect(rej.diagnoses.map((d) => d.code)).toContain('audience_mismatch');
  // No signature, code, secret or password in what was printed.
  const printed = r.stdout + r.stderr;
  expect(printed).not.toContain(accessToken!.split('.')[2]!);
  expect(printed).not.toContain(result.tokens!.id_token!.split('.')[2]!);
  expect(printed).not.toContain(idp.app.clientSecret!);
  expect(printed).not.toContain(user.password!);

  // The expectation flags apply on top of the HAR.
  const withFlags = diagnose(['--har', harPath, '--json', '--audience', 'api://elsewhere']);
  const flagged = JSON.parse(withFlags.stdout) as HarJson;
  expect(flagged.diagnoses[0]?.evidence.aud?.expected).toBe('api://elsewhere');

  // A copy cut in half: exit 2, one line naming the truncation and its byte.
  const cutPath = join(dir, 'cut.har');
  const bytes = readFileSync(harPath);
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  writeFileSync(cutPath, half);
  const cut = diagnose(['--har', cutPath, '--json']);
  expect(cut.code).toBe(2);
  expect(cut.stdout).toBe('');
  expect(cut.stderr).toContain(`${cutPath}: the file looks truncated`);
  expect(cut.stderr).toContain(`ends early at byte ${half.length}`);
  expect(cut.stderr.trim().split('\n')).toHaveLength(1);
});
