/**
 * The engine reads a real SP answer: tokens replayed to the running mock SP, its 401/403
 * (WWW-Authenticate and JSON body) handed to diagnose() without the SP's expectation.
 */
import { test, expect } from '@playwright/test';
import type { JWTPayload } from 'jose';
import { startMockSp, type MockSp } from '../../../mock-sp/index.js';
import { diagnose } from '../../../src/diagnosis/engine.js';
import { jwksOf, signJwt, testKey, type TestKey } from '../../support/tokens.js';

const DOMAIN = 'https://dev-123456.okta.com';
const ISSUER = `${DOMAIN}/oauth2/default`;
const CLIENT_ID = '0oa1b2c3d4e5f6g7h8i9';

let sp: MockSp;
let key: TestKey;
const now = () => Math.floor(Date.now() / 1000);
const mint = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
  signJwt({ ver: 1, iat: now() - 5, exp: now() + 3600, ...payload }, { key, header });
const access = (over: JWTPayload = {}) =>
  mint({
    iss: ISSUER,
    aud: 'api://default',
    jti: 'AT.1',
    cid: CLIENT_ID,
    uid: '00u1a2b3c4d5e6f7g8h9',
    scp: ['openid'],
    sub: 'alice@example.com',
    ...over,
  });

test.beforeAll(async () => {
  key = await testKey('k1');
  sp = await startMockSp({
    profiles: {
      api: {
        issuer: ISSUER,
        audience: 'api://default',
        tokenUse: 'access_token',
        requireScopes: ['orders:read'],
      },
    },
    keys: jwksOf(key),
  });
});
test.afterAll(async () => sp?.close());

async function replay(token: string) {
  const res = await fetch(sp.resourceUrl(), { headers: { authorization: `Bearer ${token}` } });
  const wwwAuthenticate = res.headers.get('www-authenticate');
  return {
    status: res.status,
    body: await res.text(),
    ...(wwwAuthenticate ? { wwwAuthenticate } : {}),
  };
}

const CASES: Array<[string, () => Promise<string>, string, number]> = [
  [
    'an ID token',
    () =>
      mint({
        iss: ISSUER,
        aud: CLIENT_ID,
        jti: 'ID.1',
        sub: '00u1a2b3c4d5e6f7g8h9',
        at_hash: 'x',
        amr: ['pwd'],
      }),
    'token_type_mismatch',
    401,
  ],
  [
    'an ORG access token',
    () =>
      mint(
        { iss: DOMAIN, aud: DOMAIN, jti: 'AT.2', cid: CLIENT_ID, scp: ['openid'] },
        { typ: 'application/okta-internal-at+jwt' },
      ),
    'org_server_access_token',
    401,
  ],
  [
    'an expired token',
    () => access({ exp: now() - 60, scp: ['orders:read'] }),
    'token_expired',
    401,
  ],
  ['a token without the scope', () => access(), 'insufficient_scope', 403],
];

for (const [name, token, code, status] of CASES) {
  test(`the SP's answer to ${name} diagnoses ${code}`, async () => {
    const t = await token();
    const spResponse = await replay(t);
    expect(spResponse.status).toBe(status);
    const ds = diagnose({ token: t, spResponse });
    expect(ds[0]?.code, JSON.stringify(ds, null, 1)).toBe(code);
    expect(ds[0]?.evidence.sp_said ?? ds[0]?.evidence['sp_said (2)']).toBeTruthy();
  });
}

test('a token the SP accepts: 200 and no diagnosis', async () => {
  const t = await access({ scp: ['openid', 'orders:read'] });
  const spResponse = await replay(t);
  expect(spResponse.status).toBe(200);
  expect(diagnose({ token: t, spResponse })).toEqual([]);
});
