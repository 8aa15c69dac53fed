/**
 * The emulator validates a configuration delta with its schema: one line naming the field and
 * what was expected, Okta's limits, the compiled file `npm run build` writes, and the same verdict
 * from a case file's `idp` section as from the emulator.
 */
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { loadStandalone } from '../../src/input/compiled-schema.js';
import { emulatorConfigSchema } from '../../src/emulator/config-schema.js';
import { EMULATOR_VALIDATOR_FILE } from '../../src/emulator/validate.js';
import { BASELINE } from '../../src/emulator/baseline.js';
import { validateCase } from '../../src/case/validate.js';
import { formatPath } from '../../src/case/messages.js';
import { ConfigError, resolveConfig } from '../../mock-idp/config.js';
import type { EmulatorConfig } from '../../src/emulator/config.js';

/** The message resolveConfig refuses `delta` with, or `accepted`. */
function verdict(delta: unknown): string {
  try {
    resolveConfig(delta as EmulatorConfig);
    return 'accepted';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

test('npm run build wrote the compiled validator for this very schema', () => {
  // The emulator loads it next to the compiled validate.js: with it, no start pays ajv's compile.
  const file = fileURLToPath(
    new URL(`../../dist/src/emulator/${EMULATOR_VALIDATOR_FILE}`, import.meta.url),
  );
  const validate = loadStandalone(file, emulatorConfigSchema);
  expect(validate, `${file} is missing or stale: run npm run build`).toBeDefined();
  expect(validate!({ servers: { default: { audience: 42 } } })).toBe(false);
  expect(validate!({})).toBe(true);
});

test('a bad field is one line naming it and what was expected', () => {
  const rows: Array<[unknown, string]> = [
    [
      { servers: { default: { audience: 42 } } },
      'servers.default.audience: expected a non-empty string (got number 42)',
    ],
    [
      { app: { redirectUris: ['not a url'] } },
      'app.redirectUris[0]: expected a URL (got "not a url")',
    ],
    [
      { app: { grantTypes: ['password'] } },
      'app.grantTypes[0]: expected one of authorization_code, implicit, refresh_token, client_credentials (got "password")',
    ],
    [
      { users: [{ login: 'a', totpSecret: 'abc1' }] },
      'users[0].totpSecret: expected a base32 TOTP secret (letters A-Z and digits 2-7) (got "abc1")',
    ],
    [{ users: [{ password: 'x' }] }, 'users[0].login: is required: a non-empty string'],
    [{ colour: 'blue' }, 'colour: unknown key "colour"; allowed here: '],
    ['yes', '(root): expected a mapping (got "yes")'],
    [
      { servers: { v1: {} } },
      'servers.v1: a server id is letters, digits, - or _, and not "org" or "v1"',
    ],
    [
      { app: { assignedUsers: ['bob@example.com'] } },
      'app.assignedUsers[0]: no user has the login "bob@example.com"',
    ],
  ];
  for (const [delta, message] of rows) {
    const said = verdict(delta);
    expect(said, JSON.stringify(delta)).toContain(`invalid emulator configuration: ${message}`);
    expect(said).not.toContain('\n');
  }
});

test("access token lifetimes are Okta's: 5 minutes to 24 hours", () => {
  const lifetime = (s: number) =>
    verdict({ servers: { default: { accessTokenLifetimeSeconds: s } } });
  expect(lifetime(300)).toBe('accepted');
  expect(lifetime(86_400)).toBe('accepted');
  for (const refused of [1, 299, 86_401]) {
    expect(lifetime(refused)).toContain('expected an integer from 300 to 86400');
  }
});

test('fields set to undefined in code count as absent; the baseline itself is valid', () => {
  expect(verdict({ orgId: undefined, servers: { default: { audience: undefined } } })).toBe(
    'accepted',
  );
  expect(verdict(BASELINE)).toBe('accepted');
});

test("a case's idp section and the emulator refuse the same settings", () => {
  const settings: Array<[string, Record<string, unknown>]> = [
    ['idp.app.responseTypes[0]', { app: { responseTypes: ['code bogus'] } }],
    ['idp.servers.default.claims[0].value', { servers: { default: { claims: [{ name: 'x' }] } } }],
    [
      'idp.servers.default.accessTokenLifetimeSeconds',
      { servers: { default: { accessTokenLifetimeSeconds: 60 } } },
    ],
    ['idp.clockOffsetSeconds', { clockOffsetSeconds: 1.5 }],
    ['idp.user.email', { user: { login: 'a', email: 'not-an-email' } }],
    ['idp.servers.v1', { servers: { v1: {} } }],
  ];
  for (const [path, idp] of settings) {
    const problems = validateCase({ name: 'x', idp, expect: { outcome: 'accepted' } });
    expect(
      problems.filter((p) => p.segments[0] === 'idp').map((p) => formatPath(p.segments)),
      path,
    ).toEqual([path]);
    const { user, ...rest } = idp;
    const delta = user ? { ...rest, users: [user] } : rest;
    expect(verdict(delta), path).toContain(
      path.replace(/^idp\.(user\.)?/, (_, u) => (u ? 'users[0].' : '')),
    );
  }
});
