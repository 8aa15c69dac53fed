import { test, expect } from '@playwright/test';
import {
  MAX_TOKEN_LENGTH,
  isCheckFailure,
  parseCompactJwt,
  readJwt,
} from '../../../src/checks/decode.js';
import { jwtPart as b64 } from '../../support/tokens.js';

const header = b64({ alg: 'RS256', kid: 'k1' });
const payload = b64({ iss: 'https://example.okta.com/oauth2/default', sub: 'alice' });
const signature = b64('not really a signature');

test.describe('parseCompactJwt', () => {
  test('decodes header and payload of a three-part token and keeps no signature', () => {
    const parts = parseCompactJwt(`${header}.${payload}.${signature}`);
    expect(isCheckFailure(parts)).toBe(false);
    expect(parts).toEqual({
      header: { alg: 'RS256', kid: 'k1' },
      payload: { iss: 'https://example.okta.com/oauth2/default', sub: 'alice' },
    });
  });

  test('ignores surrounding whitespace and accepts an empty (stripped) signature', () => {
    const parts = parseCompactJwt(`  ${header}.${payload}.\n`);
    expect(isCheckFailure(parts)).toBe(false);
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['whitespace only', '  \t ', /empty/],
    ['two parts', `${header}.${payload}`, /three .*this has 2/],
    ['four parts', `${header}.${payload}.${signature}.x`, /this has 4/],
    ['a JWE (five parts)', `${header}.a.b.c.d`, /JWE/],
    [
      'broken base64url in the header',
      `${header}*.${payload}.${signature}`,
      /header is not valid base64url/,
    ],
    [
      'standard base64 (+/) in the payload',
      `${header}.${payload}+/.${signature}`,
      /payload is not valid base64url/,
    ],
    [
      'an impossible base64url length',
      `${header}.${payload}A.${signature}`,
      /payload is not valid base64url/,
    ],
    [
      'a header that is not JSON',
      `${b64('alg=RS256')}.${payload}.${signature}`,
      /header is not JSON/,
    ],
    [
      'a payload that is not JSON',
      `${header}.${b64('{"sub":')}.${signature}`,
      /payload is not JSON/,
    ],
    [
      'a payload that is a JSON array',
      `${header}.${b64([1, 2])}.${signature}`,
      /payload is not a JSON object/,
    ],
    [
      'a header that is JSON null',
      `${b64('null')}.${payload}.${signature}`,
      /header is not a JSON object/,
    ],
    ['an empty payload', `${header}..${signature}`, /payload is empty/],
    ['a broken signature segment', `${header}.${payload}.ab$c`, /signature is not valid base64url/],
    [
      'a token over 16 KB',
      `${header}.${b64({ pad: 'x'.repeat(MAX_TOKEN_LENGTH) })}.${signature}`,
      /over the 16384-character limit/,
    ],
  ];
  for (const [name, token, message] of malformed) {
    test(`malformed_token: ${name}`, () => {
      const result = parseCompactJwt(token);
      expect(isCheckFailure(result)).toBe(true);
      expect(result).toMatchObject({ code: 'malformed_token' });
      expect((result as { message: string }).message).toMatch(message);
    });
  }

  test('a header shaped like a failure object is still token parts', () => {
    const sneaky = b64({ code: 'malformed_token', message: 'x' });
    const result = parseCompactJwt(`${sneaky}.${payload}.${signature}`);
    expect(isCheckFailure(result)).toBe(false);
  });
});

test('readJwt: the parts of a token that parses, undefined for one that does not', () => {
  const token = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: '00u1' })}.c2ln`;
  expect(readJwt(token)).toEqual({ header: { alg: 'RS256', kid: 'k1' }, payload: { sub: '00u1' } });
  expect(readJwt(token.split('.').slice(0, 2).join('.'))).toBeUndefined();
  expect(readJwt(`${b64({ alg: 'RS256' })}.${b64([1, 2])}.c2ln`)).toBeUndefined();
  expect(readJwt('not a token')).toBeUndefined();
});
