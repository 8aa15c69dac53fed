/**
 * Real Okta mode end to end, without a tenant: `oidc-harness serve --json` poses as the tenant,
 * the OKTA_* variables point at it, and the catalogue's cases tagged `okta` run through the
 * real-tenant code path (OktaIdentityProvider, the callback on OKTA_REDIRECT_URI, the System Log
 * read with the API token) — the same code as against Okta, only the URL differs.
 */
import { fileURLToPath } from 'node:url';
import { requiresOkta } from '../../src/case/emulator.js';
import { loadCases } from '../../src/case/load.js';
import { serveStandIn, type StandIn } from '../support/tenant-stand-in.js';
import { defineCatalogue } from '../../fixtures/catalogue.js';
import { expect, test } from '../../fixtures/index.js';
import { runOktaCase } from '../../fixtures/okta-idp.js';
import { readOktaSettings } from '../../src/okta/tenant-settings.js';

// One stand-in and one redirect URI port for the file: its tests run in order in one worker.
test.describe.configure({ mode: 'default' });

const cases = (await loadCases([fileURLToPath(new URL('../../cases/', import.meta.url))])).filter(
  (c) => requiresOkta(c.definition),
);

let standIn: StandIn | undefined;
const saved: Record<string, string | undefined> = {};

test.beforeAll(async () => {
  standIn = await serveStandIn();
  for (const [name, value] of Object.entries(standIn.env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});

test.afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await standIn?.stop();
});

test('the catalogue has real-tenant cases to prove', () => {
  expect(cases.map((c) => c.id)).toEqual(
    expect.arrayContaining([
      'okta-accepted-access-token',
      'okta-custom-scope-on-org',
      'okta-missing-claim-email',
    ]),
  );
});

// The catalogue's own declaration of the okta cases: they run here instead of being skipped.
defineCatalogue(cases);

test('the System Log check of the 401 article is in the evidence', async ({ page }, testInfo) => {
  test.setTimeout(60_000); // two sign-ins
  const accepted = cases.find((c) => c.id === 'okta-accepted-access-token')!;
  const run = await runOktaCase(accepted, page, testInfo);
  expect(run.result.observed?.outcome).toBe('accepted');
  const check = run.evidence.tokenIssuance!;
  expect(check, 'tokenIssuance evidence').toBeDefined();
  expect(check.issued).toBe(true);
  expect(check.server).toBe('default');
  expect(check.found).toEqual(
    expect.arrayContaining(['user.authentication.sso', 'app.oauth2.as.authorize.code']),
  );
  expect(check.failures).toEqual([]);

  const refused = cases.find((c) => c.id === 'okta-custom-scope-on-org')!;
  const failed = await runOktaCase(refused, page, testInfo);
  expect(failed.evidence.tokenIssuance?.issued).toBe(false);
  expect(failed.evidence.tokenIssuance?.failures.map((f) => f.reason).join('\n')).toContain(
    'Custom scopes are not allowed for this request.',
  );
  expect(failed.evidence.diagnoses.map((d) => d.code)).toContain('tokens_not_issued');
});

test('no secret of the tenant appears in the evidence', async ({ page }, testInfo) => {
  const settings = readOktaSettings(process.env);
  const loaded = cases.find((c) => c.id === 'okta-missing-claim-email')!;
  const run = await runOktaCase(loaded, page, testInfo, settings);
  expect(run.result.passed).toBe(true);
  const text = JSON.stringify(run);
  for (const secret of [settings.password, settings.clientSecret, settings.apiToken]) {
    expect(secret).toBeTruthy();
    expect(text).not.toContain(secret);
  }
});

test('without OKTA_API_TOKEN the cases still run, with no System Log evidence', async ({
  page,
}, testInfo) => {
  const { apiToken: _unused, ...settings } = readOktaSettings(process.env);
  const refused = cases.find((c) => c.id === 'okta-custom-scope-on-org')!;
  const run = await runOktaCase(refused, page, testInfo, settings);
  expect(run.result.passed, run.result.mismatches?.join('; ')).toBe(true);
  expect(run.evidence.systemLog).toEqual([]);
  expect(run.evidence.tokenIssuance).toBeUndefined();
  // The authorize error alone names the cause.
  expect(run.evidence.diagnoses[0]?.code).toBe('custom_scope_on_org_server');
});

test('a tenant with the Classic sign-in widget: detected from the page, same code path', async ({
  page,
}, testInfo) => {
  const classic = await serveStandIn({ idp: { signInWidget: 'classic' } });
  try {
    const accepted = cases.find((c) => c.id === 'okta-accepted-access-token')!;
    const run = await runOktaCase(accepted, page, testInfo, readOktaSettings(classic.env));
    expect(run.result.passed, run.result.mismatches?.join('; ')).toBe(true);
    expect(run.evidence.tokenIssuance?.issued).toBe(true);
  } finally {
    await classic.stop();
  }
});
