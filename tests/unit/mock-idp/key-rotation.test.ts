/**
 * Key rotation as Okta does it (okta-behavior.md §1, §7.8): the next key is published ahead of
 * use beside the current one, a rotation makes it sign while the old key stays published, and
 * retiring drops the old key. Each step's keys are new, and `/v1/keys` requests are counted (a
 * rotation check reads them to see an SP refetch).
 */
import { test, expect } from '@playwright/test';
import { decodeProtectedHeader } from 'jose';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';

let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator();
});
test.afterAll(async () => {
  await idp?.close();
});

async function kids(server: 'org' | 'default'): Promise<string[]> {
  const url = server === 'org' ? `${idp.url}/oauth2/v1/keys` : `${idp.url}/oauth2/default/v1/keys`;
  const body = (await (await fetch(url)).json()) as { keys: Array<{ kid: string }> };
  return body.keys.map((k) => k.kid);
}

const signingKid = async () =>
  decodeProtectedHeader(await idp.mintToken({ server: 'default', kind: 'access_token' })).kid;

test('publish next → rotate → retire old, one server at a time', async () => {
  await idp.reset();
  const [current] = await kids('default');
  const org = await kids('org');
  expect(await kids('default')).toEqual([current]);

  await idp.keySteps(['publishNext'], ['default']);
  const published = await kids('default');
  expect(published).toHaveLength(2);
  const next = published[1]!;
  expect(next).not.toBe(current);
  // Published ahead of use: the current key still signs.
  expect(await signingKid()).toBe(current);
  expect(idp.publishedKids('default')).toEqual([current, next]);

  await idp.keySteps(['rotate'], ['default']);
  expect(await kids('default')).toEqual([next, current]);
  expect(await signingKid()).toBe(next);

  await idp.keySteps(['retireOld'], ['default']);
  expect(await kids('default')).toEqual([next]);
  // The other server's keys did not move.
  expect(await kids('org')).toEqual(org);

  // configure/reset go back to the configured keys.
  await idp.reset();
  expect(await kids('default')).toEqual([current]);
});

test('a rotation without a published next key signs with a new key at once', async () => {
  await idp.reset();
  const [current] = await kids('default');
  await idp.keySteps(['rotate']);
  const [signing, old] = await kids('default');
  expect(old).toBe(current);
  expect(signing).not.toBe(current);
  expect(await signingKid()).toBe(signing);
  await idp.reset();
});

test('every /v1/keys request is counted per server', async () => {
  const before = idp.jwksRequests().length;
  await kids('default');
  await kids('org');
  const after = idp.jwksRequests().slice(before);
  expect(after.map((r) => r.server)).toEqual(['default', 'org']);
  expect(after.every((r) => r.at <= Date.now())).toBe(true);
});

test('an unknown server or step is named', async () => {
  await expect(idp.keySteps(['rotate'], ['nope'])).rejects.toThrow(
    /unknown authorization server "nope"/,
  );
  await expect(idp.keySteps(['shuffle' as 'rotate'])).rejects.toThrow(/unknown step shuffle/);
});
