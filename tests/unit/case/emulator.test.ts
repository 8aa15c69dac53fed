import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import {
  emulatorDeltaFor,
  emulatorStartOptionsFor,
  loadCaseFile,
  requiresOkta,
  responseTypeOf,
} from '../../../src/case/index.js';

const VALID = 'tests/unit/fixtures/cases/valid';
const load = async (name: string) => (await loadCaseFile(join(VALID, name))).definition;

test.describe('a case mapped onto the emulator', () => {
  test('servers, the user and the callback redirect URI', async () => {
    const definition = await load('missing-claim-email.yaml');
    expect(emulatorDeltaFor(definition, { redirectUris: ['http://127.0.0.1:5000/cb'] })).toEqual({
      servers: { default: { audience: 'api://default', scopes: ['orders:read'] } },
      users: [
        {
          login: 'alice@example.com',
          email: 'alice@example.com',
          password: 'correct-horse-battery',
        },
      ],
      app: { redirectUris: ['http://127.0.0.1:5000/cb'] },
    });
  });

  test('the baseline case needs no delta at all', async () => {
    expect(emulatorDeltaFor(await load('accepted-default-access-token.yaml'))).toEqual({});
  });

  test('an implicit flow enables the implicit grant and its response type', async () => {
    const definition = await load('custom-scope-on-org-server.yaml');
    expect(responseTypeOf(definition)).toBe('id_token token');
    expect(emulatorDeltaFor(definition).app).toEqual({
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'implicit'],
      responseTypes: ['code', 'id_token token'],
    });
  });

  test('a public hybrid client: public app without secret, the hybrid response type', async () => {
    const definition = await load('dpop-bound-token-as-bearer.yaml');
    expect(responseTypeOf(definition)).toBe('code id_token');
    expect(emulatorDeltaFor(definition, { redirectUris: ['http://127.0.0.1:1/cb'] }).app).toEqual({
      public: true,
      pkceRequired: true,
      redirectUris: ['http://127.0.0.1:1/cb'],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'implicit'],
      responseTypes: ['code', 'code id_token'],
    });
  });

  test("the case's own registered URIs are kept; client.redirectUri is not registered", async () => {
    const base = await load('accepted-default-access-token.yaml');
    const definition = {
      ...base,
      idp: {
        ...base.idp,
        app: { redirectUris: ['https://app.example.com/cb'], clientSecret: 's' },
      },
      client: { ...base.client, redirectUri: 'http://127.0.0.1:9/not-registered' },
    };
    expect(
      emulatorDeltaFor(definition, { redirectUris: ['http://127.0.0.1:5000/cb'] }).app,
    ).toEqual({
      redirectUris: ['http://127.0.0.1:5000/cb', 'https://app.example.com/cb'],
      clientSecret: 's',
    });
  });

  test('emulator settings are passed through; idp.user comes before idp.users', async () => {
    const base = await load('accepted-default-access-token.yaml');
    const definition = {
      ...base,
      idp: {
        ...base.idp,
        port: 18080,
        user: { login: 'a' },
        users: [{ login: 'b' }],
        codeFlowIdToken: 'fat' as const,
        signInWidget: 'classic' as const,
        clockOffsetSeconds: -30,
        rotateKeys: { dropOldKey: true },
        accessTokenSubject: 'id' as const,
        orgAccessTokenVerifiable: false,
      },
    };
    expect(emulatorDeltaFor(definition)).toEqual({
      users: [{ login: 'a' }, { login: 'b' }],
      codeFlowIdToken: 'fat',
      signInWidget: 'classic',
      clockOffsetSeconds: -30,
      rotateKeys: { dropOldKey: true },
      accessTokenSubject: 'id',
      orgAccessTokenVerifiable: false,
    });
    expect(emulatorStartOptionsFor(definition)).toEqual({ port: 18080 });
    expect(emulatorStartOptionsFor(base)).toEqual({});
  });

  test('requiresOkta: idp.type okta, or the okta tag', async () => {
    expect(requiresOkta(await load('okta-real-sp-url.yaml'))).toBe(true);
    const base = await load('accepted-default-access-token.yaml');
    expect(requiresOkta(base)).toBe(false);
    expect(requiresOkta({ ...base, tags: ['@okta'] })).toBe(true);
    expect(requiresOkta({ ...base, tags: ['slow'] })).toBe(false);
  });
});
