/**
 * `diagnose --har`: tokens found in each place a HAR shows them, rejections tied to the token
 * sent (by header) or issued just before (by time, in a sanitized HAR), authorize errors from a
 * redirect and from Okta's 400 page, base64 bodies — and the engine's diagnoses for each.
 */
import { test, expect } from '@playwright/test';
import { badRequestPage } from '../../../mock-idp/okta-errors.js';
import { diagnoseHar, extractHar } from '../../../src/har/index.js';
import { har, T0, type Exchange, type Shape } from '../../support/har.js';
import { accessToken, CLIENT_ID, idToken, ISSUER } from '../../support/har-tokens.js';

const IDP = 'https://dev-123456.okta.com';
const SP = 'https://sp.example.com';
const CB = 'https://app.example.com/callback';

function tokenResponse(at: number, body: Record<string, unknown>): Exchange {
  return {
    method: 'POST',
    url: `${IDP}/oauth2/default/v1/token`,
    status: 200,
    at,
    form: { grant_type: 'authorization_code', code: 'CODE-SECRET-1', client_id: CLIENT_ID },
    body: JSON.stringify({ token_type: 'Bearer', expires_in: 3600, ...body }),
  };
}

const audienceChallenge =
  'Bearer realm="api", error="invalid_token", error_description="The audience is invalid"';

function apiCall(at: number, token: string | undefined, extra: Partial<Exchange> = {}): Exchange {
  return {
    url: `${SP}/api/me`,
    status: 401,
    at,
    requestHeaders: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      cookie: 'sp_session=COOKIE-VALUE-1',
    },
    responseHeaders: { 'www-authenticate': audienceChallenge },
    body: '{"error":"invalid_token"}',
    ...extra,
  };
}

function entries(xs: Exchange[], shape: Shape = 'chrome') {
  return har(xs, shape).log.entries;
}

for (const shape of ['chrome', 'firefox'] as const) {
  test(`${shape}: a 401 is tied to the Authorization header's token, found in the token response`, async () => {
    const at = await accessToken('api://default');
    const id = await idToken({ at_hash: 'x' });
    const found = extractHar(
      entries(
        [
          tokenResponse(0, { access_token: at, id_token: id, scope: 'openid email' }),
          apiCall(500, at),
        ],
        shape,
      ),
    );
    expect(found.sanitized).toBe(false);
    expect(found.issuances).toHaveLength(1);
    expect(found.issuances[0]).toMatchObject({
      source: 'token_response',
      scope: 'openid email',
      tokenType: 'Bearer',
    });
    expect(found.rejections).toHaveLength(1);
    const r = found.rejections[0]!;
    expect(r).toMatchObject({
      tokenSource: 'authorization_header',
      presented: 'access_token',
      presentation: 'bearer',
      status: 401,
    });
    expect(r.token).toBe(at);
    expect(r.wwwAuthenticate).toBe(audienceChallenge);

    const report = await diagnoseHar(found, {
      expectation: { issuer: ISSUER, audience: 'api://orders' },
    });
    expect(report.sections).toHaveLength(1);
    const s = report.sections[0]!;
    expect(s.kind).toBe('sp_rejection');
    expect(s.token?.payload?.aud).toBe('api://default');
    expect(s.token?.use).toBe('access_token');
    expect(JSON.stringify(s.token)).not.toContain(at.split('.')[2]);
    expect(s.diagnoses[0]?.code).toBe('audience_mismatch');
    expect(s.diagnoses[0]?.evidence.aud).toMatchObject({
      token: 'api://default',
      expected: 'api://orders',
    });
    // The tokens were valid when the HAR was recorded: no expiry diagnosis from today's clock.
    expect(s.diagnoses.map((d) => d.code)).not.toContain('token_expired');
    expect(report.diagnoses[0]?.code).toBe('audience_mismatch');
  });
}

