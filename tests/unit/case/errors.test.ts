import { test, expect } from '@playwright/test';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFileError, loadCaseFile, loadCases } from '../../../src/case/index.js';

const INVALID = 'tests/unit/fixtures/cases/invalid';

/**
 * A file with a YAML syntax error, written at run time: as a checked-in file it would break the
 * formatter's check of the repository.
 */
async function syntaxErrorFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-case-'));
  const file = join(dir, 'syntax-error.yaml');
  await writeFile(
    file,
    'name: an unclosed flow sequence\nclient:\n  scopes: [openid, profile\nexpect:\n  outcome: accepted\n',
  );
  return file;
}

/** The CaseFileError that loading `paths` raises (fails the test when they load). */
async function failureOf(paths: string[]): Promise<CaseFileError> {
  const err = await loadCases(paths).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `${paths.join(', ')} should not load`).toBeInstanceOf(CaseFileError);
  return err as CaseFileError;
}

/** The CaseFileError a file raises (fails the test when it loads). */
async function problemsOf(name: string, dir = INVALID): Promise<CaseFileError> {
  const file = join(dir, name);
  const err = await loadCaseFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `${file} should not load`).toBeInstanceOf(CaseFileError);
  expect((err as CaseFileError).file).toBe(file);
  return err as CaseFileError;
}

