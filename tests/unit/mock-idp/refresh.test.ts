/**
 * Refresh tokens as Okta issues them (Okta's "Refresh access tokens" and "Refresh token rotation"
 * guides): offline_access gives one with the code flow; with rotation each use returns a new one
 * and the used one is refused ("The refresh token is invalid or expired.", System Log
 * `token.detect_reuse`); a persistent refresh token stays the same.
 */
import { test, expect } from '@playwright/test';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';
import { authorizeOverHttp } from '../../../mock-idp/http-sign-in.js';

const CB = 'http://127.0.0.1:9/cb';
const ALICE = { login: 'alice@example.com', password: 'Alice-Passw0rd!' };
let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator({ app: { redirectUris: [CB] }, users: [ALICE] });
});
test.afterAll(async () => {
  await idp?.close();
});

async function token(body: Record<string, string>) {
  const form = new URLSearchParams(body);
  form.set('client_id', idp.app.clientId);
  form.set('client_secret', idp.app.clientSecret!);
  const res = await fetch(`${idp.issuer('default')}/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

async function signedIn(): Promise<string> {
  const q = new URLSearchParams({
    client_id: idp.app.clientId,
    redirect_uri: CB,
    response_type: 'code',
    state: 's',
    scope: 'openid offline_access',
  });
  const { params } = await authorizeOverHttp(`${idp.issuer('default')}/v1/authorize?${q}`, ALICE);
  const out = await token({
    grant_type: 'authorization_code',
    code: params.get('code')!,
    redirect_uri: CB,
  });
  expect(out.status).toBe(200);
  expect(out.body.refresh_token).toBeTruthy();
  return out.body.refresh_token!;
}

test('rotation: a new refresh token each use, the used one refused in Okta words', async () => {
  await idp.configure({
    app: { redirectUris: [CB], refreshTokenRotation: 'rotate' },
    users: [ALICE],
  });
  const first = await signedIn();
  const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.refresh_token).not.toBe(first);
  expect(refreshed.body.access_token).toBeTruthy();
  const reused = await token({ grant_type: 'refresh_token', refresh_token: first });
  expect(reused).toEqual({
    status: 400,
    body: { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' },
  });
  const events = (await (
    await fetch(`${idp.url}/api/v1/logs?filter=eventType sw "app.oauth2.as.token"`, {
      headers: { authorization: `SSWS ${idp.config.apiToken}` },
    })
  ).json()) as Array<{ eventType: string; outcome: { reason?: string } }>;
  expect(events.map((e) => e.eventType)).toContain('app.oauth2.as.token.detect_reuse');
});

test('persistent: the same refresh token keeps working', async () => {
  await idp.configure({
    app: { redirectUris: [CB], refreshTokenRotation: 'persistent' },
    users: [ALICE],
  });
  const first = await signedIn();
  const once = await token({ grant_type: 'refresh_token', refresh_token: first });
  const twice = await token({ grant_type: 'refresh_token', refresh_token: first });
  expect([once.status, twice.status]).toEqual([200, 200]);
  expect(once.body.refresh_token).toBe(first);
});
