/**
 * Sign-in with a second factor in a real browser: the driver picks Google Authenticator from
 * Identity Engine's list and enters the RFC 6238 code; a wrong secret shows Okta's error on the
 * form and fails with it; a push-only user fails at once naming Okta Verify push and how to enrol
 * a TOTP factor — never a timeout. The real-tenant mode signs in with OKTA_TOTP_SECRET against the
 * emulator posing as the tenant (`oidc-harness serve`).
 */
import { fileURLToPath } from 'node:url';
import { test, expect, type Page } from '@playwright/test';
import { loadCases } from '../../src/case/load.js';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';
import { AutoDetectSignIn, SignInError } from '../../src/flow/pages/index.js';
import { runOktaCase } from '../../fixtures/okta-idp.js';
import { startCallbackListener, type CallbackListener } from '../../src/flow/callback.js';
import { runBrowserFlow } from '../../src/flow/runner.js';
import { serveStandIn } from '../support/tenant-stand-in.js';
import { readOktaSettings } from '../../src/okta/tenant-settings.js';

const SECRET = 'JBSWY3DPEHPK3PXP';
const USER = { login: 'alice@example.com', password: 'Alice-Passw0rd!' };
let idp: Emulator;
let callback: CallbackListener;

test.beforeAll(async () => {
  [idp, callback] = await Promise.all([startEmulator(), startCallbackListener()]);
});
test.afterAll(async () => {
  await Promise.all([idp?.close(), callback?.close()]);
});

async function signIn(
  page: Page,
  user: Record<string, unknown>,
  totpSecret: string | undefined,
  signInWidget: 'identity-engine' | 'classic' = 'identity-engine',
) {
  await idp.configure({
    app: { redirectUris: [callback.redirectUri] },
    users: [{ ...USER, ...user }],
    signInWidget,
  });
  return runBrowserFlow(
    page,
    {
      issuer: idp.issuer('default'),
      clientId: idp.app.clientId,
      clientSecret: idp.app.clientSecret!,
      redirectUri: callback.redirectUri,
      flow: 'code',
      scopes: ['openid', 'profile'],
    },
    new AutoDetectSignIn(),
    {
      callback,
      credentials: {
        username: USER.login,
        password: USER.password,
        ...(totpSecret ? { totpSecret } : {}),
      },
    },
  );
}

/** The System Log's `user.authentication.auth_via_mfa` events since `since`. */
function mfaEvents(since: number) {
  return idp.systemLog
    .events()
    .filter((e) => e.eventType === 'user.authentication.auth_via_mfa')
    .filter((e) => Date.parse(e.published) >= since)
    .map((e) => ({
      result: e.outcome?.result,
      message: e.displayMessage,
      credential: e.authenticationContext?.credentialType,
    }));
}

function claims(jwt: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(jwt).split('.')[1]!, 'base64url').toString('utf8'));
}

for (const widget of ['identity-engine', 'classic'] as const) {
  test(`${widget}: the driver enters the TOTP code and the flow ends with tokens`, async ({
    page,
  }) => {
    const since = Date.now();
    const result = await signIn(page, { totpSecret: SECRET }, SECRET, widget);
    expect(result.tokens?.id_token).toBeTruthy();
    expect(claims(result.tokens?.id_token).amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(mfaEvents(since)).toEqual([
      { result: 'SUCCESS', message: 'Authentication of user via MFA', credential: 'OTP' },
    ]);
  });
}

test('a wrong code: Okta’s error on the form, reported as the failure', async ({ page }) => {
  const wrong = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const since = Date.now();
  const error = await signIn(page, { totpSecret: SECRET }, wrong).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignInError);
  expect((error as SignInError).code).toBe('mfa_code_rejected');
  expect((error as SignInError).message).toContain('Invalid code. Try again.');
  expect(mfaEvents(since).map((e) => e.result)).toContain('FAILURE');
});

test('push only: fails at once naming Okta Verify push and how to enrol TOTP', async ({ page }) => {
  const started = Date.now();
  const error = await signIn(page, { pushOnly: true }, SECRET).catch((e: unknown) => e);
  const elapsed = Date.now() - started;
  expect(error).toBeInstanceOf(SignInError);
  expect((error as SignInError).code).toBe('mfa_push');
  expect((error as SignInError).message).toContain('Okta Verify push');
  expect((error as SignInError).message).toContain('OKTA_TOTP_SECRET');
  expect(elapsed, 'a push factor fails fast, not by timeout').toBeLessThan(5_000);
});

test('no secret given: fails at once saying a TOTP secret is needed', async ({ page }) => {
  const error = await signIn(page, { totpSecret: SECRET }, undefined).catch((e: unknown) => e);
  expect((error as SignInError).code).toBe('mfa_required');
  expect((error as SignInError).message).toContain('idp.user.totpSecret');
});

test('real-tenant mode signs in with OKTA_TOTP_SECRET (emulator posing as the tenant)', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  const standIn = await serveStandIn({
    idp: { user: { ...USER, totpSecret: SECRET } },
  });
  try {
    const env = { ...standIn.env, OKTA_TOTP_SECRET: SECRET };
    const [loaded] = await loadCases([
      fileURLToPath(new URL('../../cases/okta-accepted-access-token.yaml', import.meta.url)),
    ]);
    const run = await runOktaCase(loaded!, page, testInfo, readOktaSettings(env));
    expect(run.result.observed?.outcome).toBe('accepted');
    // The stand-in's policy asked for the code: the sign-in's amr says a one-time code was used.
    expect(run.evidence.tokens.id_token?.payload?.amr).toEqual(['pwd', 'otp', 'mfa']);
  } finally {
    await standIn.stop();
  }
});