test('sanitized: the rejection is tied by time to the tokens issued just before it, and the output says so', async () => {
  const first = await accessToken('api://first');
  const second = await accessToken('api://second');
  const later = await accessToken('api://later');
  const found = extractHar(
    entries(
      [
        tokenResponse(0, { access_token: first }),
        tokenResponse(1000, { access_token: second }),
        apiCall(2000, second),
        tokenResponse(3000, { access_token: later }),
      ],
      'sanitized',
    ),
  );
  expect(found.sanitized).toBe(true);
  const r = found.rejections[0]!;
  expect(r.tokenSource).toBe('inferred');
  expect(r.token).toBe(second);
  expect(r.note).toContain(
    'the HAR is sanitized: the token sent is inferred from the token response at',
  );
  expect(r.note).toContain(new Date(T0 + 1000 + 20).toISOString());
  const report = await diagnoseHar(found, { expectation: { audience: 'api://orders' } });
  const s = report.sections[0]!;
  expect(s.token?.source).toBe('inferred');
  expect(s.token?.payload?.aud).toBe('api://second');
  expect(s.diagnoses[0]?.code).toBe('audience_mismatch');
  for (const d of s.diagnoses)
    expect(d.evidence.token_sent?.note).toContain('the HAR is sanitized');
});

test('not sanitized and no Authorization header: the SP got no token, nothing is inferred', async () => {
  const at = await accessToken();
  const found = extractHar(
    entries([tokenResponse(0, { access_token: at }), apiCall(500, undefined)]),
  );
  expect(found.sanitized).toBe(false);
  expect(found.rejections[0]).toMatchObject({ tokenSource: 'none' });
  expect(found.rejections[0]?.token).toBeUndefined();
  expect(found.rejections[0]?.note).toContain('no Authorization header');
});

test('form_post: an ID token posted to the callback and refused there (HTML body in base64)', async () => {
  const thin = await idToken({ at_hash: 'abc', nonce: 'n-1' });
  const page = '<html><body><h1>401</h1><p>Missing required claim: email</p></body></html>';
  const found = extractHar(
    entries(
      [
        {
          url: `${SP}/callback`,
          status: 401,
          at: 100,
          form: { id_token: thin, state: 's-1' },
          body: page,
          mimeType: 'text/html',
          base64: true,
        },
      ],
      'firefox',
    ),
  );
  expect(found.issuances[0]).toMatchObject({ source: 'form_post' });
  const r = found.rejections[0]!;
  expect(r).toMatchObject({
    tokenSource: 'form_post',
    presented: 'id_token',
    presentation: 'form_post',
  });
  expect(r.token).toBe(thin);
  expect(r.body).toContain('Missing required claim: email');
  const report = await diagnoseHar(found, {
    expectation: { clientId: CLIENT_ID, requireClaims: ['email'], tokenUse: 'id_token' },
  });
  const codes = report.sections[0]!.diagnoses.map((d) => d.code);
  expect(codes).toContain('thin_id_token');
});

test('implicit: tokens in a redirect fragment (Location header) are found and tie a sanitized rejection', async () => {
  const id = await idToken({ nonce: 'n' });
  const at = await accessToken(IDP, { iss: IDP });
  const location = `${CB}#id_token=${id}&access_token=${at}&token_type=Bearer&state=s`;
  const found = extractHar(
    entries(
      [
        {
          url: `${IDP}/oauth2/v1/authorize?response_type=id_token%20token&scope=openid`,
          status: 302,
          at: 0,
          responseHeaders: { location },
        },
        { url: CB, status: 200, at: 50, mimeType: 'text/html', body: '<html></html>' },
        apiCall(900, undefined),
      ],
      'sanitized',
    ),
  );
  expect(found.issuances).toHaveLength(1);
  expect(found.issuances[0]).toMatchObject({ source: 'redirect' });
  expect(found.issuances[0]!.url).not.toContain(id);
  expect(found.rejections[0]).toMatchObject({ tokenSource: 'inferred', presented: 'access_token' });
  expect(found.rejections[0]!.note).toContain('inferred from the redirect at');
  const report = await diagnoseHar(found);
  // An ORG server access token sent to a non-Okta API.
  expect(report.sections[0]!.diagnoses.map((d) => d.code)).toContain('org_server_access_token');
});

test('authorize error in a redirect query: custom scope asked of the ORG server', async () => {
  const description = 'Custom scopes are not allowed for this request.';
  const location = `${CB}?error=invalid_scope&error_description=${encodeURIComponent(description)}&state=s-9`;
  const found = extractHar(
    entries([
      {
        url: `${IDP}/oauth2/v1/authorize?client_id=${CLIENT_ID}&scope=openid%20orders%3Aread&state=s-9`,
        status: 302,
        at: 0,
        responseHeaders: { location },
      },
      { url: location, status: 200, at: 30, mimeType: 'text/html', body: '<p>error</p>' },
    ]),
  );
  // The Location and the request that followed it are the same redirect: one error.
  expect(found.authorizeErrors).toHaveLength(1);
  expect(found.authorizeErrors[0]).toMatchObject({
    via: 'redirect',
    error: 'invalid_scope',
    error_description: description,
    requestedScopes: ['openid', 'orders:read'],
    server: 'org',
  });
  const report = await diagnoseHar(found);
  expect(report.sections[0]!.kind).toBe('authorize_error');
  expect(report.diagnoses[0]?.code).toBe('custom_scope_on_org_server');
});

