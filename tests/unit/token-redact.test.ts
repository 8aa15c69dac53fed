import { test, expect } from '@playwright/test';
import {
  decodeForDisplay,
  redactJwt,
  redactSecrets,
  SIGNATURE_REMOVED,
  SECRET_REDACTED,
} from '../../src/token/redact.js';
import { nowSeconds, signJwt } from '../support/tokens.js';

function mint(): Promise<string> {
  const iat = nowSeconds();
  return signJwt({
    sub: 'alice@example.com',
    scp: ['openid'],
    iss: 'https://example.okta.com/oauth2/default',
    aud: 'api://default',
    iat,
    exp: iat + 300,
  });
}

test('decodeForDisplay shows header and payload, never the signature', async () => {
  const jwt = await mint();
  const shown = decodeForDisplay(jwt);
  expect(shown.header).toEqual({ alg: 'RS256', kid: 'k1' });
  expect(shown.payload?.aud).toBe('api://default');
  expect(JSON.stringify(shown)).not.toContain(jwt.split('.')[2]);
});

test('redactJwt keeps header and payload and removes the signature', async () => {
  const jwt = await mint();
  const [h, p, s] = jwt.split('.');
  const red = redactJwt(jwt);
  expect(red).toBe(`${h}.${p}.${SIGNATURE_REMOVED}`);
  expect(red).not.toContain(s);
  expect(redactJwt('not-a-jwt')).toBe(SECRET_REDACTED);
  expect(redactJwt('a.b.c.d.e')).not.toContain('.e');
});

const broken: Array<[string, string, RegExp]> = [
  ['two parts', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0', /2 part/],
  ['header not base64url', '@@@.eyJzdWIiOiJ4In0.sig', /header is not base64url/],
  ['header not JSON', `${Buffer.from('nope').toString('base64url')}.e30.sig`, /header is not JSON/],
  [
    'payload an array',
    `e30.${Buffer.from('[1]').toString('base64url')}.sig`,
    /payload is not a JSON object/,
  ],
];
for (const [name, value, error] of broken) {
  test(`decodeForDisplay explains a broken token: ${name}`, () => {
    expect(decodeForDisplay(value).error).toMatch(error);
  });
}

test('redactSecrets masks secrets and every JWT signature in free text', async () => {
  const jwt = await mint();
  const secret = 'client-secret-value-123';
  const log = `POST /token client_secret=${secret} -> {"access_token":"${jwt}"} password=hunter22`;
  const out = redactSecrets(log, [secret, 'hunter22', 'ab', undefined]);
  expect(out).not.toContain(secret);
  expect(out).not.toContain('hunter22');
  expect(out).not.toContain(jwt.split('.')[2]);
  expect(out).toContain(jwt.split('.')[1]);
  expect(out).toContain(SECRET_REDACTED);
});
