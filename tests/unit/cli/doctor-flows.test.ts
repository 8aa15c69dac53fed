/**
 * Doctor's checks for a service app's client credentials (Okta's ORG-server refusals,
 * okta-behavior.md section 3) and a sign-on policy's second factor (the TOTP secret's shape).
 */
import { test, expect } from '@playwright/test';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';
import { clientCredentialsCheck, secondFactorCheck } from '../../../src/cli/doctor-flows.js';

let idp: Emulator;
test.beforeAll(async () => {
  idp = await startEmulator({
    servers: { default: { scopes: ['orders:read'] } },
    app: { applicationType: 'service' },
  });
});
test.afterAll(async () => {
  await idp?.close();
});

const input = (server: 'org' | 'default', scopes: string[]) => ({
  tokenEndpoint:
    server === 'org' ? `${idp.url}/oauth2/v1/token` : `${idp.issuer('default')}/v1/token`,
  serverKind: server === 'org' ? ('org' as const) : ('custom' as const),
  clientId: idp.app.clientId,
  clientSecret: idp.app.clientSecret!,
  scopes,
});

test('a custom server issues the service app a token: pass', async () => {
  const check = await clientCredentialsCheck(input('default', ['orders:read']));
  expect(check.status).toBe('pass');
  expect(check.evidence).toContain('200');
  expect(JSON.stringify(check)).not.toContain(idp.app.clientSecret!);
});

test('the ORG server refuses a secret: fail, with the client_credentials_on_org_server fix', async () => {
  const check = await clientCredentialsCheck(input('org', ['orders:read']));
  expect(check.status).toBe('fail');
  expect(check.evidence).toContain('private_key_jwt');
  expect(check.fix).toContain('client_credentials_on_org_server');
});

test('no secret: skipped, saying why', async () => {
  const { clientSecret: _, ...publicApp } = input('default', ['orders:read']);
  expect((await clientCredentialsCheck(publicApp)).status).toBe('skip');
});

test('second factor: the TOTP secret is checked for shape, never shown', () => {
  expect(secondFactorCheck({}).status).toBe('skip');
  const good = secondFactorCheck({ totpSecret: 'JBSWY3DPEHPK3PXP' });
  expect(good.status).toBe('pass');
  expect(JSON.stringify(good)).not.toContain('JBSWY3DPEHPK3PXP');
  expect(secondFactorCheck({ totpSecret: 'not-base32!' }).status).toBe('fail');
});
