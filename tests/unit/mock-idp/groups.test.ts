/**
 * The groups claim as an Okta app releases it: the app's groups claim filter, the claim left out
 * when nothing matches, and Okta's 100-group limit for tokens from /authorize (Okta support
 * article "The groups claim matched too many groups and must be configured to match fewer
 * groups"), or the claim cut to 100 with `tooManyGroups: truncate`.
 */
import { test, expect } from '@playwright/test';
import { decodeJwt } from 'jose';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';
import { authorizeOverHttp } from '../../../mock-idp/http-sign-in.js';

const CB = 'http://127.0.0.1:9/cb';
const MANY = Array.from({ length: 101 }, (_, i) => `eng-${String(i + 1).padStart(3, '0')}`);
const alice = (groups: string[]) => ({
  login: 'alice@example.com',
  password: 'Alice-Passw0rd!',
  groups,
});
let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator({ app: { redirectUris: [CB] }, users: [alice([])] });
});
test.afterAll(async () => {
  await idp?.close();
});

async function implicitIdToken(groups: string[], extra: Record<string, unknown> = {}) {
  await idp.configure({
    app: {
      redirectUris: [CB],
      grantTypes: ['authorization_code', 'implicit'],
      responseTypes: ['code', 'id_token'],
      groupsFilter: { type: 'startsWith', value: 'eng-' },
    },
    users: [alice(groups)],
    ...extra,
  });
  const q = new URLSearchParams({
    client_id: idp.app.clientId,
    redirect_uri: CB,
    response_type: 'id_token',
    state: 's',
    nonce: 'n',
    scope: 'openid groups',
  });
  const { params } = await authorizeOverHttp(`${idp.url}/oauth2/v1/authorize?${q}`, alice(groups));
  return Object.fromEntries(params);
}

test('the filter decides which groups go into the claim; none matching leaves it out', async () => {
  const some = await implicitIdToken(['Everyone', 'eng-platform', 'Sales']);
  expect(decodeJwt(some.id_token!).groups).toEqual(['eng-platform']);
  const none = await implicitIdToken(['Everyone', 'Sales']);
  expect(decodeJwt(none.id_token!).groups).toBeUndefined();
});

test('more than 100 matching groups: Okta refuses tokens from /authorize', async () => {
  expect(await implicitIdToken(MANY)).toEqual({
    error: 'invalid_request',
    error_description:
      'The groups claim matched too many groups and must be configured to match fewer groups',
    state: 's',
  });
  expect(await implicitIdToken(MANY.slice(0, 100))).toHaveProperty('id_token');
});

test('tooManyGroups: truncate cuts the claim to 100 instead', async () => {
  const out = await implicitIdToken(MANY, { tooManyGroups: 'truncate' });
  expect((decodeJwt(out.id_token!).groups as string[]).length).toBe(100);
});
