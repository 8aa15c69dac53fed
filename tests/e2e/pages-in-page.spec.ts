/**
 * The drivers' in-page looks and actions (src/flow/pages/in-page.ts) on pages built for the edge
 * they exercise: a prefilled username, fields in a shadow root, a button under an overlay, a field
 * enabled late, and a selector that is not CSS. Each page posts its form to `/done`, where the
 * test reads what the browser sent.
 */
import { test, expect, type Page } from '@playwright/test';
import { GenericSignIn, OktaIdentityEngineSignIn } from '../../src/flow/pages/index.js';

const ORIGIN = 'http://idp.test';
const user = { username: 'alice@example.com', password: 'pw-in-page' };

/** Serves `html` at /signin and records each form posted to /done. */
async function serve(page: Page, html: string): Promise<URLSearchParams[]> {
  const posts: URLSearchParams[] = [];
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/done') {
      posts.push(new URLSearchParams(route.request().postData() ?? ''));
      await route.fulfill({ contentType: 'text/html', body: '<p>signed in</p>' });
    } else {
      await route.fulfill({ contentType: 'text/html', body: html });
    }
  });
  await page.goto(`${ORIGIN}/signin`);
  return posts;
}

const oneForm = (extra = '', usernameValue = '') => `<!doctype html><body>
<form method="POST" action="/done">
<div data-se="o-form-input-identifier"><input name="identifier" value="${usernameValue}" ${extra}></div>
<div data-se="o-form-input-credentials.passcode"><input type="password" name="credentials.passcode"></div>
<input type="submit" data-type="save" value="Sign in">
</form></body>`;

test('a username the page prefilled (login_hint) is replaced, not appended to', async ({
  page,
}) => {
  const posts = await serve(page, oneForm('', 'someone.else@example.com'));
  await new OktaIdentityEngineSignIn().signIn(page, user);
  expect(posts).toHaveLength(1);
  expect(posts[0]!.get('identifier')).toBe(user.username);
  expect(posts[0]!.get('credentials.passcode')).toBe(user.password);
});

test('a field enabled late is typed into once it is enabled', async ({ page }) => {
  const posts = await serve(
    page,
    oneForm('disabled id="late"') +
      '<script>setTimeout(() => { document.getElementById("late").disabled = false; }, 300);</script>',
  );
  await new OktaIdentityEngineSignIn().signIn(page, user, { fieldTimeoutMs: 3000 });
  expect(posts[0]!.get('identifier')).toBe(user.username);
});

test('a button under a loading overlay is clicked once the overlay is gone', async ({ page }) => {
  const posts = await serve(
    page,
    oneForm() +
      '<div id="veil" style="position:fixed;inset:0;background:rgba(0,0,0,.2)"></div>' +
      '<script>setTimeout(() => document.getElementById("veil").remove(), 400);</script>',
  );
  const started = Date.now();
  await new OktaIdentityEngineSignIn().signIn(page, user, { fieldTimeoutMs: 3000 });
  expect(posts).toHaveLength(1);
  // It waited for the overlay rather than clicking it (a click on the veil submits nothing).
  expect(Date.now() - started).toBeGreaterThanOrEqual(350);
});

test('a button that stays covered fails as field_not_found naming the button', async ({ page }) => {
  await serve(
    page,
    oneForm() + '<div style="position:fixed;inset:0;background:rgba(0,0,0,.2)"></div>',
  );
  const failure = await new OktaIdentityEngineSignIn()
    .signIn(page, user, { fieldTimeoutMs: 600 })
    .then(
      () => undefined,
      (err: unknown) => err as Error & { code?: string },
    );
  expect(failure?.code).toBe('field_not_found');
  expect(failure?.message).toContain('input[type="submit"][data-type="save"]');
});

test('fields inside an open shadow root are found, as Playwright CSS finds them', async ({
  page,
}) => {
  const posts = await serve(
    page,
    `<!doctype html><body><sign-in-box></sign-in-box><script>
customElements.define('sign-in-box', class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({ mode: 'open' }).innerHTML =
      '<form method="POST" action="/done"><input id="u" name="u"><input id="p" type="password" name="p">' +
      '<button id="go" type="submit">Go</button></form>';
  }
});</script></body>`,
  );
  await new GenericSignIn({ username: '#u', password: '#p', submit: '#go' }, 'shadow').signIn(
    page,
    user,
  );
  expect(posts[0]!.get('u')).toBe(user.username);
  expect(posts[0]!.get('p')).toBe(user.password);
});

test('a selector that is not CSS is one clear error naming it', async ({ page }) => {
  await serve(page, oneForm());
  const failure = await new GenericSignIn(
    { username: 'text=Username', password: '#p', submit: '#go' },
    'bad',
  )
    .signIn(page, user, { fieldTimeoutMs: 600 })
    .then(
      () => undefined,
      (err: unknown) => err as Error,
    );
  expect(failure?.message).toContain('"text=Username" is not a CSS selector');
});
