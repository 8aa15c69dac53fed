import { expect, test } from '@playwright/test';
import { startEmulator, type Emulator } from '../../../mock-idp/index.js';
import { EmulatorIdentityProvider } from '../../../src/harness/adapters/emulator-idp.js';
import { startPassportApi } from '../../../real-sp/passport-api.js';
import type { RunningSp } from '../../../real-sp/types.js';
import { resolveSymbols } from '../../../src/case/resolve.js';
import { SymbolResolutionError } from '../../../src/case/resolve.js';
import { loadCaseFile } from '../../../src/case/load.js';
import type { Diagnosis } from '../../../src/diagnosis/types.js';
import {
  candidatesFrom,
  onlyUnexplained,
  spGaveReason,
  variantMinter,
  withDifferential,
} from '../../../src/harness/differential-step.js';
import { executeCase } from '../../../src/harness/execute.js';
import type { DifferentialResult } from '../../../src/harness/differential.js';

const decode = (jwt: string, i: number) =>
  JSON.parse(Buffer.from(jwt.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;

test('an SP gives a reason with an RFC 6750 error or a body beyond a status word', () => {
  expect(spGaveReason({ body: 'Unauthorized' })).toBe(false);
  expect(spGaveReason({ body: '' })).toBe(false);
  expect(spGaveReason({ wwwAuthenticate: 'Bearer', body: 'Unauthorized' })).toBe(false);
  expect(spGaveReason({ wwwAuthenticate: 'Bearer error="invalid_token"', body: '' })).toBe(true);
  expect(spGaveReason({ body: '{"error":"audience_mismatch"}' })).toBe(true);
});

const diag = (code: Diagnosis['code'], note?: string): Diagnosis => ({
  code,
  summary: code,
  evidence: note ? { aud: { note } } : {},
  fix: '',
});

test('the winner goes first, unexplained goes, the same code is merged', () => {
  const result: DifferentialResult = {
    tried: [],
    stoppedBy: 'winner',
    untried: 0,
    note: '',
    diagnosis: {
      ...diag('audience_mismatch'),
      evidence: { aud: { token: 'x', expected: 'api://default', note: 'found by' } },
    },
  };
  const merged = withDifferential(
    [diag('unexplained'), diag('token_type_mismatch'), diag('audience_mismatch', 'engine')],
    result,
  );
  expect(merged.map((d) => d.code)).toEqual(['audience_mismatch', 'token_type_mismatch']);
  expect(merged[0]!.evidence.aud).toMatchObject({ token: 'x', expected: 'api://default' });
  expect(withDifferential([diag('unexplained')], undefined).map((d) => d.code)).toEqual([
    'unexplained',
  ]);
  expect(onlyUnexplained([diag('unexplained')])).toBe(true);
  expect(onlyUnexplained([diag('unexplained'), diag('missing_claim')])).toBe(false);
});

test.describe('against the emulator', () => {
  let emulator: Emulator;
  let passport: RunningSp;
  test.beforeAll(async () => {
    emulator = await startEmulator();
    passport = await startPassportApi({
      issuer: emulator.issuer('default'),
      audience: 'api://default',
    });
  });
  test.afterAll(async () => {
    await passport?.close();
    await emulator?.close();
  });

  test('a variant carries exactly the claims asked for, signed by the server named', async () => {
    const idp = new EmulatorIdentityProvider(emulator);
    const mint = variantMinter((m) => idp.mint(m));
    const payload = { iss: emulator.orgIssuer, aud: 'x', sub: 'someone', exp: 2_000_000_000 };
    const jwt = await mint({ kind: 'access_token', server: 'default', payload, header: {} });
    expect(decode(jwt, 1)).toEqual(payload);
    const header = decode(jwt, 0);
    expect(header.typ).toBeUndefined();
    const keys = (await (await fetch(`${emulator.issuer('default')}/v1/keys`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(keys.keys.map((k) => k.kid)).toContain(header.kid);
  });

  test('candidates come from the IdP: every issuer, each server audience, the user claims', async () => {
    const idp = new EmulatorIdentityProvider(emulator);
    const token = await emulator.mintToken({ server: 'default', kind: 'access_token' });
    const c = await candidatesFrom(idp, (m) => idp.mint(m), token);
    expect(c.issuers).toContainEqual({ issuer: emulator.orgIssuer, server: 'org' });
    expect(c.issuers).toContainEqual({ issuer: emulator.issuer('default'), server: 'default' });
    expect(c.audiences).toEqual(
      expect.arrayContaining([emulator.app.clientId, 'api://default', emulator.url]),
    );
    expect(c.claims.email).toBe(emulator.users[0]!.email);
    expect(c.claims.scp).toEqual(expect.arrayContaining(['openid']));
  });

  test('the executor probes a bare 401 from a real SP and puts the winner first', async () => {
    const loaded = await loadCaseFile('cases/real-sp/passport-id-token-audience.yaml');
    const run = await executeCase(loaded, {
      idp: new EmulatorIdentityProvider(emulator),
      sp: async (definition) => ({ resourceUrl: definition.sp!.url! }),
      redirectUri: 'http://127.0.0.1:1/callback',
      spUrls: { passport: passport.url },
    });
    expect(run.result.passed, JSON.stringify(run.result.mismatches)).toBe(true);
    expect(run.evidence.differential?.winner).toMatchObject({ field: 'aud', to: 'api://default' });
    expect(run.evidence.diagnoses[0]?.code).toBe('audience_mismatch');
    // What was tried is evidence; no variant token is.
    expect(JSON.stringify(run.evidence.differential)).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(run.evidence.timings.map((t) => t.step)).toContain('differential');
  });

  test('probing can be turned off: the bare 401 stays unexplained', async () => {
    const loaded = await loadCaseFile('cases/real-sp/passport-id-token-audience.yaml');
    const run = await executeCase(loaded, {
      idp: new EmulatorIdentityProvider(emulator),
      sp: async (definition) => ({ resourceUrl: definition.sp!.url! }),
      redirectUri: 'http://127.0.0.1:1/callback',
      spUrls: { passport: passport.url },
      differential: { enabled: false },
    });
    expect(run.evidence.differential).toBeUndefined();
    expect(run.result.passed).toBe(false);
  });
});

test('${sp.urls.<name>} resolves to the named real SP, or names the ones known', async () => {
  const loaded = await loadCaseFile('cases/real-sp/passport-accepted.yaml');
  const idp = {
    url: 'http://i',
    orgIssuer: 'http://i',
    issuers: { default: 'http://i/d' },
    clientId: 'c',
  };
  const resolved = resolveSymbols(loaded.definition, { idp, spUrls: { passport: 'http://p/api' } });
  expect(resolved.sp?.url).toBe('http://p/api');
  expect(() => resolveSymbols(loaded.definition, { idp, spUrls: { other: 'x' } })).toThrow(
    SymbolResolutionError,
  );
  expect(() => resolveSymbols(loaded.definition, { idp })).toThrow(/no real SP named "passport"/);
});
