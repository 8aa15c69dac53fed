/**
 * One voice per cause, and the right cause first: an ORG server access token gets the same fix
 * ("use a custom authorization server") from every finding it causes and none that says to
 * accept it; an SP message naming the audience outranks a weaker guess from the token's shape.
 */
import { test, expect } from '@playwright/test';
import { diagnose } from '../../../src/diagnosis/engine.js';
import { CLIENT_ID, IAT, idToken, mint } from '../../support/har-tokens.js';

const ORG = 'https://dev-123456.okta.com';

test('an ORG access token: every finding says to use a custom authorization server, none to trust or accept it', async () => {
  const token = await mint({
    iss: ORG,
    aud: ORG,
    cid: CLIENT_ID,
    uid: '00u1',
    scp: ['openid'],
    sub: 'alice@example.com',
  });
  const inputs = [
    { token, now: IAT, presented: 'access_token' as const },
    {
      token,
      now: IAT,
      presented: 'access_token' as const,
      expectation: { issuer: `${ORG}/oauth2/default`, audience: 'api://orders' },
      spResponse: {
        status: 401,
        body: 'jwt issuer invalid. expected: https://dev-123456.okta.com/oauth2/default',
      },
    },
  ];
  for (const input of inputs) {
    const ds = diagnose(input);
    expect(ds[0]?.code).toBe('org_server_access_token');
    for (const d of ds) {
      expect(d.fix, d.code).toContain('Use a custom authorization server');
      expect(d.fix, d.code).not.toMatch(/set the SP's issuer|configure the SP to accept/i);
    }
  }
});

test('the SP naming the audience beats a guess from the token’s shape', async () => {
  // A token whose use rests on one claim (amr): alone, nothing is wrong with it.
  const token = await mint({ aud: 'api://default', sub: '00u1', amr: ['pwd'] });
  expect(diagnose({ token, now: IAT }).map((d) => d.code)).toEqual([]);
  const bodies = [
    'jwt audience invalid. expected: api://orders',
    "IDX10214: Audience validation failed. Audiences: 'api://default'. Did not match: validationParameters.ValidAudience: 'api://orders'",
  ];
  for (const body of bodies) {
    const ds = diagnose({ token, now: IAT, spResponse: { status: 401, body } });
    expect(ds[0]?.code, body).toBe('audience_mismatch');
  }
  // An ID token beyond doubt (nonce, at_hash, amr, jti "ID.") sent to an API: the cause is the
  // token type, which the audience message is a symptom of.
  const id = await idToken({ at_hash: 'h', nonce: 'n' });
  const ds = diagnose({ token: id, now: IAT, spResponse: { status: 401, body: bodies[0]! } });
  expect(ds[0]?.code).toBe('token_type_mismatch');
  expect(ds[1]?.code).toBe('audience_mismatch');
});
