import { existsSync, readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from '@playwright/test';
import {
  AutoDetectSignIn,
  GenericSignIn,
  OktaClassicSignIn,
  OktaIdentityEngineSignIn,
  SignInError,
  detectSignInDriver,
  type SignInDriver,
} from '../../src/flow/pages/index.js';
import {
  LAYOUT_PASSWORD,
  startLayoutServer,
  type LayoutServer,
} from '../../src/flow/pages/layout-server.js';
import { startCallbackListener, type CallbackListener } from '../../src/flow/callback.js';

const user = { username: 'alice@example.com', password: LAYOUT_PASSWORD };
const wrong = { username: 'alice@example.com', password: 'not-the-password' };
const keycloak = {
  username: '#username',
  password: '#password',
  submit: '#kc-login',
  error: '#input-error',
};
// A failure that the page shows is reported as soon as it shows, whatever the budgets: only the
// tests of "never appears" and "never redirects" shorten the budget they exercise.
const shortField = { fieldTimeoutMs: 800 };
const shortRedirect = { redirectTimeoutMs: 800 };

let layouts: LayoutServer;
let callback: CallbackListener;
test.beforeAll(async () => {
  layouts = await startLayoutServer();
});
test.afterAll(async () => {
  await layouts.close();
});
test.beforeEach(async () => {
  callback = await startCallbackListener();
});
test.afterEach(async () => {
  await callback.close();
});

const successes: Array<[string, Parameters<LayoutServer['url']>[0], SignInDriver]> = [
  ['Identity Engine, identifier first', 'identity-engine', new OktaIdentityEngineSignIn()],
  ['Identity Engine, one form', 'identity-engine-one-form', new OktaIdentityEngineSignIn()],
  ['Identity Engine, React widget', 'identity-engine-react', new OktaIdentityEngineSignIn()],
  ['Classic Engine', 'classic', new OktaClassicSignIn()],
  ['a generic IdP by selectors', 'generic', new GenericSignIn(keycloak, 'keycloak')],
];

for (const [title, layout, driver] of successes) {
  test(`signs in on ${title} and the browser reaches the callback`, async ({ page }) => {
    const done = callback.next(30_000);
    await page.goto(layouts.url(layout, { next: callback.redirectUri, state: 'st-1' }));
    await driver.signIn(page, user, { done });
    const result = await done;
    expect(result.params.get('code')).toBe('layout-code');
    expect(result.params.get('state')).toBe('st-1');
  });
}

test('without a done signal a driver returns once the browser leaves the form', async ({
  page,
}) => {
  await page.goto(layouts.url('identity-engine'));
  await new OktaIdentityEngineSignIn().signIn(page, user);
  await expect(page).toHaveURL(/\/done\?code=layout-code/);
});

test('detectSignInDriver picks the driver by the markup', async ({ page }) => {
  const expected: Array<[Parameters<LayoutServer['url']>[0], string]> = [
    ['identity-engine', 'okta-identity-engine'],
    ['identity-engine-one-form', 'okta-identity-engine'],
    ['identity-engine-react', 'okta-identity-engine'],
    ['classic', 'okta-classic'],
  ];
  for (const [layout, name] of expected) {
    await page.goto(layouts.url(layout));
    expect((await detectSignInDriver(page)).name, layout).toBe(name);
  }
  await page.goto(layouts.url('generic'));
  const error = await detectSignInDriver(page, { fieldTimeoutMs: 800 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignInError);
  expect((error as SignInError).message).toContain('Sign in to your account');
});

test('the auto-detecting driver signs in on Classic', async ({ page }) => {
  const done = callback.next(30_000);
  await page.goto(layouts.url('classic', { next: callback.redirectUri }));
  await new AutoDetectSignIn().signIn(page, user, { done });
  expect((await done).params.get('code')).toBe('layout-code');
});

async function failure(run: () => Promise<void>): Promise<SignInError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the sign-in should have failed').toBeInstanceOf(SignInError);
  const signInError = error as SignInError;
  expect(signInError.message).not.toContain(wrong.password);
  expect(signInError.message).not.toContain(LAYOUT_PASSWORD);
  expect(signInError.screenshotPath).toBeTruthy();
  expect(existsSync(signInError.screenshotPath!)).toBe(true);
  expect(signInError.message).toContain(signInError.screenshotPath!);
  return signInError;
}

test('a wrong password on Identity Engine fails with the error shown', async ({ page }) => {
  await page.goto(layouts.url('identity-engine', { next: callback.redirectUri }));
  const error = await failure(() =>
    new OktaIdentityEngineSignIn().signIn(page, wrong, { done: callback.next(30_000) }),
  );
  expect(error.code).toBe('invalid_credentials');
  expect(error.screen.errorText).toContain('Password is incorrect');
  expect(error.message).toContain('"Password is incorrect"');
  expect(error.message).toContain('"Verify with your password"');
  expect(error.message).toContain('page title: "Example Org - Sign In"');
});

test('a wrong password on the React widget fails with the alert text', async ({ page }) => {
  await page.goto(layouts.url('identity-engine-react'));
  const error = await failure(() => new OktaIdentityEngineSignIn().signIn(page, wrong));
  expect(error.code).toBe('invalid_credentials');
  expect(error.message).toContain('Password is incorrect');
});

test('a wrong password on Classic fails with "Unable to sign in"', async ({ page }) => {
  await page.goto(layouts.url('classic'));
  const error = await failure(() => new OktaClassicSignIn().signIn(page, wrong));
  expect(error.code).toBe('invalid_credentials');
  expect(error.screen.errorText.join(' ')).toContain('Unable to sign in');
});

test('a wrong password on a generic IdP fails with its error text', async ({ page }) => {
  await page.goto(layouts.url('generic'));
  const error = await failure(() => new GenericSignIn(keycloak, 'keycloak').signIn(page, wrong));
  expect(error.code).toBe('invalid_credentials');
  expect(error.message).toContain('Invalid username or password.');
});

test('an Okta Verify prompt after the password fails at once as mfa_push, naming the prompt', async ({
  page,
}) => {
  await page.goto(layouts.url('identity-engine', { after: 'mfa' }));
  const error = await failure(() => new OktaIdentityEngineSignIn().signIn(page, user));
  // Push can't be automated: it is named as such (and how to enrol TOTP), not a generic prompt.
  expect(error.code).toBe('mfa_push');
  expect(error.message).toContain('"Verify with Okta Verify"');
});

test('a page that never shows the sign-in form fails as field_not_found, saying what it shows', async ({
  page,
}) => {
  await page.goto(layouts.url('blank'));
  const error = await failure(() => new OktaIdentityEngineSignIn().signIn(page, user, shortField));
  expect(error.code).toBe('field_not_found');
  expect(error.message).toContain('"Something went wrong"');
  expect(error.message).toContain('page title: "Example Org"');
  expect(error.screen.url).toContain('/blank');
});

test('a redirect that never comes fails as no_redirect, not as a bare timeout', async ({
  page,
}) => {
  await page.goto(layouts.url('identity-engine-one-form', { after: 'nothing' }));
  const error = await failure(() =>
    new OktaIdentityEngineSignIn().signIn(page, user, {
      ...shortRedirect,
      done: callback.next(30_000),
    }),
  );
  expect(error.code).toBe('no_redirect');
  expect(error.message).toMatch(/not sent back to the application within 800 ms/);
});

test('silent SSO: a flow already at the callback needs no sign-in form', async ({ page }) => {
  const done = callback.next(30_000);
  await page.goto(`${callback.redirectUri}?code=sso&state=s`);
  const started = Date.now();
  await new OktaIdentityEngineSignIn().signIn(page, user, { done, fieldTimeoutMs: 8000 });
  await new AutoDetectSignIn().signIn(page, user, { done, fieldTimeoutMs: 8000 });
  expect(Date.now() - started).toBeLessThan(1000);
});

test('steps are named for the report and the password is in none of them', async ({ page }) => {
  const names: string[] = [];
  const step = <T>(name: string, body: () => Promise<T>) => {
    names.push(name);
    return body();
  };
  await page.goto(layouts.url('identity-engine'));
  await new OktaIdentityEngineSignIn().signIn(page, user, { step });
  expect(names).toEqual([
    'Okta Identity Engine: wait for the sign-in form',
    'Okta Identity Engine: enter username alice@example.com',
    'Okta Identity Engine: submit username (Next)',
    'Okta Identity Engine: wait for the password field',
    'Okta Identity Engine: enter password',
    'Okta Identity Engine: submit password (Verify / Sign in)',
    'Okta Identity Engine: wait to be sent back to the application',
  ]);
  expect(names.join('\n')).not.toContain(LAYOUT_PASSWORD);
});

test('a Playwright trace records the username typed but no action carries the password', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext();
  await context.tracing.start({ snapshots: true, screenshots: false });
  const page = await context.newPage();
  await page.goto(layouts.url('identity-engine'));
  await new OktaIdentityEngineSignIn().signIn(page, user, {});
  const path = testInfo.outputPath('sign-in-trace.zip');
  await context.tracing.stop({ path });
  await context.close();
  // The actions and their parameters (what the report's step titles come from). A trace's DOM
  // snapshots and network log do hold the password as the page had it, which is why traces stay
  // off by default (README, Troubleshooting).
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  const actions = Object.entries(files)
    .filter(([name]) => name.endsWith('.trace'))
    .flatMap(([, bytes]) => strFromU8(bytes).split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; method?: string; params?: unknown })
    .filter((event) => event.type === 'before');
  const params = actions.map((a) => JSON.stringify(a.params)).join('\n');
  expect(params).toContain('alice@example.com'); // the username was recorded, as typed
  expect(actions.map((a) => a.method)).toContain('evaluateExpression'); // so was the password step
  expect(params).not.toContain(LAYOUT_PASSWORD);
});
