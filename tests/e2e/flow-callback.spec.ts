import { test, expect } from '@playwright/test';
import { startCallbackListener } from '../../src/flow/callback.js';

// The fragment never reaches a server: the listener's page must relay it, in a real browser.
test('a fragment response is relayed by the callback page and leaves the address bar', async ({
  page,
}) => {
  const listener = await startCallbackListener();
  try {
    const pending = listener.next(5000);
    await page.goto(`${listener.redirectUri}#id_token=h.p.s&access_token=at&state=st1`);
    const result = await pending;
    expect(result.responseMode).toBe('fragment');
    expect(result.params.get('id_token')).toBe('h.p.s');
    expect(result.params.get('state')).toBe('st1');
    await expect(page.locator('#oidc-harness-callback')).toHaveText(/received/);
    expect(page.url()).toBe(listener.redirectUri);
  } finally {
    await listener.close();
  }
});

// form_post: the IdP's page posts a self-submitting form to the redirect URI (another origin).
test('a form_post response posted by a browser is captured', async ({ page }) => {
  const listener = await startCallbackListener({ path: '/form/callback' });
  try {
    const pending = listener.next(5000);
    await page.setContent(
      `<form method="post" action="${listener.redirectUri}">` +
        '<input type="hidden" name="code" value="c9"><input type="hidden" name="state" value="s9">' +
        '</form><script>document.forms[0].submit()</script>',
    );
    const result = await pending;
    expect(result.responseMode).toBe('form_post');
    expect(result.params.get('code')).toBe('c9');
    expect(result.params.get('state')).toBe('s9');
  } finally {
    await listener.close();
  }
});
