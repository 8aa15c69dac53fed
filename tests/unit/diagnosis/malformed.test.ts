/** A token cut short is the diagnosis malformed_token (exit 1), not bad input. Runs the built bin. */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jwtPart as b64 } from '../../support/tokens.js';

const BIN = fileURLToPath(new URL('../../../bin/oidc-harness.js', import.meta.url));
const HEADER = b64({ alg: 'RS256', kid: 'k1' });
const PAYLOAD = b64({ iss: 'https://dev-123456.okta.com/oauth2/default', aud: 'api://default' });

test('a token that lost its signature part is malformed_token with where it was cut; not a JWT at all is exit 2', () => {
  const run = (token: string) =>
    spawnSync(process.execPath, [BIN, 'diagnose', '--token', token, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
  const cut = run(`${HEADER}.${PAYLOAD}`);
  expect(cut.status).toBe(1);
  const json = JSON.parse(cut.stdout) as { diagnoses: Array<{ code: string; summary: string }> };
  expect(json.diagnoses[0]?.code).toBe('malformed_token');
  expect(json.diagnoses[0]?.summary).toMatch(/this has 2.*signature is missing/);
  const garbage = run('hello');
  expect(garbage.status).toBe(2);
  expect(garbage.stderr).toContain('--token: not a JWT');
});
