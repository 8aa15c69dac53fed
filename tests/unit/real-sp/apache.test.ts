import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { renderApacheConfig } from '../../../real-sp/apache-config.js';
import { startApacheRp } from '../../../real-sp/apache-rp.js';
import { startEmulator } from '../../../mock-idp/index.js';
import type { Emulator, MintOptions } from '../../../mock-idp/index.js';
import { requireApache } from '../../support/requires-apache.js';

// Apache httpd + mod_auth_openidc as a relying party of the emulator, without a browser: it starts on loopback
// from its own config, sends a navigation to the provider's authorize endpoint, and stops with
// no process left behind. The browser sign-in is in tests/e2e/real-sp-apache.spec.ts.

let idp: Emulator;
let issuer: string;
test.beforeAll(async () => {
  idp = await startEmulator();
  issuer = idp.issuer('default');
});
test.afterAll(async () => {
  await idp?.close();
});

/**
 * A GET with exactly the headers of a browser's top-level navigation (fetch would add its own
 * `Sec-Fetch-Mode: cors`, which mod_auth_openidc treats as a script and answers 401).
 */
function navigate(
  url: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** Processes whose command line names `needle` (the instance's temp dir). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) found.push(`${pid} ${cmd}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

test('starts on loopback, redirects a navigation to the authorize endpoint, stops cleanly', async () => {
  requireApache();
  const started = Date.now();
  const rp = await startApacheRp({
    issuer,
    clientId: '0oaapache',
    clientSecret: 'apache-secret',
  });
  const startMs = Date.now() - started;
  const dir = /-f (\S+)\/httpd\.conf/.exec(
    processesMentioning('oidc-harness-apache-')[0] ?? '',
  )?.[1];
  try {
    expect(rp.url).toBe(`http://127.0.0.1:${rp.port}/protected/`);
    expect(rp.redirectUri).toBe(`http://127.0.0.1:${rp.port}/protected/redirect_uri`);
    expect(dir).toBeTruthy();
    expect(processesMentioning(dir!).length).toBeGreaterThan(0);

    // What a browser's top-level navigation sends: mod_auth_openidc starts the sign-in.
    const nav = await navigate(rp.url);
    expect(nav.status).toBe(302);
    const location = new URL(String(nav.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(`${issuer}/v1/authorize`);
    expect(location.searchParams.get('client_id')).toBe('0oaapache');
    expect(location.searchParams.get('redirect_uri')).toBe(rp.redirectUri);
    expect(location.searchParams.get('scope')).toBe('openid email profile');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(String(nav.headers['set-cookie'])).toContain('mod_auth_openidc_state_');

    // A script's request (fetch: Sec-Fetch-Mode cors) gets a bare 401 instead of a redirect.
    const api = await fetch(rp.url, { redirect: 'manual' });
    expect(api.status).toBe(401);
    expect(rp.logs()).not.toContain('apache-secret');
    console.log(`Apache RP start: ${startMs} ms`);
  } finally {
    await rp.close();
  }
  expect(processesMentioning(dir!)).toEqual([]);
  await expect(fetch(rp.url)).rejects.toThrow();
});

test('a provider that cannot be reached is an error page, and the reason is in the log', async () => {
  requireApache();
  const rp = await startApacheRp({
    issuer: 'http://127.0.0.1:1/oauth2/default',
    clientId: '0oaapache',
    clientSecret: 'apache-secret',
  });
  try {
    const nav = await navigate(rp.url);
    expect(nav.status).toBe(500);
    expect(rp.logs()).toContain(
      'could not retrieve metadata from url: http://127.0.0.1:1/oauth2/default/.well-known/openid-configuration',
    );
  } finally {
    await rp.close();
  }
});

test('bad options fail at start, naming the option, without echoing the secret', async () => {
  await expect(
    startApacheRp({ issuer: 'ftp://x', clientId: 'a', clientSecret: 'b' }),
  ).rejects.toThrow('startApacheRp: option "issuer": expected an http(s) URL, got "ftp://x"');
  await expect(startApacheRp({ issuer, clientId: 'a', clientSecret: '' })).rejects.toThrow(
    'startApacheRp: option "clientSecret": expected a non-empty string',
  );
  await expect(
    startApacheRp({ issuer, clientId: 'a', clientSecret: 'b', remoteUserClaim: 'x y' }),
  ).rejects.toThrow('option "remoteUserClaim": expected a claim name');
  requireApache(); // the quote check runs as the config is written, after the install check
  const quoted = 'se"cret';
  await expect(startApacheRp({ issuer, clientId: 'a', clientSecret: quoted })).rejects.toThrow(
    /must not contain quotes/,
  );
  await expect(startApacheRp({ issuer, clientId: 'a', clientSecret: quoted })).rejects.not.toThrow(
    quoted,
  );
});

test('the config loads only the modules it needs and listens on loopback only', () => {
  const conf = renderApacheConfig({
    dir: '/tmp/x',
    port: 4242,
    metadataUrl: 'http://127.0.0.1:1/.well-known/openid-configuration',
    clientId: 'c',
    clientSecret: 's',
    cryptoPassphrase: 'p',
    scope: 'openid email',
    remoteUserClaim: 'email',
    requireClaimValues: ['given_name~.'],
  });
  expect(conf.match(/^Listen .*/gm)).toEqual(['Listen 127.0.0.1:4242']);
  expect(conf).toContain('OIDCRemoteUserClaim email');
  expect(conf).toContain('Require claim given_name~.');
  expect(conf).not.toContain('Require valid-user');
  expect(conf).not.toMatch(/^Include/m);
  expect(conf.match(/^LoadModule/gm)).toHaveLength(9);
});

test('bearer API (AuthType oauth20): accepts a good access token, refuses with little or no reason', async () => {
  requireApache();
  const rp = await startApacheRp({
    issuer,
    clientId: idp.app.clientId,
    clientSecret: idp.app.clientSecret ?? 'x',
    bearerApi: {},
  });
  const call = async (token: string) => {
    const res = await fetch(rp.apiUrl!, { headers: { authorization: `Bearer ${token}` } });
    return {
      status: res.status,
      wwwAuthenticate: res.headers.get('www-authenticate'),
      body: await res.text(),
    };
  };
  const mint = (o: Partial<MintOptions> = {}) =>
    idp.mintToken({ server: 'default', kind: 'access_token', ...o });
  try {
    expect(rp.apiUrl).toBe(`http://127.0.0.1:${rp.port}/api/`);
    const good = await call(await mint());
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toEqual({ sub: idp.users[0]!.login });

    // Signature or expiry: one generic reason for both; the detail is only in the log.
    const generic =
      'Bearer error="invalid_token", error_description="JWT token could not be validated"';
    const expired = await call(await mint({ expiresInSeconds: -120 }));
    expect([expired.status, expired.wwwAuthenticate]).toEqual([401, generic]);
    expect(rp.logs()).toMatch(/"exp" validation failure \(\d+\): JWT expired \d+ seconds ago/);
    const foreign = await call(await mint({ signingKey: 'foreign' }));
    expect([foreign.status, foreign.wwwAuthenticate]).toEqual([401, generic]);
    expect(rp.logs()).toContain('JWT signature verification failed');

    // Audience or issuer (`Require claim`): a bare 401, no WWW-Authenticate at all.
    for (const claims of [{ aud: idp.app.clientId }, { iss: idp.orgIssuer }]) {
      const r = await call(await mint({ claims }));
      expect([r.status, r.wwwAuthenticate]).toEqual([401, null]);
    }
    expect(rp.logs()).toContain(`could not match require claim expression '"aud:api://default"'`);
    expect(rp.logs()).toContain(`could not match require claim expression '"iss:${issuer}"'`);
  } finally {
    await rp.close();
  }
});