test.describe('case file errors name the file, line, field and what was expected', () => {
  test('wrong types: each field, all at once, in the documented message form', async () => {
    const err = await problemsOf('wrong-types.yaml');
    const file = join(INVALID, 'wrong-types.yaml');
    expect(err.problems.map((p) => [p.line, p.path])).toEqual([
      [4, 'idp.port'],
      [6, 'client.flow'],
      [7, 'client.scopes'],
      [12, 'sp.expect.audience'],
      [13, 'sp.expect.clockToleranceSeconds'],
      [16, 'expect.diagnosis[1]'],
    ]);
    const lines = err.message.split('\n');
    expect(lines).toContain(
      `${file}:12 sp.expect.audience: must be a non-empty string or a non-empty array of strings (got number 42)`,
    );
    expect(lines).toContain(
      `${file}:4 idp.port: must be an integer from 1 to 65535 (got number 99999)`,
    );
    expect(lines).toContain(
      `${file}:6 client.flow: must be one of code, implicit, hybrid, client_credentials (got "pkce")`,
    );
    expect(lines).toContain(
      `${file}:7 client.scopes: must be an array of strings (got "openid profile")`,
    );
    expect(lines.find((l) => l.includes('expect.diagnosis[1]'))).toMatch(
      /must be one of audience_mismatch, .*unexplained \(got "no_such_code"\)$/,
    );
  });

  test('unknown keys are named with the keys allowed there', async () => {
    const err = await problemsOf('unknown-keys.yaml');
    expect(err.problems).toEqual([
      {
        path: 'idp.sever',
        line: 3,
        message: expect.stringContaining('unknown key "sever"; allowed here: type, server, port'),
      },
      {
        path: 'sp.expect.audiance',
        line: 8,
        message: expect.stringContaining('unknown key "audiance"; allowed here: issuer, audience,'),
      },
      {
        path: 'expect.statuss',
        line: 12,
        message: 'unknown key "statuss"; allowed here: outcome, status, diagnosis, error',
      },
    ]);
  });

  test('a missing required field says what it must be', async () => {
    const err = await failureOf([INVALID]);
    const missing = err.problems.find((p) => p.path === 'expect.outcome');
    expect(missing).toMatchObject({
      file: join(INVALID, 'missing-required.yaml'),
      line: 4,
      message: 'is required: one of accepted, rejected, authorize_error',
    });
    expect(err.problems.find((p) => p.path === 'idp.user.login')).toMatchObject({
      file: join(INVALID, 'missing-required.yaml'),
      line: 3,
    });
  });

  test('a duplicate key names the key and its line', async () => {
    const err = await problemsOf('duplicate-key.yaml');
    expect(err.problems).toEqual([
      { path: '', line: 5, message: 'duplicate key "flow": each key may appear once in a mapping' },
    ]);
  });

  test('a YAML syntax error gives line and column', async () => {
    const file = await syntaxErrorFile();
    const err = await problemsOf('syntax-error.yaml', join(file, '..'));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ path: '', line: 4 });
    expect(err.problems[0]!.message).toMatch(
      /^YAML syntax error, column 1: Flow sequence .* end with a \]$/,
    );
  });

  test('an empty file and a file that is not a mapping are clear', async () => {
    expect((await problemsOf('empty.yaml')).message).toBe(
      `${join(INVALID, 'empty.yaml')}:1: the file is empty: expected a case mapping with name, idp, client, sp and expect`,
    );
    expect((await problemsOf('not-a-mapping.yaml')).message).toBe(
      `${join(INVALID, 'not-a-mapping.yaml')}:1: expected a mapping with name, idp, client, sp and expect (got a list)`,
    );
  });

  test('cross-field rules: emulator-only fields, sp.url, status/error/diagnosis vs outcome', async () => {
    const err = await problemsOf('cross-field.yaml');
    expect(err.problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [
        4,
        'idp.port',
        'is for the emulator only (idp.type: emulator); a real tenant is set up in Okta',
      ],
      [
        5,
        'idp.servers',
        'is for the emulator only (idp.type: emulator); a real tenant is set up in Okta',
      ],
      [9, 'client.responseType', 'must be "code" for client.flow: code (got "id_token token")'],
      [10, 'sp.url', expect.stringContaining('is required when sp.type is url')],
      [16, 'expect.status', 'is for expect.outcome: rejected only (got accepted)'],
      [17, 'expect.error', 'is for expect.outcome: authorize_error only (got accepted)'],
      [18, 'expect.diagnosis', 'must be empty when expect.outcome is accepted'],
    ]);
  });

  test('more cross-field rules: sp required, diagnosis required, dpop, minting, servers', async () => {
    const err = await problemsOf('cross-field-more.yaml');
    expect(err.problems.map((p) => [p.path, p.message])).toEqual([
      ['idp.server', 'must be org, default or a server defined under idp.servers (got "payments")'],
      ['token.mint', 'cannot go with expect.outcome: authorize_error (no /authorize happens)'],
      [
        'token.mint.server',
        'must be org, default or a server defined under idp.servers (got "orders")',
      ],
      ['sp.url', expect.stringContaining('is for sp.type: url only')],
      ['sp.via', 'dpop needs DPoP-bound tokens: set client.dpop: true'],
      [
        'expect.diagnosis',
        'must name the diagnosis code(s) expected when expect.outcome is authorize_error',
      ],
    ]);
    const rejected = await problemsOf('rejected-without-sp.yaml');
    expect(rejected.problems).toEqual([
      {
        path: 'sp',
        line: 1,
        message: 'is required when expect.outcome is rejected: the SP the token is sent to',
      },
    ]);
  });

  test("token.afterIssue.advanceClockSeconds needs the mock SP: a real SP's clock is not ours", async () => {
    const err = await problemsOf('clock-on-real-sp.yaml');
    expect(err.problems.map((p) => [p.path, p.message])).toEqual([
      [
        'token.afterIssue.advanceClockSeconds',
        'needs the mock SP (sp.type: mock): a real SP’s clock is not ours to move',
      ],
    ]);
  });

  test('symbols: an unknown symbol, an unknown server and an unclosed ${ are load-time errors', async () => {
    const err = await problemsOf('unknown-symbol.yaml');
    expect(err.problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [
        7,
        'sp.expect.issuer',
        '${idp.issuers.orders}: no authorization server "orders" in this case (known: org, default, payments)',
      ],
      [
        8,
        'sp.expect.audience',
        expect.stringMatching(
          /^unknown symbol \$\{idp\.audience\}; known: \$\{idp\.issuer\}, .*\$\{idp\.issuers\.<server id>\}$/,
        ),
      ],
      [
        9,
        'sp.expect.jwksUri',
        'must be a URL (http:// or https://) or a ${symbol} (got "${idp.url/v1/keys")',
      ],
    ]);
  });

  test('loadCases collects the problems of every file before failing', async () => {
    const syntaxError = await syntaxErrorFile();
    const err = await failureOf([INVALID, syntaxError]);
    const files = new Set(err.problems.map((p) => p.file));
    expect([...files].sort()).toEqual(
      [
        ...[
          'clock-on-real-sp.yaml',
          'cross-field-more.yaml',
          'cross-field.yaml',
          'duplicate-key.yaml',
          'empty.yaml',
          'missing-required.yaml',
          'not-a-mapping.yaml',
          'rejected-without-sp.yaml',
          'unknown-keys.yaml',
          'unknown-symbol.yaml',
          'wrong-types.yaml',
        ].map((f) => join(INVALID, f)),
        syntaxError,
      ].sort(),
    );
    // One line per problem, each starting with its own file.
    for (const [i, line] of err.message.split('\n').entries()) {
      expect(line.startsWith(err.problems[i]!.file!)).toBe(true);
    }
  });

  test('a file that does not exist is a CaseFileError, not a stack trace', async () => {
    const err = await loadCaseFile('cases/does-not-exist.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseFileError);
    expect((err as Error).message).toBe('cases/does-not-exist.yaml: no such file');
  });
});

test('a .json case file’s syntax error is named a JSON error, in JSON.parse’s words, once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-case-'));
  await writeFile(join(dir, 'broken.json'), '{"name": "a JSON case",\n "idp": {\n');
  const err = await problemsOf('broken.json', dir);
  expect(err.problems).toHaveLength(1);
  expect(err.problems[0]!.message).toMatch(/^JSON syntax error/);
  expect(err.problems[0]!.message).not.toContain('YAML');
  expect(err.problems[0]!.message).not.toContain('Flow map');
});

test('a bad expect.outcome is one error, not a second about the status that goes with it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-case-'));
  const good = await readFile('cases/missing-claim-email.yaml', 'utf8');
  await writeFile(
    join(dir, 'typo.yaml'),
    good
      .replace('../schema/', `${process.cwd()}/schema/`)
      .replace(/^ {2}outcome: rejected$/m, '  outcome: refused'),
  );
  const err = await problemsOf('typo.yaml', dir);
  expect(err.problems.map((p) => p.path)).toEqual(['expect.outcome']);
  expect(err.problems[0]!.message).toContain('must be one of accepted, rejected, authorize_error');
});
