/**
 * The case fields of key rotation: `idp.keys.publishNext` and `token.afterIssue` steps
 * (`keys`, `replayBefore`, `reissue`) load with their defaults, and misuse is named by field.
 */
import { test, expect } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFileError, loadCaseFile } from '../../../src/case/index.js';

let dir: string;
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oidc-harness-keys-'));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(name: string, yaml: string) {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  return loadCaseFile(file);
}
async function problems(name: string, yaml: string): Promise<string> {
  const err = await load(name, yaml).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CaseFileError);
  return (err as CaseFileError).message;
}

const SP = 'sp:\n  send: access_token\nexpect:\n  outcome: accepted\n';

test('rotation steps load as written', async () => {
  const { definition } = await load(
    'ok',
    'name: rotate\nidp:\n  keys: { publishNext: true }\ntoken:\n  mint: { kind: access_token }\n' +
      '  afterIssue: { replayBefore: true, keys: [rotate, retireOld], reissue: true }\n' +
      SP,
  );
  expect(definition.idp.keys).toEqual({ publishNext: true });
  expect(definition.token?.afterIssue).toEqual({
    replayBefore: true,
    keys: ['rotate', 'retireOld'],
    reissue: true,
  });
});

test('an unknown step names the field and the steps it may be', async () => {
  const message = await problems(
    'step',
    'name: bad step\ntoken:\n  mint: { kind: access_token }\n  afterIssue: { keys: [shuffle] }\n' +
      SP,
  );
  expect(message).toMatch(/token\.afterIssue\.keys\[0\]/);
  expect(message).toMatch(/publishNext/);
});

test('reissue needs a minted token', async () => {
  const message = await problems(
    'reissue',
    'name: reissue without mint\ntoken:\n  afterIssue: { reissue: true }\n' + SP,
  );
  expect(message).toMatch(/token\.afterIssue\.reissue.*needs token\.mint/);
});

test('idp.keys is for the emulator only', async () => {
  const message = await problems(
    'okta',
    'name: real tenant\nidp:\n  type: okta\n  keys: { publishNext: true }\n' + SP,
  );
  expect(message).toMatch(/idp\.keys/);
});
