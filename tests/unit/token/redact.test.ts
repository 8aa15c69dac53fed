import { test, expect } from '@playwright/test';
import {
  decodeForDisplay,
  redactJwt,
  redactSecrets,
  SIGNATURE_REMOVED,
  SECRET_REDACTED,
  redactDeep,
  redactUrl,
} from '../../../src/token/redact.js';
import { nowSeconds, signJwt } from '../../support/tokens.js';

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
  ['header not base64url', '@@@.eyJzdWIiOiJ4In0.sig', /header is not valid base64url/],
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

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const PAYLOAD = b64('{"sub":"alice"}');
const SIG = 'c2lnbmF0dXJlLWJ5dGVzLXRoYXQtbXVzdC1nbw';

// `{"` encodes as `eyJ`, `{ "` as `eyAi`, `{\n` as `ewo`, `\n{` as `Cns`, `{\t` as `ewk`: a JSON
// parser accepts them all, so a verifier does too, and none may keep its signature.
const spellings = [
  '{"alg":"RS256"}',
  '{ "alg": "RS256" }',
  '{\n  "alg": "RS256"\n}',
  '\n{"alg":"RS256"}',
  '{\t"alg":"RS256"}',
];
for (const header of spellings) {
  test(`redactSecrets cuts the signature whatever the header spelling: ${b64(header).slice(0, 4)}…`, () => {
    const h = b64(header);
    for (const around of [
      (t: string) => `Bearer ${t}`,
      (t: string) => `x.${t} y`,
      (t: string) => `{"t":"${t}"}`,
    ]) {
      const out = redactSecrets(around(`${h}.${PAYLOAD}.${SIG}`));
      expect(out).not.toContain(SIG);
      expect(out).toContain(`${h}.${PAYLOAD}.${SIGNATURE_REMOVED}`);
    }
  });
}

test('an unsigned token (alg none, empty signature) and a JWE are both cut', () => {
  const none = `${b64('{"alg":"none"}')}.${PAYLOAD}.`;
  expect(redactSecrets(`t=${none} end`)).toBe(`t=${none}${SIGNATURE_REMOVED} end`);
  const jweHeader = b64('{"alg":"dir","enc":"A256GCM"}');
  const jwe = `${jweHeader}..aXYtaXYtaXY.Y2lwaGVydGV4dA.dGFnLXRhZy10YWc`;
  const out = redactSecrets(`jwe ${jwe} end`);
  expect(out).toBe(`jwe ${jweHeader}.<encrypted token removed> end`);
});

test('ordinary dotted text and markers are left alone', () => {
  const text = 'cases/missing-claim-email.yaml at dev-133337.okta.com v1.2.3 127.0.0.1 e30.e30';
  expect(redactSecrets(text)).toBe(text);
  expect(redactSecrets(`x ${SECRET_REDACTED} y`)).toBe(`x ${SECRET_REDACTED} y`);
});

test('secret parameters are masked in URLs, form bodies and log lines; others are kept', () => {
  expect(
    redactUrl('https://u:p@rp.example/cb?code=abc&state=s%20t#access_token=zz&token_type=Bearer'),
  ).toBe(
    `https://rp.example/cb?code=${SECRET_REDACTED}&state=s%20t#access_token=${SECRET_REDACTED}&token_type=Bearer`,
  );
  expect(redactSecrets('grant_type=refresh_token&refresh_token=rt-123&client_secret=cs-456')).toBe(
    `grant_type=refresh_token&refresh_token=${SECRET_REDACTED}&client_secret=${SECRET_REDACTED}`,
  );
  expect(redactSecrets('POST /token password=hunter22 "code=xyz"')).toBe(
    `POST /token password=${SECRET_REDACTED} "code=${SECRET_REDACTED}"`,
  );
});

test('redactDeep masks the given secrets in keys and values, and leaves other leaves', () => {
  const out = redactDeep({ a: ['x sekrit1 y', { 'k-sekrit1': 1, n: 2, b: true, z: null }] }, [
    'sekrit1',
  ]);
  expect(out).toEqual({
    a: [`x ${SECRET_REDACTED} y`, { [`k-${SECRET_REDACTED}`]: 1, n: 2, b: true, z: null }],
  });
});

test('Basic, SSWS and opaque Bearer credentials go; a JWT keeps header and payload; auth-params stay', () => {
  const basic = Buffer.from('0oa1client:cs-secret-value').toString('base64');
  const jwt = `${b64('{"alg":"RS256"}')}.${PAYLOAD}.${SIG}`;
  const text = [
    `Authorization: Basic ${basic}`,
    'Authorization: SSWS 00aBcDeFgHiJkLmNoPqRsTuVwXyZ01234',
    'Authorization: Bearer opaque-access-token-0123456789abcdef',
    `Authorization: Bearer ${jwt}`,
    'WWW-Authenticate: Bearer error="invalid_token", error_description="expired"',
    'send it as a Bearer token',
  ].join('\n');
  expect(redactSecrets(text).split('\n')).toEqual([
    `Authorization: Basic ${SECRET_REDACTED}`,
    `Authorization: SSWS ${SECRET_REDACTED}`,
    `Authorization: Bearer ${SECRET_REDACTED}`,
    `Authorization: Bearer ${b64('{"alg":"RS256"}')}.${PAYLOAD}.${SIGNATURE_REMOVED}`,
    'WWW-Authenticate: Bearer error="invalid_token", error_description="expired"',
    'send it as a Bearer token',
  ]);
});

test('redacting twice changes nothing more: one marker per token', () => {
  const jws = `${b64('{"alg":"RS256"}')}.${PAYLOAD}.${SIG}`;
  const none = `${b64('{"alg":"none"}')}.${PAYLOAD}.`;
  const jwe = `${b64('{"alg":"dir","enc":"A256GCM"}')}..aXYtaXYtaXY.Y2lwaGVydGV4dA.dGFnLXRhZy10YWc`;
  const text = `a ${jws} b x.${jws} c ${none} d ${jwe} e https://rp.example/cb?code=abc&id_token=${jws}`;
  const once = redactSecrets(text, ['abcdefgh']);
  expect(redactSecrets(once, ['abcdefgh'])).toBe(once);
  expect(redactDeep({ [once]: [once] })).toEqual({ [once]: [once] });
  expect(once.split(SIGNATURE_REMOVED)).toHaveLength(4);
});
