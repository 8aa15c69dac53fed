/**
 * The case schema's standalone validator (written by `npm run build`) reports exactly what the
 * schema compiled in-process reports, and a file built for another schema is never used.
 */
import { test, expect } from '@playwright/test';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kindOf, parseCaseSource } from '../../../src/case/source.js';
import { problemsWith } from '../../../src/case/validate.js';
import {
  compileValidator,
  loadStandaloneValidator,
  standaloneValidatorSource,
  STANDALONE_VALIDATOR_FILE,
} from '../../../src/case/validator-build.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A folder inside the project (its ignored `.cache`), so a standalone file written there finds
 * ajv's runtime helpers in node_modules as the built one does.
 */
async function projectTempDir(): Promise<string> {
  await mkdir(join(ROOT, '.cache'), { recursive: true });
  const dir = await mkdtemp(join(ROOT, '.cache', 'case-validator-'));
  temps.push(dir);
  return dir;
}
const temps: string[] = [];
test.afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Every case file of the catalogue and of the loader's tests, valid and invalid. */
async function caseFiles(): Promise<string[]> {
  const dirs = [
    'cases',
    'cases/real-sp',
    'tests/unit/fixtures/cases/valid',
    'tests/unit/fixtures/cases/invalid',
  ];
  const files: string[] = [];
  for (const dir of dirs) {
    for (const name of await readdir(join(ROOT, dir))) {
      if (['.yaml', '.yml', '.json'].includes(extname(name))) files.push(join(ROOT, dir, name));
    }
  }
  return files;
}

/** Values the schema refuses in ways the files above do not: formats, patterns, enums. */
const MORE_INVALID: unknown[] = [
  { name: 'bad formats', idp: { user: { email: 'not-an-email' } }, expect: { outcome: 'x' } },
  {
    name: 'bad app',
    idp: { app: { redirectUris: ['not a url', 42] }, server: 'has spaces' },
    client: { responseType: 'code bogus', scopes: [''] },
    expect: { outcome: 'rejected', status: 'four oh one', diagnosis: ['NOT_A_CODE'] },
  },
];

test('the standalone validator reports the same problems as the compiled schema', async () => {
  const file = join(await projectTempDir(), STANDALONE_VALIDATOR_FILE);
  await writeFile(file, standaloneValidatorSource());
  const standalone = loadStandaloneValidator(file);
  expect(standalone, 'a freshly built file matches the schema').toBeDefined();
  const compiled = compileValidator();

  const values: Array<[string, unknown]> = [];
  for (const path of await caseFiles()) {
    const { value } = parseCaseSource(await readFile(path, 'utf8'));
    // The loader validates mappings only (anything else is refused before the schema).
    if (kindOf(value) === 'a mapping') values.push([path, value]);
  }
  MORE_INVALID.forEach((value, i) => values.push([`inline #${i}`, value]));
  let refused = 0;
  for (const [where, value] of values) {
    const expected = problemsWith(compiled, value);
    expect(problemsWith(standalone!, value), where).toEqual(expected);
    if (expected.length > 0) refused++;
  }
  // The comparison covers refusals, not only files that pass.
  expect(refused).toBeGreaterThanOrEqual(8);
  expect(values.length - refused).toBeGreaterThanOrEqual(20);
});

test('a standalone file built for another schema, or none at all, is not used', async () => {
  const dir = await projectTempDir();
  const stale = join(dir, STANDALONE_VALIDATOR_FILE);
  const source = standaloneValidatorSource();
  await writeFile(
    stale,
    source.replace(/fingerprint = "([0-9a-f]+)"/, (_m, hex: string) => {
      return `fingerprint = "${hex.replace(/^./, (c) => (c === '0' ? '1' : '0'))}"`;
    }),
  );
  expect(await readFile(stale, 'utf8')).not.toBe(source);
  expect(loadStandaloneValidator(stale)).toBeUndefined();
  expect(loadStandaloneValidator(join(dir, 'missing.cjs'))).toBeUndefined();
});
