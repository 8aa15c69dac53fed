import { test, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startEmulator } from '../../mock-idp/index.js';
import type { Emulator } from '../../mock-idp/index.js';
import { startApacheRp } from '../../real-sp/apache-rp.js';
import type { RunningApacheRp } from '../../real-sp/apache-rp.js';
import { requireApache } from '../support/requires-apache.js';

// Apache httpd + mod_auth_openidc signing a user in against the Okta emulator in a real browser:
// SP-initiated SSO, the shape of a third-party app (okta-behavior.md §6, §7). Each test gets a
// fresh emulator and Apache so their sessions and configuration never mix (a minute each: the
// machine may be busy, and both servers start inside the test).

test.describe.configure({ timeout: 60_000 });
test.beforeEach(() => requireApache());

interface Rig {
  idp: Emulator;
  rp: RunningApacheRp;
  startMs: number;
}

async function startRig(
  rpOptions: { remoteUserClaim?: string; scope?: string; requireClaims?: string[] } = {},
): Promise<Rig> {
  const idp = await startEmulator();
  try {
    const started = Date.now();
    const rp = await startApacheRp({
      issuer: idp.issuer('default'),
      clientId: idp.app.clientId,
      clientSecret: idp.app.clientSecret ?? '',
      ...rpOptions,
    });
    const startMs = Date.now() - started;
    // The app's redirect URI is Apache's, known only once Apache has its port.
    await idp.configure({ app: { redirectUris: [rp.redirectUri] } });
    return { idp, rp, startMs };
  } catch (err) {
    await idp.close();
    throw err;
  }
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  if (!rig) return;
  try {
    await rig.rp.close();
  } finally {
    await rig.idp.close();
  }
}

/** The Identity Engine sign-in: identifier → Next → password → Verify (okta-behavior.md §6). */
async function signIn(page: Page, idp: Emulator): Promise<void> {
  const user = idp.users[0]!;
  await page.locator('input[name="identifier"]').fill(user.login);
  await page.locator('input[type="submit"][data-type="save"]').click();
  await page.locator('input[name="credentials.passcode"]').fill(user.password ?? '');
  await page.locator('input[type="submit"][data-type="save"]').click();
}

test('Apache signs the user in through the emulator and shows who it is', async ({ page }) => {
  let rig: Rig | undefined;
  try {
    rig = await startRig();
    const { idp, rp } = rig;
    console.log(`Apache RP start: ${rig.startMs} ms`);
    await page.goto(rp.url);
    // mod_auth_openidc sent the browser to the emulator's authorize endpoint and its sign-in page.
    expect(page.url().startsWith(idp.url)).toBe(true);
    const landed = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/protected/' && r.status() === 200,
    );
    await signIn(page, idp);
    await page.waitForURL(`${rp.url}**`);
    await expect(page.locator('#remote-user')).toHaveText(idp.users[0]!.email!);
    // The same user in a header, for a client that reads headers rather than the page.
    expect(await (await landed).headerValue('x-remote-user')).toBe(idp.users[0]!.email!);
    await expect(page.locator('#claim-iss')).toHaveText(idp.issuer('default'));
    await expect(page.locator('#claim-aud')).toHaveText(idp.app.clientId);
    // The tokens come from the IdP side: the emulator recorded the ID token it issued to Apache,
    // and it names the same user the page shows.
    const idTokens = idp
      .issuedTokens()
      .filter((t) => t.kind === 'id_token' && t.via === 'authorization_code');
    expect(idTokens).toHaveLength(1);
    expect(idTokens[0]!.clientId).toBe(idp.app.clientId);
    const payload = JSON.parse(
      Buffer.from(idTokens[0]!.token.split('.')[1]!, 'base64url').toString(),
    ) as { sub: string };
    await expect(page.locator('#claim-sub')).toHaveText(payload.sub);
  } finally {
    await stopRig(rig);
  }
});

test('Apache refuses the sign-in when the email scope was not requested', async ({ page }) => {
  let rig: Rig | undefined;
  try {
    // OIDCRemoteUserClaim email, but OIDCScope lacks `email`: neither the ID token nor /userinfo
    // carries it (okta-behavior.md §7 item 4), so the module cannot name the user.
    rig = await startRig({ remoteUserClaim: 'email', scope: 'openid profile' });
    const { idp, rp } = rig;
    await page.goto(rp.url);
    const ending = page.waitForResponse((r) => r.url().startsWith(rp.redirectUri));
    await signIn(page, idp);
    const response = await ending;
    // How this SP ends: mod_auth_openidc's own error page on the redirect URI, served as HTTP 200
    // (the module answers authorization-response errors with OK), the detail only in its log.
    expect(response.status()).toBe(200);
    expect(page.url().startsWith(rp.redirectUri)).toBe(true);
    await expect(page.locator('pre')).toHaveText(
      'OpenID Connect Provider error: Remote user could not be set: contact the website administrator',
    );
    expect(rp.logs()).toContain(
      'oidc_get_remote_user: JSON object did not contain a "email" string',
    );
    expect(rp.logs()).toContain(
      'could not set the remote user based on the requested claim "email"',
    );
    // The emulator did issue the tokens: the refusal is the SP's, not a failed sign-in.
    expect(idp.issuedTokens().length).toBeGreaterThan(0);
  } finally {
    await stopRig(rig);
  }
});

test('Apache answers 401 after sign-in when a claim it requires is absent', async ({ page }) => {
  let rig: Rig | undefined;
  try {
    // `Require claim groups~.`: the groups scope is not requested, so the claim never arrives.
    rig = await startRig({ requireClaims: ['groups'] });
    const { idp, rp } = rig;
    await page.goto(rp.url);
    const ending = page.waitForResponse((r) => new URL(r.url()).pathname === '/protected/');
    await signIn(page, idp);
    const response = await ending;
    // Signed in (REMOTE_USER set), then refused by authorization: a plain 401 with no reason.
    expect(response.status()).toBe(401);
    expect(await response.headerValue('www-authenticate')).toBeNull();
    await expect(page.locator('h1')).toHaveText('Unauthorized');
    expect(rp.logs()).toContain("could not match require claim expression 'groups~.'");
  } finally {
    await stopRig(rig);
  }
});
