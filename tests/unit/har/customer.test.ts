/**
 * HAR files as customers export them (Chrome full, Chrome sanitized, Firefox — shapes in
 * tests/support/har.ts): tokens in every place a browser sends one, SP refusals of every form
 * (401/403 with HTML or JSON bodies, 400/500 on a sign-in callback, a redirect to an error page),
 * 400s from /authorize whatever their markup, truncated and hostile tokens. Each asserts the
 * diagnosis code in first place and the token the rejection is tied to.
 */
import { test, expect } from '@playwright/test';
import { diagnoseHar, extractHar } from '../../../src/har/index.js';
import { har, type Exchange, type Shape } from '../../support/har.js';
import { accessToken, CLIENT_ID, IAT, idToken, ISSUER } from '../../support/har-tokens.js';
import { hmacJwt, unsignedJwt } from '../../support/tokens.js';

const IDP = 'https://dev-123456.okta.com';
const APP = 'https://app.example.com';
const SHAPES: Shape[] = ['chrome', 'sanitized', 'firefox'];

async function report(xs: Exchange[], shape: Shape) {
  const found = extractHar(har(xs, shape).log.entries);
  return { found, report: await diagnoseHar(found) };
}

/** Okta's browser sign-in: it always sets and sends cookies (which a sanitized export drops). */
function oktaSignIn(at: number, location: string): Exchange {
  return {
    url: `${IDP}/oauth2/default/v1/authorize?client_id=${CLIENT_ID}&response_mode=form_post&scope=openid%20profile&state=s-1`,
    status: 302,
    at,
    requestHeaders: { cookie: 'sid=102-SESSION-COOKIE; DT=DI1-DEVICE' },
    responseHeaders: {
      location,
      'set-cookie': ['JSESSIONID=ABC123; Path=/; Secure; HttpOnly', 'sid=102-S; Path=/'],
    },
    mimeType: 'text/html',
    body: '',
  };
}

for (const shape of SHAPES) {
  test(`${shape}: a form_post callback answered 401 with an HTML page "Invalid issuer" is issuer_mismatch, tied to the posted ID token`, async () => {
    const id = await idToken({ nonce: 'n-1' });
    const page =
      '<!DOCTYPE html><html><head><title>Error</title><style>p{color:red}</style></head><body><div class="alert"><h1>Sign-in failed</h1><p>Invalid issuer</p></div></body></html>';
    const { found, report: r } = await report(
      [
        oktaSignIn(0, `${IDP}/oauth2/default/v1/authorize/form`),
        {
          url: `${APP}/authorization-code/callback`,
          status: 401,
          at: 200,
          form: { id_token: id, state: 's-1' },
          mimeType: 'text/html; charset=utf-8',
          body: page,
          base64: shape === 'firefox',
        },
      ],
      shape,
    );
    expect(found.rejections).toHaveLength(1);
    expect(found.rejections[0]).toMatchObject({ tokenSource: 'form_post', presented: 'id_token' });
    expect(found.rejections[0]!.token).toBe(id);
    expect(found.rejections[0]!.body).toContain('Invalid issuer');
    expect(found.rejections[0]!.body).not.toContain('<p>');
    expect(r.diagnoses[0]?.code).toBe('issuer_mismatch');
    expect(found.sanitized).toBe(shape === 'sanitized');
  });

  test(`${shape}: an ID token in a JSON request body refused 401 "Missing required claim: given_name" is tied to that ID token`, async () => {
    const at = await accessToken('api://default');
    const id = await idToken({ email: 'alice@example.com' });
    const { found, report: r } = await report(
      [
        {
          method: 'POST',
          url: `${IDP}/oauth2/default/v1/token`,
          status: 200,
          at: 0,
          form: { grant_type: 'authorization_code', code: 'C-1', code_verifier: 'V-1' },
          body: JSON.stringify({ token_type: 'Bearer', access_token: at, id_token: id }),
        },
        {
          method: 'POST',
          url: `${APP}/api/session`,
          status: 401,
          at: 300,
          json: { idToken: id, remember: true },
          body: JSON.stringify({ message: 'Missing required claim: given_name' }),
        },
      ],
      shape,
    );
    const rej = found.rejections[0]!;
    expect(rej).toMatchObject({ tokenSource: 'json_body', presented: 'id_token' });
    expect(rej.token).toBe(id);
    // No Authorization header was ever sent: that alone is not a sanitized export.
    expect(found.sanitized).toBe(false);
    expect(r.sections[0]!.token?.source).toBe('json_body');
    expect(r.diagnoses[0]?.code).toBe('missing_claim');
    expect(r.diagnoses[0]?.evidence.given_name ?? r.diagnoses[0]?.summary).toBeTruthy();
  });
}

