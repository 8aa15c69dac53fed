/**
 * The emulator's hosted sign-in page in a real browser (okta-behavior.md section 6): the Identity
 * Engine widget (identifier → Next → password → Verify) with Okta's selectors, the Classic layout,
 * a wrong password shown on the form, and silent SSO on the second authorize.
 */
import { test, expect, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '../../mock-idp/index.js';

const USER = { login: 'alice@example.com', password: 'Alice-Passw0rd!' };

let idp: Emulator;
/** The app's callback: a real loopback page, so the browser can land there. */
let app: Server;
let CB: string;
test.beforeAll(async () => {
  app = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>callback</p>'),
  );
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  CB = `http://127.0.0.1:${(app.address() as AddressInfo).port}/cb`;
  idp = await startEmulator({ app: { redirectUris: [CB] }, users: [USER] });
});
test.afterAll(async () => {
  await idp?.close();
  app?.closeAllConnections();
  await new Promise((r) => app?.close(r));
});

function authorizeUrl(e: Emulator, state = 'st') {
  const q = new URLSearchParams({
    client_id: e.app.clientId,
    redirect_uri: CB,
    response_type: 'code',
    scope: 'openid profile',
    state,
    nonce: 'n',
  });
  return `${e.issuer('default')}/v1/authorize?${q}`;
}

test('Identity Engine: identifier → Next → password → Verify, then back to the app; second authorize is silent SSO', async ({
  page,
}) => {
  await page.goto(authorizeUrl(idp, 'first'));
  const identifier = page.locator('[data-se="o-form-input-identifier"] input[name="identifier"]');
  await expect(identifier).toBeVisible();
  await identifier.fill(USER.login);
  const next = page.locator('input[type="submit"][data-type="save"]');
  await expect(next).toHaveValue('Next');
  await next.click();
  const passcode = page.locator(
    '[data-se="o-form-input-credentials.passcode"] input[name="credentials.passcode"]',
  );
  await expect(passcode).toBeVisible();
  await passcode.fill(USER.password);
  const verify = page.locator('input[type="submit"][data-type="save"]');
  await expect(verify).toHaveValue('Verify');
  await verify.click();
  await page.waitForURL(`${CB}**`);
  const first = new URL(page.url());
  expect(first.searchParams.get('state')).toBe('first');
  expect(first.searchParams.get('code')).toBeTruthy();
  expect(first.searchParams.has('iss')).toBe(false);

  // Same browser, second authorize: no sign-in page, straight back with a new code.
  const seen: string[] = [];
  page.on('framenavigated', (frame) => seen.push(frame.url()));
  await page.goto(authorizeUrl(idp, 'second'));
  await page.waitForURL(`${CB}**`);
  const second = new URL(page.url());
  expect(second.searchParams.get('state')).toBe('second');
  expect(second.searchParams.get('code')).not.toBe(first.searchParams.get('code'));
  expect(seen.filter((u) => u.includes('/signin/'))).toEqual([]);
});

test('wrong password: Okta error on the form, no redirect', async ({ page }: { page: Page }) => {
  await page.goto(authorizeUrl(idp));
  await page.locator('input[name="identifier"]').fill(USER.login);
  await page.locator('input[type="submit"][data-type="save"]').click();
  await page.locator('input[name="credentials.passcode"]').fill('not-the-password');
  await page.locator('input[type="submit"][data-type="save"]').click();
  await expect(page.locator('.o-form-error-container')).toContainText('Password is incorrect');
  await expect(page.locator('input[name="credentials.passcode"]')).toBeVisible();
  expect(page.url()).not.toContain(CB);
});

test('Classic Engine layout: #okta-signin-username, #okta-signin-password, Sign In', async ({
  page,
}) => {
  const classic = await startEmulator({
    app: { redirectUris: [CB] },
    users: [USER],
    signInWidget: 'classic',
  });
  try {
    await page.goto(authorizeUrl(classic));
    await expect(page.locator('#okta-signin-submit')).toHaveValue('Sign In');
    await page.locator('#okta-signin-username[name="username"]').fill(USER.login);
    await page.locator('#okta-signin-password[name="password"]').fill('wrong');
    await page.locator('#okta-signin-submit').click();
    await expect(page.locator('.o-form-error-container')).toContainText('Unable to sign in');
    await page.locator('#okta-signin-password').fill(USER.password);
    await page.locator('#okta-signin-submit').click();
    await page.waitForURL(`${CB}**`);
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
  } finally {
    await classic.close();
  }
});
