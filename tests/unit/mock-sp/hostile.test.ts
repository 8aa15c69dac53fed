/**
 * Hostile tokens against the running mock SP: each gets the right diagnosis code, never a 200,
 * never a 500, and the SP still serves a good token right after.
 */
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockSp, type MockSp } from '../../../mock-sp/server.js';
import { AUDIENCE, send, startTestIssuer, type TestIssuer } from './fixtures.js';
import { jwtPart as b64, rsaKey, sign, unsignedJwt, type TestKey } from '../../support/tokens.js';

let idp: TestIssuer;
let sp: MockSp;
let attacker: TestKey;
let attackerServer: Server;
let attackerUrl: string;
const attackerHits: string[] = [];

test.beforeAll(async () => {
  idp = await startTestIssuer([await rsaKey('k1'), await rsaKey('k2')]);
  attacker = await rsaKey('evil');
  sp = await startMockSp({ profiles: { api: { issuer: idp.issuer, audience: AUDIENCE } } });
  // An attacker's key server: the SP must never fetch from it whatever the token says.
  attackerServer = createServer((req, res) => {
    attackerHits.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [attacker.publicJwk, { ...attacker.publicJwk, kid: 'k1' }] }));
  });
  await new Promise<void>((r) => attackerServer.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attackerServer.address() as AddressInfo).port}/keys`;
});
test.afterAll(async () => {
  await sp.close();
  await idp.close();
  await new Promise<void>((r) => attackerServer.close(() => r()));
});

const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({
  iss: idp.issuer,
  aud: AUDIENCE,
  iat: now() - 5,
  exp: now() + 600,
  sub: 'mallory@example.com',
});
const unsigned = (alg: string) => unsignedJwt(claims(), { alg, kid: 'k1' });
function flipSignature(token: string) {
  const [h, p, s = ''] = token.split('.');
  const c = s[10] === 'A' ? 'B' : 'A';
  return `${h}.${p}.${s.slice(0, 10)}${c}${s.slice(11)}`;
}

interface Hostile {
  name: string;
  /** The Authorization header value. */
  authorization: () => string;
  code: string;
}

const hostile: Hostile[] = [
  ...['none', 'None', 'NONE', 'nOnE'].map((alg) => ({
    name: `alg ${alg}`,
    authorization: () => `Bearer ${unsigned(alg)}`,
    code: 'algorithm_not_allowed',
  })),
  {
    name: 'alg none with a signature attached',
    authorization: () => `Bearer ${unsigned('none')}${b64('sig')}`,
    code: 'algorithm_not_allowed',
  },
  {
    name: 'HS256 signed with the RSA public key (PEM)',
    authorization: () =>
      `Bearer ${sign({ alg: 'HS256', kid: 'k1' }, claims(), { secret: idp.keys[0]!.publicPem })}`,
    code: 'algorithm_not_allowed',
  },
  {
    name: 'HS256 signed with the RSA public key (JWK)',
    authorization: () =>
      `Bearer ${sign({ alg: 'HS256', kid: 'k1' }, claims(), { secret: JSON.stringify(idp.keys[0]!.publicJwk) })}`,
    code: 'algorithm_not_allowed',
  },
  {
    name: 'a bad signature',
    authorization: () => `Bearer ${flipSignature(idp.accessToken())}`,
    code: 'signature_invalid',
  },
  {
    name: 'a stripped signature',
    authorization: () => `Bearer ${idp.accessToken().split('.').slice(0, 2).join('.')}.`,
    code: 'signature_invalid',
  },
  {
    name: 'an unknown kid',
    authorization: () => `Bearer ${idp.accessToken({}, { kid: 'k9' })}`,
    code: 'unknown_signing_key',
  },
  ...['../../dev/null', "' OR 1=1 --", '"; DROP TABLE keys; --', 'k1\u0000', 'x'.repeat(4000)].map(
    (kid) => ({
      name: `kid injection ${JSON.stringify(kid.slice(0, 24))}`,
      authorization: () => `Bearer ${sign({ alg: 'RS256', kid }, claims(), attacker.privateKey)}`,
      code: 'unknown_signing_key',
    }),
  ),
  {
    name: 'a kid that is an object',
    authorization: () =>
      `Bearer ${sign({ alg: 'RS256', kid: { $ne: null } }, claims(), attacker.privateKey)}`,
    code: 'unknown_signing_key',
  },
  {
    name: 'jku pointing at an attacker key set (known kid)',
    authorization: () =>
      `Bearer ${sign({ alg: 'RS256', kid: 'k1', jku: attackerUrl }, claims(), attacker.privateKey)}`,
    code: 'signature_invalid',
  },
  {
    name: 'jku pointing at an attacker key set (attacker kid)',
    authorization: () =>
      `Bearer ${sign({ alg: 'RS256', kid: 'evil', jku: attackerUrl }, claims(), attacker.privateKey)}`,
    code: 'unknown_signing_key',
  },
  {
    name: 'x5u pointing at an attacker certificate',
    authorization: () =>
      `Bearer ${sign({ alg: 'RS256', kid: 'k1', x5u: attackerUrl }, claims(), attacker.privateKey)}`,
    code: 'signature_invalid',
  },
  {
    name: 'an embedded jwk header holding the attacker key (no kid)',
    authorization: () =>
      `Bearer ${sign({ alg: 'RS256', jwk: attacker.publicJwk }, claims(), attacker.privateKey)}`,
    code: 'signature_invalid',
  },
  {
    name: 'an unknown crit header',
    authorization: () =>
      `Bearer ${idp.accessToken({}, { crit: ['urn:x:hostile'], 'urn:x:hostile': true })}`,
    code: 'malformed_token',
  },
  {
    name: 'expired',
    authorization: () => `Bearer ${idp.accessToken({ exp: now() - 60 })}`,
    code: 'token_expired',
  },
  {
    name: 'nbf in the future',
    authorization: () => `Bearer ${idp.accessToken({ nbf: now() + 600 })}`,
    code: 'token_not_yet_valid',
  },
  {
    name: 'iat in the future',
    authorization: () => `Bearer ${idp.accessToken({ iat: now() + 600 })}`,
    code: 'token_not_yet_valid',
  },
  {
    name: 'no exp',
    authorization: () => `Bearer ${idp.accessToken({ exp: undefined })}`,
    code: 'token_expired',
  },
  {
    name: 'a wrong iss',
    authorization: () => `Bearer ${idp.accessToken({ iss: 'https://evil.example' })}`,
    code: 'issuer_mismatch',
  },
  {
    name: 'a wrong aud',
    authorization: () => `Bearer ${idp.accessToken({ aud: 'api://other' })}`,
    code: 'audience_mismatch',
  },
  {
    name: 'an aud array without the SP',
    authorization: () => `Bearer ${idp.accessToken({ aud: ['api://a', 'api://b'] })}`,
    code: 'audience_mismatch',
  },
  {
    name: 'a token over 16 KB',
    authorization: () => `Bearer ${idp.accessToken({ pad: 'x'.repeat(17 * 1024) })}`,
    code: 'malformed_token',
  },
  {
    name: 'a two-part token',
    authorization: () => `Bearer ${idp.accessToken().split('.').slice(0, 2).join('.')}`,
    code: 'malformed_token',
  },
  {
    name: 'broken base64url',
    authorization: () => `Bearer ${idp.accessToken().replace('.', '.%%')}`,
    code: 'malformed_token',
  },
  {
    name: 'a header that is not JSON',
    authorization: () => `Bearer ${b64('<xml/>')}.${b64(claims())}.sig`,
    code: 'malformed_token',
  },
  {
    name: 'a payload that is not JSON',
    authorization: () => `Bearer ${b64({ alg: 'RS256' })}.${b64('exp=1')}.sig`,
    code: 'malformed_token',
  },
  {
    name: 'a JWE',
    authorization: () =>
      `Bearer ${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${b64('key')}.${b64('iv')}.${b64('ct')}.${b64('tag')}`,
    code: 'malformed_token',
  },
  { name: 'an empty bearer value', authorization: () => 'Bearer ', code: 'malformed_token' },
  {
    name: 'a whitespace bearer value',
    authorization: () => 'Bearer  \t  ',
    code: 'malformed_token',
  },
  { name: 'the scheme alone', authorization: () => 'Bearer', code: 'malformed_token' },
];

test.describe('hostile tokens against the running SP', () => {
  for (const h of hostile) {
    test(`${h.code}: ${h.name}`, async () => {
      const answer = await send(sp.resourceUrl(), {
        headers: { authorization: h.authorization() },
      });
      expect(answer.status).toBe(401);
      const body = answer.json();
      expect(body.diagnosis).toContain(h.code);
      expect(body.error).toBe('invalid_token');
      expect(String(answer.headers['www-authenticate'])).toMatch(
        /^Bearer realm="oidc-harness", error="invalid_token", error_description="[^"]+"$/,
      );
      // The SP keeps serving: a good token is still accepted.
      const good = await send(sp.resourceUrl(), {
        headers: { authorization: `Bearer ${idp.accessToken()}` },
      });
      expect(good.status).toBe(200);
      expect(attackerHits).toEqual([]);
    });
  }

  test('an aud array holding the SP is accepted', async () => {
    const answer = await send(sp.resourceUrl(), {
      headers: { authorization: `Bearer ${idp.accessToken({ aud: ['api://a', AUDIENCE] })}` },
    });
    expect(answer.status).toBe(200);
  });

  test('garbage at the HTTP level gets a 4xx and the SP keeps serving', async () => {
    const huge = await send(sp.resourceUrl(), {
      headers: { authorization: `Bearer ${'a'.repeat(100 * 1024)}` },
    });
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    const good = await send(sp.resourceUrl(), {
      headers: { authorization: `Bearer ${idp.accessToken()}` },
    });
    expect(good.status).toBe(200);
  });
});