test('tokens in every place a browser sends one: Authorization, form body, JSON body, query, fragment', async () => {
  const wrongAud = await accessToken('api://other');
  const cases: { x: Exchange; source: string; shape: Shape }[] = [
    {
      x: {
        url: `${APP}/api/a`,
        status: 401,
        at: 10,
        requestHeaders: { authorization: `Bearer ${wrongAud}` },
      },
      source: 'authorization_header',
      shape: 'chrome',
    },
    {
      x: {
        method: 'POST',
        url: `${APP}/api/b`,
        status: 401,
        at: 10,
        form: { access_token: wrongAud },
      },
      source: 'form_body',
      shape: 'chrome',
    },
    {
      x: {
        method: 'POST',
        url: `${APP}/api/c`,
        status: 401,
        at: 10,
        json: { auth: { accessToken: wrongAud } },
      },
      source: 'json_body',
      shape: 'firefox',
    },
    {
      x: { url: `${APP}/api/d?access_token=${wrongAud}`, status: 401, at: 10 },
      source: 'query',
      shape: 'chrome',
    },
    {
      x: { url: `${APP}/api/e#access_token=${wrongAud}`, status: 403, at: 10 },
      source: 'fragment',
      shape: 'firefox',
    },
  ];
  for (const c of cases) {
    const x: Exchange = {
      ...c.x,
      responseHeaders: {
        'www-authenticate':
          'Bearer error="invalid_token", error_description="The audience is invalid"',
      },
    };
    const { found, report: r } = await report([x], c.shape);
    expect(found.rejections[0]?.tokenSource, c.source).toBe(c.source);
    expect(found.rejections[0]?.token, c.source).toBe(wrongAud);
    expect(r.diagnoses[0]?.code, c.source).toBe('audience_mismatch');
  }
});

test('a redirect to an error page after a form_post delivered the token is a rejection, its query read for the reason', async () => {
  const id = await idToken();
  const { found, report: r } = await report(
    [
      {
        url: `${APP}/callback`,
        status: 302,
        at: 100,
        form: { id_token: id, state: 's' },
        responseHeaders: { location: '/error?message=jwt%20expired' },
        body: '',
      },
    ],
    'chrome',
  );
  expect(found.rejections).toHaveLength(1);
  expect(found.rejections[0]!.tokenSource).toBe('form_post');
  expect(r.diagnoses[0]?.code).toBe('token_expired');
});

test('a 500 on the sign-in callback (code and state in its query) is read as the SP refusing the sign-in', async () => {
  const { found, report: r } = await report(
    [
      {
        url: `${APP}/login/oauth2/code/okta?code=C-9&state=s-9`,
        status: 500,
        at: 0,
        mimeType: 'text/html',
        body: '<html><body><h1>Whitelabel Error Page</h1><div>[invalid_id_token] An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another algorithm expected, or no matching key(s) found</div></body></html>',
      },
    ],
    'chrome',
  );
  expect(found.rejections).toHaveLength(1);
  expect(found.rejections[0]!.status).toBe(500);
  expect(r.diagnoses[0]?.code).toBe('unknown_signing_key');
});