test("Okta's 400 page: redirect URI not registered", async () => {
  const html = badRequestPage(
    'invalid_request',
    "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://dev-123456-admin.okta.com/admin/app/oidc_client/instance/0oa1#tab-general",
  );
  const found = extractHar(
    entries([
      {
        url: `${IDP}/oauth2/default/v1/authorize?client_id=${CLIENT_ID}&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&scope=openid`,
        status: 400,
        at: 0,
        mimeType: 'text/html',
        body: html,
        base64: true,
      },
    ]),
  );
  expect(found.authorizeErrors).toHaveLength(1);
  expect(found.authorizeErrors[0]).toMatchObject({
    via: 'error_page',
    error: 'invalid_request',
    status: 400,
    server: 'default',
  });
  const report = await diagnoseHar(found);
  expect(report.diagnoses[0]?.code).toBe('redirect_uri_not_registered');
});

test('a 403 insufficient_scope with a base64 JSON body and the /userinfo of the HAR', async () => {
  const at = await accessToken('api://default', { scp: ['openid'] });
  const found = extractHar(
    entries([
      tokenResponse(0, { access_token: at }),
      {
        url: `${IDP}/oauth2/default/v1/userinfo`,
        status: 200,
        at: 100,
        requestHeaders: { authorization: `Bearer ${at}` },
        body: JSON.stringify({ sub: '00u1', email: 'alice@example.com' }),
      },
      apiCall(200, at, {
        status: 403,
        responseHeaders: {
          'www-authenticate': 'Bearer error="insufficient_scope", scope="orders:read"',
        },
        body: JSON.stringify({ error: 'insufficient_scope' }),
        base64: true,
      }),
    ]),
  );
  expect(found.userinfo).toHaveLength(1);
  expect(found.rejections).toHaveLength(1);
  expect(found.rejections[0]!.body).toBe('{"error":"insufficient_scope"}');
  const report = await diagnoseHar(found);
  expect(report.sections[0]!.status).toBe(403);
  expect(report.diagnoses.map((d) => d.code)).toContain('insufficient_scope');
});

test("Okta's own 401s (sign-in, token endpoint) are not SP rejections", async () => {
  const found = extractHar(
    entries([
      {
        method: 'POST',
        url: `${IDP}/api/v1/authn`,
        status: 401,
        at: 0,
        body: '{"errorCode":"E0000004"}',
      },
      {
        method: 'POST',
        url: `${IDP}/oauth2/default/v1/token`,
        status: 401,
        at: 10,
        body: '{"error":"invalid_client"}',
      },
    ]),
  );
  expect(found.rejections).toEqual([]);
  const report = await diagnoseHar(found);
  expect(report.sections).toEqual([]);
  expect(report.diagnoses).toEqual([]);
});

test('several rejections: the top-level diagnoses take each one’s first cause before any second', async () => {
  const a = await accessToken('api://a');
  const found = extractHar(
    entries([
      tokenResponse(0, { access_token: a }),
      apiCall(100, a),
      apiCall(200, a, {
        status: 403,
        responseHeaders: {
          'www-authenticate': 'Bearer error="insufficient_scope", scope="orders:read"',
        },
      }),
    ]),
  );
  const report = await diagnoseHar(found, {
    expectation: { audience: 'api://b', requireScopes: ['orders:read'] },
  });
  expect(report.sections).toHaveLength(2);
  const firsts = [...new Set(report.sections.map((s) => s.diagnoses[0]!.code))];
  expect(firsts).toEqual(['audience_mismatch', 'insufficient_scope']);
  expect(report.diagnoses.slice(0, firsts.length).map((d) => d.code)).toEqual(firsts);
  // The same cause (same code and summary) appears once across sections.
  const keys = report.diagnoses.map((d) => `${d.code}|${d.summary}`);
  expect(new Set(keys).size).toBe(keys.length);
});
