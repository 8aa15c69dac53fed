import { test, expect } from '@playwright/test';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFileError, loadCaseFile, loadCases } from '../../../src/case/index.js';

const VALID = 'tests/unit/fixtures/cases/valid';

async function tempCase(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-case-'));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

test.describe('loading valid case files', () => {
  test('a directory gives its yaml, yml and json files, sorted, each with its id', async () => {
    const cases = await loadCases([VALID]);
    expect(cases.map((c) => c.id)).toEqual([
      'accepted-default-access-token',
      'custom-scope-on-org-server',
      'dpop-bound-token-as-bearer',
      'missing-claim-email',
      'okta-real-sp-url',
      'unknown-signing-key-minted',
    ]);
    expect(cases[0]!.file).toBe(join(VALID, 'accepted-default-access-token.yaml'));
  });

  test('defaults are applied where the file says nothing', async () => {
    const { definition } = await loadCaseFile(join(VALID, 'unknown-signing-key-minted.json'));
    expect(definition.idp).toMatchObject({ type: 'emulator', server: 'payments' });
    expect(definition.client).toEqual({
      flow: 'code',
      refresh: false,
      scopes: ['openid', 'profile', 'email'],
      dpop: false,
      public: false,
      pkce: true,
    });
    expect(definition.sp).toMatchObject({ type: 'mock', send: 'access_token', via: 'bearer' });
    expect(definition.tags).toEqual([]);
    // The minted token comes from the case's own server unless it names one.
    expect(definition.token?.mint).toMatchObject({
      kind: 'access_token',
      server: 'payments',
      signingKey: 'current',
    });
    expect(definition.token?.afterIssue).toEqual({ rotateKeys: true });
  });

  test('what the file says is kept as said, symbols unresolved', async () => {
    const { definition } = await loadCaseFile(join(VALID, 'missing-claim-email.yaml'));
    expect(definition.client.scopes).toEqual(['openid', 'profile']);
    expect(definition.idp.user).toEqual({
      login: 'alice@example.com',
      email: 'alice@example.com',
      password: 'correct-horse-battery',
    });
    expect(definition.sp?.expect).toMatchObject({
      issuer: '${idp.issuer}',
      requireClaims: ['email'],
    });
    expect(definition.expect).toEqual({
      outcome: 'rejected',
      status: 401,
      diagnosis: ['missing_claim'],
    });
  });

  test('an authorize_error case needs no sp, and gets none', async () => {
    const { definition } = await loadCaseFile(join(VALID, 'custom-scope-on-org-server.yaml'));
    expect(definition.sp).toBeUndefined();
    expect(definition.expect.error).toBe('invalid_scope');
  });

  test('loading the same file twice (file and its directory) yields it once', async () => {
    const file = join(VALID, 'okta-real-sp-url.yaml');
    const cases = await loadCases([file, VALID]);
    expect(cases.filter((c) => c.id === 'okta-real-sp-url')).toHaveLength(1);
  });

  test('two files with the same id in different directories are refused', async () => {
    const a = await tempCase(
      'same.yaml',
      'name: a\nexpect: { outcome: authorize_error, diagnosis: [user_not_assigned] }\n',
    );
    const b = await tempCase(
      'same.yml',
      'name: b\nexpect: { outcome: authorize_error, diagnosis: [user_not_assigned] }\n',
    );
    const err = await loadCases([a, b]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseFileError);
    expect((err as CaseFileError).message).toContain('same case id "same"');
  });

  test('an empty directory and a missing file are errors naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oidc-harness-empty-'));
    await mkdir(join(dir, 'sub'));
    const err = (await loadCases([dir, join(dir, 'nope.yaml')]).catch(
      (e: unknown) => e,
    )) as CaseFileError;
    expect(err).toBeInstanceOf(CaseFileError);
    expect(err.message).toContain(`${dir}: the directory has no case files`);
    expect(err.message).toContain(`${join(dir, 'nope.yaml')}: no such file`);
  });
});
