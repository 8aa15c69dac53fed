/**
 * `oidc-harness doctor` through the package's bin against a served emulator posing as the tenant
 * (needs `npm run build`, which `npm test` runs first): all good, an unregistered redirect URI, a
 * custom scope on the ORG server, bad input, and no secret printed.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DoctorResult } from '../../src/cli/doctor-checks.js';
import { serveStandIn, type StandIn } from '../support/tenant-stand-in.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

let standIn: StandIn;
test.beforeAll(async () => {
  standIn = await serveStandIn();
});
test.afterAll(async () => {
  await standIn?.stop();
});

function doctor(
  args: string[],
  env: Record<string, string> = standIn.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OKTA_')),
  );
  const child = spawn(process.execPath, [`${root}bin/oidc-harness.js`, 'doctor', ...args], {
    cwd: root,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const statusOf = (r: DoctorResult) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

test('a tenant set up right: every check passes, and what an SP receives', async () => {
  const { code, stdout, stderr } = await doctor(['--json']);
  expect(stderr).toBe('');
  const result = JSON.parse(stdout) as DoctorResult;
  expect(statusOf(result)).toEqual({
    domain: 'pass',
    server: 'pass',
    discovery: 'pass',
    redirect_uri: 'pass',
    scopes: 'pass',
    audience: 'pass',
    id_token_claims: 'pass',
    // A web app with OIDC scopes only: nothing to ask of client credentials; no TOTP secret set.
    client_credentials: 'skip',
    second_factor: 'skip',
  });
  expect(code).toBe(0);
  const issuer = standIn.info.issuers.default;
  expect(result.target).toMatchObject({ kind: 'custom', issuer });
  expect(result.receive?.access_token).toMatchObject({
    issuer,
    audience: 'api://default',
    tokenUse: 'access_token',
  });
  expect(result.receive?.id_token).toMatchObject({ issuer, audience: standIn.info.clientId });
  expect(result.receive?.id_token.claims.fat).toContain('email');
  // A custom server's thin ID token drops the scope claims (okta-behavior.md section 4).
  expect(result.receive?.id_token.claims.thin).not.toContain('email');
  expect(result.spSettings).toEqual(
    expect.arrayContaining([
      `issuer=${issuer}`,
      `jwks_uri=${issuer}/v1/keys`,
      'audience=api://default (an API given the access token)',
    ]),
  );
});

test('the ORG server: its issuer is the org URL and its access token audience too', async () => {
  const { code, stdout } = await doctor([
    '--json',
    '--auth-server',
    'org',
    '--scopes',
    'openid profile',
  ]);
  const result = JSON.parse(stdout) as DoctorResult;
  expect(code).toBe(0);
  expect(result.target).toMatchObject({ kind: 'org', issuer: standIn.info.url });
  expect(result.receive?.access_token.audience).toBe(standIn.info.url);
  expect(result.receive?.id_token.claims.fat).not.toContain('email');
  // The ORG server's thin ID token keeps name and preferred_username (okta-behavior.md section 4).
  expect(result.receive?.id_token.claims.thin).toEqual(
    expect.arrayContaining(['name', 'preferred_username']),
  );
  expect(result.receive?.id_token.claims.thin).not.toContain('given_name');
  expect(result.spSettings.join('\n')).toContain('do not read email');
  // One voice: the ORG access token's audience is no ✓, and no SP setting accepts it.
  const audience = result.checks.find((c) => c.id === 'audience')!;
  expect(audience.status).not.toBe('pass');
  expect(audience.fix).toContain('use a custom authorization server');
  expect(result.spSettings.join('\n')).not.toContain('(an API given the access token)');
  expect(result.spSettings.join('\n')).toContain('an API must not accept these access tokens');
});

test('an unregistered redirect URI is found from Okta’s 400 page, exit 1', async () => {
  const unregistered = 'http://127.0.0.1:9/not-registered';
  const { code, stdout: report } = await doctor(['--redirect-uri', unregistered]);
  // The report wraps to 80 columns when piped: read it as running text.
  const stdout = report.replace(/\n +/g, ' ');
  expect(code).toBe(1);
  expect(stdout).toContain(`✗ redirect URI ${unregistered} registered`);
  expect(stdout).toContain("The 'redirect_uri' parameter must be a Login redirect URI");
  expect(stdout).toContain(`fix: Add ${unregistered} to the app’s Sign-in redirect URIs`);
  expect(stdout).toContain('Problems found');
});

test('a custom scope asked of the ORG server: invalid_scope before any sign-in, exit 1', async () => {
  const { code, stdout } = await doctor([
    '--json',
    '--auth-server',
    'org',
    '--scopes',
    'openid orders:read',
  ]);
  expect(code).toBe(1);
  const result = JSON.parse(stdout) as DoctorResult;
  const scopes = result.checks.find((c) => c.id === 'scopes')!;
  expect(scopes.status).toBe('fail');
  expect(scopes.evidence).toContain(
    'invalid_scope: Custom scopes are not allowed for this request.',
  );
  expect(scopes.fix).toContain('The ORG server has no custom scopes (orders:read)');
  expect(statusOf(result).redirect_uri).toBe('pass');
});

test('an unreachable domain is the first ✗, with the reason and the fix', async () => {
  const { freeLoopbackPort: freePort } = await import('../../src/net/loopback.js');
  const closed = `http://127.0.0.1:${await freePort()}`;
  const { code, stdout } = await doctor(['--domain', closed, '--client-id', '0oa1'], {});
  expect(code).toBe(1);
  expect(stdout).toContain(`✗ domain ${closed} reachable`);
  expect(stdout).toContain('ECONNREFUSED');
  expect(stdout).toContain('fix: Set OKTA_DOMAIN');
  expect(stdout).not.toContain('✓');
});

test('an unknown custom server is named, with the fix', async () => {
  const { code, stdout } = await doctor(['--auth-server', 'aus0nothere0']);
  expect(code).toBe(1);
  expect(stdout).toMatch(/✗ custom \("aus0nothere0"\) authorization server/);
  expect(stdout).toContain('Authorization Servers');
});

test('bad input: one line naming the flag or variable, exit 2', async () => {
  const bad = await doctor(['--domain', 'http://dev-1.okta.com', '--client-id', 'x'], {});
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^oidc-harness: --domain \/ OKTA_DOMAIN: .*must be https.*\n$/);
  const missing = await doctor([], {});
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--domain / OKTA_DOMAIN: not set');
  expect(missing.stdout).toBe('');
});

test('secrets in the environment are never printed', async () => {
  const { stdout, stderr } = await doctor(['--json']);
  for (const secret of [
    standIn.env.OKTA_API_TOKEN!,
    standIn.env.OKTA_PASSWORD!,
    standIn.env.OKTA_CLIENT_SECRET!,
  ]) {
    expect(stdout + stderr).not.toContain(secret);
  }
});

test('--emulator checks an emulator started in the process', async () => {
  const { code, stdout } = await doctor(['--emulator', '--json'], {});
  expect(code).toBe(0);
  const result = JSON.parse(stdout) as DoctorResult;
  expect(result.ok).toBe(true);
  expect(result.target.orgUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});
