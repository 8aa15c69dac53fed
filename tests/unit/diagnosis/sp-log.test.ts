/**
 * `diagnose --sp-log FILE|-`: a pasted log of many lines; the lines that explain the rejection
 * are found and quoted. Runs the built bin (`npm run build` first).
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainingLines } from '../../../src/diagnosis/translate/index.js';
import { signJwt } from '../../support/tokens.js';

const BIN = fileURLToPath(new URL('../../../bin/oidc-harness.js', import.meta.url));
const ISSUER = 'https://dev-123456.okta.com/oauth2/default';

// A Spring Boot log around a rejected request: the explaining line is in the middle.
const LOG = [
  '2026-12-05T14:02:11.480Z  INFO 4121 --- [nio-8080-exec-3] o.s.web.servlet.DispatcherServlet : Completed initialization in 1 ms',
  '2026-12-05T14:02:11.482Z DEBUG 4121 --- [nio-8080-exec-3] o.s.security.web.FilterChainProxy : Securing GET /api/orders',
  '2026-12-05T14:02:11.490Z DEBUG 4121 --- [nio-8080-exec-3] .o.s.r.w.a.BearerTokenAuthenticationFilter : Failed to authenticate since the JWT was invalid',
  '2026-12-05T14:02:11.490Z DEBUG 4121 --- [nio-8080-exec-3] o.s.s.o.s.r.a.JwtAuthenticationProvider : An error occurred while attempting to decode the Jwt: The aud claim is not valid',
  '\tat org.springframework.security.oauth2.jwt.NimbusJwtDecoder.validateJwt(NimbusJwtDecoder.java:188)',
  '2026-12-05T14:02:11.491Z DEBUG 4121 --- [nio-8080-exec-3] o.s.s.w.a.AnonymousAuthenticationFilter : Set SecurityContextHolder to anonymous SecurityContext',
].join('\n');

test('the explaining lines of a log are the ones the table translates', () => {
  const lines = explainingLines(LOG);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('The aud claim is not valid');
  expect(explainingLines('GET /api 401\nUnauthorized\n')).toEqual([]);
});

test('diagnose --sp-log FILE and - quote the explaining line; audience first; bad path is one line, exit 2', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await signJwt({
    iss: ISSUER,
    aud: 'api://default',
    sub: 'u1',
    iat: now,
    exp: now + 3600,
    scp: ['openid'],
    cid: '0oa1',
  });
  const dir = mkdtempSync(join(tmpdir(), 'sp-log-'));
  try {
    const file = join(dir, 'app.log');
    writeFileSync(file, LOG);
    const run = (args: string[], input?: string) =>
      spawnSync(process.execPath, [BIN, 'diagnose', ...args], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        ...(input !== undefined ? { input } : {}),
      });
    const fromFile = run(['--token', token, '--sp-status', '401', '--sp-log', file, '--json']);
    const json = JSON.parse(fromFile.stdout) as {
      diagnoses: Array<{ code: string; evidence: unknown }>;
    };
    expect(json.diagnoses[0]?.code).toBe('audience_mismatch');
    expect(JSON.stringify(json.diagnoses[0]?.evidence)).toContain('The aud claim is not valid');
    expect(fromFile.stdout).not.toContain('Securing GET');

    const fromStdin = run(['--token', token, '--sp-status', '401', '--sp-log', '-', '--json'], LOG);
    expect((JSON.parse(fromStdin.stdout) as typeof json).diagnoses[0]?.code).toBe(
      'audience_mismatch',
    );

    const missing = run(['--token', token, '--sp-log', join(dir, 'nope.log')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('--sp-log');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
