/**
 * Real-tenant settings from the environment (interface.md "Real Okta and real SP"): the domain in
 * its three spellings, a missing or malformed variable named in the message, no secret printed.
 */
import { issuerOf, serverOfIssuer } from '../../src/okta/issuers.js';
import { test, expect } from '@playwright/test';
import {
  OktaSettingsError,
  missingOktaVariables,
  orgUrlOf,
  readOktaSettings,
} from '../../src/okta/tenant-settings.js';
import { callbackAddressOf } from '../../src/okta/tenant-callback.js';

const SECRET = 's3cr3t-client-secret-value';
const PASSWORD = 'hunter2-password-value';
const API_TOKEN = '00abcdefAPITOKENvalue';

const env = (over: Record<string, string | undefined> = {}) => ({
  OKTA_DOMAIN: 'dev-1.okta.com',
  OKTA_CLIENT_ID: '0oa1abc',
  OKTA_CLIENT_SECRET: SECRET,
  OKTA_REDIRECT_URI: 'http://localhost:8080/authorization-code/callback',
  OKTA_USERNAME: 'alice@example.com',
  OKTA_PASSWORD: PASSWORD,
  OKTA_API_TOKEN: API_TOKEN,
  ...over,
});

function errorOf(work: () => unknown): OktaSettingsError {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(OktaSettingsError);
    return err as OktaSettingsError;
  }
  throw new Error('expected an OktaSettingsError');
}

test('the domain in its three spellings gives the org URL', () => {
  expect(orgUrlOf('dev-1.okta.com')).toBe('https://dev-1.okta.com');
  expect(orgUrlOf('https://dev-1.okta.com/')).toBe('https://dev-1.okta.com');
  expect(orgUrlOf('http://127.0.0.1:41234')).toBe('http://127.0.0.1:41234');
});

test('a plain-http remote domain or one with a path is refused, naming OKTA_DOMAIN', () => {
  expect(errorOf(() => orgUrlOf('http://dev-1.okta.com')).message).toMatch(
    /^OKTA_DOMAIN: .*must be https/,
  );
  expect(errorOf(() => orgUrlOf('https://dev-1.okta.com/oauth2/default')).message).toMatch(
    /OKTA_DOMAIN: .*without a path.*OKTA_AUTH_SERVER/,
  );
  expect(errorOf(() => orgUrlOf('not a domain')).variable).toBe('OKTA_DOMAIN');
});

test('settings are read, the secret optional (public client) and the server default', () => {
  const s = readOktaSettings(env({ OKTA_CLIENT_SECRET: undefined, OKTA_API_TOKEN: undefined }));
  expect(s).toEqual({
    orgUrl: 'https://dev-1.okta.com',
    clientId: '0oa1abc',
    redirectUri: 'http://localhost:8080/authorization-code/callback',
    username: 'alice@example.com',
    password: PASSWORD,
    authServer: 'default',
  });
  expect(readOktaSettings(env({ OKTA_AUTH_SERVER: 'org' })).authServer).toBe('org');
  expect(issuerOf('https://dev-1.okta.com', 'org')).toBe('https://dev-1.okta.com');
  expect(issuerOf('https://dev-1.okta.com', 'aus1')).toBe('https://dev-1.okta.com/oauth2/aus1');
});

test('a missing variable is named, all missing ones listed', () => {
  const e = errorOf(() => readOktaSettings(env({ OKTA_CLIENT_ID: '', OKTA_PASSWORD: undefined })));
  expect(e.variable).toBe('OKTA_CLIENT_ID');
  expect(e.message).toContain('OKTA_CLIENT_ID, OKTA_PASSWORD');
  expect(missingOktaVariables({})).toEqual([
    'OKTA_DOMAIN',
    'OKTA_CLIENT_ID',
    'OKTA_REDIRECT_URI',
    'OKTA_USERNAME',
    'OKTA_PASSWORD',
  ]);
});

test('malformed variables are named and no secret is ever in a message', () => {
  const bad = [
    env({ OKTA_REDIRECT_URI: 'localhost/callback' }),
    env({ OKTA_AUTH_SERVER: 'default/v1' }),
    env({ OKTA_CLIENT_ID: '0oa 1' }),
    env({ OKTA_DOMAIN: 'ftp://dev-1.okta.com' }),
  ];
  const names = bad.map((e) => errorOf(() => readOktaSettings(e)).variable);
  expect(names).toEqual(['OKTA_REDIRECT_URI', 'OKTA_AUTH_SERVER', 'OKTA_CLIENT_ID', 'OKTA_DOMAIN']);
  for (const e of bad) {
    const message = errorOf(() => readOktaSettings(e)).message;
    for (const secret of [SECRET, PASSWORD, API_TOKEN]) expect(message).not.toContain(secret);
  }
});

test('the redirect URI must be a loopback http URL the harness can answer', () => {
  expect(callbackAddressOf('http://localhost:8080/authorization-code/callback')).toEqual({
    host: '127.0.0.1',
    port: 8080,
    path: '/authorization-code/callback',
  });
  expect(callbackAddressOf('http://127.0.0.1/cb')).toEqual({
    host: '127.0.0.1',
    port: 80,
    path: '/cb',
  });
  const e = errorOf(() => callbackAddressOf('https://app.example.com/callback'));
  expect(e.variable).toBe('OKTA_REDIRECT_URI');
  expect(e.message).toContain('not on this machine');
});

test('issuer URLs read back: org, a custom server, and not the ORG server’s own /oauth2/v1', () => {
  expect(serverOfIssuer('https://dev-1.okta.com')).toEqual({
    origin: 'https://dev-1.okta.com',
    server: 'org',
  });
  expect(serverOfIssuer('https://dev-1.okta.com/oauth2/default/')).toEqual({
    origin: 'https://dev-1.okta.com',
    server: 'default',
  });
  expect(serverOfIssuer('https://dev-1.okta.com/oauth2/v1')).toBeUndefined();
  expect(serverOfIssuer('not a url')).toBeUndefined();
  expect(serverOfIssuer(issuerOf('http://127.0.0.1:8080', 'aus9'))?.server).toBe('aus9');
});