test('a 400 from /authorize is an authorize error whatever its markup, or with no body at all', async () => {
  const authorize = `${IDP}/oauth2/default/v1/authorize?client_id=${CLIENT_ID}&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=openid`;
  const bodies: { name: string; body?: string; mimeType?: string }[] = [
    {
      name: 'only #error-summary',
      mimeType: 'text/html',
      body: `<html><body><div class="okta-container"><p id="error-summary">The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://dev-123456-admin.okta.com/admin/app/oidc_client/instance/${CLIENT_ID}#tab-general</p></div></body></html>`,
    },
    {
      name: 'other markup',
      mimeType: 'text/html',
      body: '<html><body><h2>400 Bad Request</h2><section>Something went wrong.</section></body></html>',
    },
    { name: 'empty body', mimeType: 'text/html', body: '' },
    { name: 'no content text' },
  ];
  for (const b of bodies) {
    const x: Exchange = { url: authorize, status: 400, at: 0, ...b };
    const { found, report: r } = await report([x], 'chrome');
    expect(found.authorizeErrors, b.name).toHaveLength(1);
    expect(found.authorizeErrors[0]!.via, b.name).toBe('error_page');
    expect(r.sections, b.name).toHaveLength(1);
    expect(r.diagnoses[0]?.code, b.name).toBe('redirect_uri_not_registered');
    expect(
      r.diagnoses.map((d) => d.code),
      b.name,
    ).not.toContain('tokens_not_issued');
  }
});

test('truncated and hostile tokens: malformed_token for a cut JWT, algorithm_not_allowed for alg none and HS256', async () => {
  const good = await accessToken('api://default');
  const cut = good.split('.').slice(0, 2).join('.');
  const none = unsignedJwt({
    iss: ISSUER,
    aud: 'api://default',
    sub: 'x',
    iat: IAT,
    exp: IAT + 3600,
  });
  const hs = await hmacJwt({
    iss: ISSUER,
    aud: 'api://default',
    sub: 'x',
    scp: ['openid'],
    iat: IAT,
    exp: IAT + 3600,
  });
  const cases = [
    { token: cut, code: 'malformed_token', where: 'authorization' },
    { token: none, code: 'algorithm_not_allowed', where: 'authorization' },
    { token: hs, code: 'algorithm_not_allowed', where: 'json' },
  ] as const;
  for (const c of cases) {
    const x: Exchange =
      c.where === 'json'
        ? {
            method: 'POST',
            url: `${APP}/api/x`,
            status: 401,
            at: 0,
            json: { access_token: c.token },
          }
        : {
            url: `${APP}/api/x`,
            status: 401,
            at: 0,
            requestHeaders: { authorization: `Bearer ${c.token}` },
          };
    for (const shape of ['chrome', 'firefox'] as const) {
      const { found, report: r } = await report([x], shape);
      expect(found.rejections[0]?.token, `${c.code} ${shape}`).toBe(c.token);
      expect(r.diagnoses[0]?.code, `${c.code} ${shape}`).toBe(c.code);
    }
  }
});

test('sanitized: only where the export really dropped them, naming what is missing', async () => {
  const at = await accessToken('api://other');
  const signIn = oktaSignIn(0, `${APP}/cb?code=C&state=s`);
  const token: Exchange = {
    method: 'POST',
    url: `${IDP}/oauth2/default/v1/token`,
    status: 200,
    at: 100,
    form: { grant_type: 'authorization_code', code: 'C' },
    body: JSON.stringify({ access_token: at, token_type: 'Bearer' }),
  };
  const api: Exchange = {
    url: `${APP}/api/orders`,
    status: 401,
    at: 300,
    requestHeaders: { authorization: `Bearer ${at}`, cookie: 'app=1' },
    responseHeaders: {
      'www-authenticate':
        'Bearer error="invalid_token", error_description="jwt audience invalid. expected: api://orders"',
    },
  };
  const full = await report([signIn, token, api], 'chrome');
  expect(full.found.sanitized).toBe(false);
  expect(full.found.rejections[0]!.tokenSource).toBe('authorization_header');

  const san = await report([signIn, token, api], 'sanitized');
  expect(san.found.sanitized).toBe(true);
  expect(san.found.missing).toContain('Authorization and Cookie request headers');
  expect(san.found.rejections[0]!.tokenSource).toBe('inferred');
  expect(san.report.diagnoses[0]?.code).toBe('audience_mismatch');

  // No sign-in in the file and the refused call carried its token in the body: not sanitized.
  const bodyOnly = await report(
    [{ method: 'POST', url: `${APP}/api/orders`, status: 401, at: 0, json: { token: at } }],
    'sanitized',
  );
  expect(bodyOnly.found.sanitized).toBe(false);
});
