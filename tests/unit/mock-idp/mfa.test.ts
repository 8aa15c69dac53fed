/**
 * A sign-on policy that asks for a second factor after the password: Identity Engine's
 * authenticator list, Google Authenticator's code challenge (RFC 6238 codes), Okta Verify push,
 * Classic's "Enter Code" form, and the wrong-code messages on the form.
 */
import { test, expect } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';
import { CookieJar } from '../../../mock-idp/http-sign-in.js';

const CB = 'http://127.0.0.1:9/cb';
const SECRET = 'JBSWY3DPEHPK3PXP';
const code = () => new TOTP({ secret: Secret.fromBase32(SECRET) }).generate();
const ALICE = { login: 'alice@example.com', password: 'Alice-Passw0rd!', totpSecret: SECRET };
let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator({ app: { redirectUris: [CB] }, users: [ALICE] });
});
test.afterAll(async () => {
  await idp?.close();
});

/** Authorize, sign in with the password, and return the page that follows and its base URL. */
async function afterPassword(widget: 'identity-engine' | 'classic', user: Record<string, unknown>) {
  await idp.configure({
    app: { redirectUris: [CB] },
    users: [user as typeof ALICE],
    signInWidget: widget,
  });
  const jar = new CookieJar();
  const go = async (url: string, body?: Record<string, string>) => {
    const res = await fetch(url, {
      redirect: 'manual',
      ...(body
        ? {
            method: 'POST',
            body: new URLSearchParams(body),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }
        : {}),
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    jar.store(res);
    return res;
  };
  const q = new URLSearchParams({
    client_id: idp.app.clientId,
    redirect_uri: CB,
    response_type: 'code',
    state: 's',
    scope: 'openid',
  });
  const signInUrl = new URL(
    (await go(`${idp.issuer('default')}/v1/authorize?${q}`)).headers.get('location')!,
    idp.url,
  ).href;
  await go(signInUrl);
  const res =
    widget === 'classic'
      ? await go(`${signInUrl}/classic`, { username: ALICE.login, password: ALICE.password })
      : await go(`${signInUrl}/verify`, {
          identifier: ALICE.login,
          'credentials.passcode': ALICE.password,
        });
  return { page: await res.text(), signInUrl, go };
}

/** Follows redirects until the app's callback; returns its parameters. */
async function toCallback(go: (url: string) => Promise<Response>, res: Response) {
  for (let i = 0; i < 10 && res.status >= 300; i++) {
    const next = new URL(res.headers.get('location')!, idp.url);
    if (next.href.startsWith(CB)) return Object.fromEntries(next.searchParams);
    res = await go(next.href);
  }
  throw new Error(`no redirect to the app (HTTP ${res.status})`);
}

test('Identity Engine: choose Google Authenticator, a wrong code is refused on the form, the right one signs in', async () => {
  const { page, signInUrl, go } = await afterPassword('identity-engine', ALICE);
  expect(page).toContain('select-authenticator-authenticate');
  expect(page).toContain('data-se="google_otp"');
  expect(page).toContain('data-se="okta_verify"');
  const challenge = await (await go(`${signInUrl}/select`, { authenticator: 'google_otp' })).text();
  expect(challenge).toContain('challenge-authenticator--google_otp');
  expect(challenge).toContain('name="credentials.passcode"');
  const wrong = await (
    await go(`${signInUrl}/factor`, { 'credentials.passcode': '000000' })
  ).text();
  expect(wrong).toContain('Invalid code. Try again.');
  const params = await toCallback(
    go,
    await go(`${signInUrl}/factor`, { 'credentials.passcode': code() }),
  );
  expect(params.code).toBeTruthy();
});

test('Classic: the Enter Code form, with the widget’s own wrong-code message', async () => {
  const { page, signInUrl, go } = await afterPassword('classic', ALICE);
  expect(page).toContain('name="answer"');
  const wrong = await (await go(`${signInUrl}/factor`, { answer: '000000' })).text();
  expect(wrong).toContain('Your code doesn&#39;t match our records. Please try again.');
  const params = await toCallback(go, await go(`${signInUrl}/factor`, { answer: code() }));
  expect(params.code).toBeTruthy();
});

test('push only: Identity Engine goes straight to the Okta Verify push challenge', async () => {
  const { page } = await afterPassword('identity-engine', {
    login: ALICE.login,
    password: ALICE.password,
    pushOnly: true,
  });
  expect(page).toContain('challenge-authenticator--okta_verify');
  expect(page).toContain('Push notification sent');
});
