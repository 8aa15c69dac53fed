import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import {
  SymbolResolutionError,
  loadCaseFile,
  resolveSymbols,
  symbolValuesFrom,
  type CaseDefinition,
  type SymbolValues,
} from '../../../src/case/index.js';

const VALID = 'tests/unit/fixtures/cases/valid';
const values: SymbolValues = {
  idp: {
    url: 'http://127.0.0.1:40001',
    orgIssuer: 'http://127.0.0.1:40001',
    issuers: {
      default: 'http://127.0.0.1:40001/oauth2/default',
      payments: 'http://127.0.0.1:40001/oauth2/payments',
    },
    clientId: '0oa1client',
  },
  sp: { url: 'http://127.0.0.1:40002/api/me' },
};

test.describe('symbol resolution', () => {
  test('${idp.issuer} is the case server issuer; other symbols their values', async () => {
    const { definition } = await loadCaseFile(join(VALID, 'missing-claim-email.yaml'));
    const resolved = resolveSymbols(definition, values);
    expect(resolved.sp?.expect).toMatchObject({
      issuer: 'http://127.0.0.1:40001/oauth2/default',
      clientId: '0oa1client',
      audience: '0oa1client',
    });
    // The input is left as it was.
    expect(definition.sp?.expect.issuer).toBe('${idp.issuer}');
  });

  test('${idp.issuers.<id>} and embedded symbols (a symbol followed by a path)', async () => {
    const { definition } = await loadCaseFile(join(VALID, 'unknown-signing-key-minted.json'));
    const resolved = resolveSymbols(definition, values);
    expect(resolved.sp?.expect.issuer).toBe('http://127.0.0.1:40001/oauth2/payments');
    expect(resolved.sp?.expect.jwksUri).toBe('http://127.0.0.1:40001/oauth2/payments/v1/keys');
  });

  test('the ORG server, the org issuer and the SP url', () => {
    const definition = {
      name: 'x',
      tags: [],
      idp: { type: 'emulator', server: 'org' },
      client: {
        flow: 'code',
        scopes: ['openid'],
        dpop: false,
        public: false,
        pkce: true,
        redirectUri: '${idp.url}/cb',
      },
      sp: {
        type: 'mock',
        send: 'id_token',
        via: 'bearer',
        expect: { issuer: ['${idp.issuer}', '${idp.issuers.org}'], jwksUri: '${sp.url}/keys' },
      },
      expect: { outcome: 'accepted', diagnosis: [] },
    } satisfies CaseDefinition;
    const resolved = resolveSymbols(definition, values);
    expect(resolved.sp?.expect.issuer).toEqual([
      'http://127.0.0.1:40001',
      'http://127.0.0.1:40001',
    ]);
    expect(resolved.sp?.expect.jwksUri).toBe('http://127.0.0.1:40002/api/me/keys');
    expect(resolved.client.redirectUri).toBe('http://127.0.0.1:40001/cb');
  });

  test('a symbol without a value at run time is an error naming the field', async () => {
    const { definition } = await loadCaseFile(join(VALID, 'unknown-signing-key-minted.json'));
    const noPayments: SymbolValues = {
      ...values,
      idp: { ...values.idp, issuers: { default: 'x' } },
    };
    const err = (() => {
      try {
        resolveSymbols(definition, noPayments);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SymbolResolutionError);
    expect((err as SymbolResolutionError).path).toBe('sp.expect.issuer');
    expect((err as Error).message).toBe(
      'sp.expect.issuer: ${idp.issuers.payments} has no value: the IdP has no authorization server "payments"',
    );
  });

  test('${sp.url} without a running SP is an error', () => {
    const definition = {
      name: 'x',
      tags: [],
      idp: { type: 'emulator', server: 'default' },
      client: { flow: 'code', scopes: ['openid'], dpop: false, public: false, pkce: true },
      sp: { type: 'mock', send: 'access_token', via: 'bearer', expect: { audience: '${sp.url}' } },
      expect: { outcome: 'accepted', diagnosis: [] },
    } satisfies CaseDefinition;
    expect(() => resolveSymbols(definition, { idp: values.idp })).toThrow(
      'sp.expect.audience: ${sp.url} has no value: no SP is running',
    );
  });

  test('symbolValuesFrom takes an emulator-shaped object', () => {
    const v = symbolValuesFrom(
      {
        url: 'http://h',
        orgIssuer: 'http://h',
        issuers: { default: 'http://h/oauth2/default' },
        app: { clientId: 'c' },
      },
      'http://sp/api',
    );
    expect(v).toEqual({
      idp: {
        url: 'http://h',
        orgIssuer: 'http://h',
        issuers: { default: 'http://h/oauth2/default' },
        clientId: 'c',
      },
      sp: { url: 'http://sp/api' },
    });
  });
});
