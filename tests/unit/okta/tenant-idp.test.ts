/**
 * The real-tenant IdP port against the emulator at the tenant's URLs: discovery of the ORG and a
 * custom server with Okta's issuer shapes, an unknown server or a wrong issuer named with the fix,
 * `default` standing for OKTA_AUTH_SERVER, no System Log without an API token, the secrets.
 */
import { test, expect } from '@playwright/test';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';
import { applyDefaults } from '../../../src/case/defaults.js';
import { DiscoveryError, discoverServer } from '../../../src/okta/tenant-discovery.js';
import { OktaIdentityProvider } from '../../../src/harness/adapters/okta-tenant-idp.js';
import type { OktaTenantSettings } from '../../../src/okta/tenant-settings.js';

let emulator: Emulator;
test.beforeAll(async () => {
  emulator = await startEmulator();
});
test.afterAll(async () => {
  await emulator?.close();
});

const settings = (over: Partial<OktaTenantSettings> = {}): OktaTenantSettings => ({
  orgUrl: emulator.url,
  clientId: emulator.app.clientId,
  clientSecret: 'client-secret-value',
  redirectUri: 'http://127.0.0.1:1/cb',
  username: 'alice@example.com',
  password: 'password-value',
  authServer: 'default',
  apiToken: emulator.apiToken,
  ...over,
});
const caseFor = (server: string) =>
  applyDefaults({ name: 'x', idp: { type: 'okta', server }, expect: { outcome: 'accepted' } });

test('ORG and custom servers are discovered with Okta’s issuer shapes', async () => {
  const org = await discoverServer(emulator.url, 'org');
  expect(org).toMatchObject({ kind: 'org', issuer: emulator.url });
  const custom = await discoverServer(emulator.url, 'default');
  expect(custom).toMatchObject({ kind: 'custom', issuer: `${emulator.url}/oauth2/default` });
  expect(custom.document.jwks_uri).toBe(`${emulator.url}/oauth2/default/v1/keys`);
});

test('an unknown server is a not_found naming the server and where to create it', async () => {
  const err = await discoverServer(emulator.url, 'aus0missing').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DiscoveryError);
  expect((err as DiscoveryError).code).toBe('not_found');
  expect((err as DiscoveryError).message).toContain('no authorization server "aus0missing"');
});

test('an issuer that is not the org’s (a custom domain, a wrong OKTA_DOMAIN) is named', async () => {
  const other = emulator.url.replace('127.0.0.1', 'localhost');
  const err = await discoverServer(other, 'org').catch((e: unknown) => e);
  expect((err as DiscoveryError).code).toBe('issuer');
  expect((err as DiscoveryError).message).toContain(`expected ${other}`);
});

test('prepare discovers the case’s server; symbols and issuers follow the tenant', async () => {
  const idp = new OktaIdentityProvider(settings());
  await idp.prepare(caseFor('org'));
  expect(idp.discoveredServer('org')?.issuer).toBe(emulator.url);
  expect(idp.symbols()).toMatchObject({
    url: emulator.url,
    orgIssuer: emulator.url,
    clientId: emulator.app.clientId,
    issuers: { default: `${emulator.url}/oauth2/default` },
  });
  expect(idp.issuer('org')).toBe(emulator.url);
  await expect(idp.prepare(caseFor('aus0missing'))).rejects.toThrow(/aus0missing/);
});

test('OKTA_AUTH_SERVER set to a custom id stands in for a case’s default server', async () => {
  const idp = new OktaIdentityProvider(settings({ authServer: 'aus0payments' }));
  expect(idp.serverFor('default')).toBe('aus0payments');
  expect(idp.serverFor('org')).toBe('org');
  expect(idp.issuer('default')).toBe(`${emulator.url}/oauth2/aus0payments`);
  const orgConfigured = new OktaIdentityProvider(settings({ authServer: 'org' }));
  expect(orgConfigured.serverFor('default')).toBe('default');
});

test('the client, the user and the secrets come from the settings; no mint', () => {
  const idp = new OktaIdentityProvider(settings());
  expect(idp.client()).toEqual({
    clientId: emulator.app.clientId,
    clientSecret: 'client-secret-value',
  });
  expect(new OktaIdentityProvider(settings({ clientSecret: undefined })).client()).toEqual({
    clientId: emulator.app.clientId,
  });
  expect(idp.credentials()).toEqual({ username: 'alice@example.com', password: 'password-value' });
  expect(idp.secrets().sort()).toEqual(
    ['client-secret-value', 'password-value', emulator.apiToken].sort(),
  );
  expect((idp as { mint?: unknown }).mint).toBeUndefined();
});

test('without an API token there is no System Log port (not an empty log)', () => {
  expect(new OktaIdentityProvider(settings({ apiToken: undefined })).systemLog).toBeUndefined();
  expect(typeof new OktaIdentityProvider(settings()).systemLog).toBe('function');
});

test('the System Log read keeps this app’s events and the check names the missing steps', async () => {
  const idp = new OktaIdentityProvider(settings());
  const definition = caseFor('default');
  await idp.prepare(definition);
  const events = await idp.systemLog!(new Date(Date.now() - 60_000));
  for (const e of events) {
    const ids = [
      e.actor?.id,
      ...(e.target ?? []).map((t) => t.id),
      e.debugContext?.debugData?.clientId,
    ];
    expect(ids).toContain(emulator.app.clientId);
  }
  const check = idp.tokenIssuance(events, definition);
  expect(check.issued).toBe(false);
  expect(check.missing).toContain('app.oauth2.as.authorize.code');
  expect(check.summary).toContain(`client ${emulator.app.clientId}`);
});

test('a case does not take in the events an earlier case on the same app has read', async () => {
  // Okta refuses a custom scope at the ORG server and logs it: one failure event per request.
  const refuse = (state: string) =>
    fetch(
      `${emulator.url}/oauth2/v1/authorize?${new URLSearchParams({
        client_id: emulator.app.clientId,
        response_type: 'code',
        scope: 'openid orders:read',
        redirect_uri: emulator.app.redirectUris[0]!,
        state,
      })}`,
      { redirect: 'manual' },
    );
  const definition = caseFor('org');
  const failuresIn = (
    events: Awaited<ReturnType<NonNullable<OktaIdentityProvider['systemLog']>>>,
  ) => events.filter((e) => e.outcome?.result === 'FAILURE').map((e) => e.uuid);

  // Each case gets its own port, as runOktaCase builds one per case; both read from a second back.
  await refuse('first');
  const first = new OktaIdentityProvider(settings());
  await first.prepare(definition);
  const firstEvents = failuresIn(await first.systemLog!(new Date(Date.now() - 1_000)));
  expect(firstEvents.length).toBeGreaterThan(0);

  await refuse('second');
  const second = new OktaIdentityProvider(settings());
  await second.prepare(definition);
  const secondEvents = failuresIn(await second.systemLog!(new Date(Date.now() - 1_000)));
  expect(secondEvents.length).toBeGreaterThan(0);
  expect(secondEvents.filter((uuid) => firstEvents.includes(uuid))).toEqual([]);
});
