/**
 * The layer rule (eslint.layers.js) through ESLint's Node API, with the repository's own config:
 * an in-memory file placed in a lower layer that imports a higher one is reported, in every form
 * of import, and a legal import passes.
 */
import { test, expect } from '@playwright/test';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

test.beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The lint messages of `code` as if it were the file at `filePath` (nothing is written). */
async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

test('vocabulary importing the CLI is reported, with the layer named', async () => {
  const messages = await lint(
    'src/checks/layer-probe.ts',
    "import { register } from '../cli/serve.js';\nexport const probe = register;\n",
  );
  expect(messages).toHaveLength(1);
  expect(messages[0]).toContain('no-restricted-imports');
  expect(messages[0]).toContain('src/checks (vocabulary) may not import src/cli (commands)');
});

test('a lazy import() across the rule is reported too', async () => {
  const messages = await lint(
    'src/token/layer-probe.ts',
    "export const probe = () => import('../harness/execute.js');\n",
  );
  expect(messages).toEqual([
    expect.stringContaining(
      'no-restricted-syntax: src/token (vocabulary) may not import src/harness',
    ),
  ]);
});

test('type-only imports and re-exports count', async () => {
  const typeOnly = await lint(
    'src/harness/adapters/layer-probe.ts',
    "import type { ReportInput } from '../../report-files/write.js';\nexport type Probe = ReportInput;\n",
  );
  expect(typeOnly).toEqual([expect.stringContaining('src/harness (harness) may not import')]);
  const reExport = await lint(
    'src/okta/layer-probe.ts',
    "export { test } from '../../fixtures/index.js';\n",
  );
  expect(reExport).toEqual([expect.stringContaining('may not import fixtures (fixtures)')]);
});

test('the emulator may not import the mock SP, nor reach the core from outside src/', async () => {
  expect(
    await lint('mock-idp/layer-probe.ts', "export { startMockSp } from '../mock-sp/index.js';\n"),
  ).toEqual([expect.stringContaining('meet only through URLs')]);
  expect(
    await lint(
      'mock-idp/system-log/layer-probe.ts',
      "export { runCli } from '../../src/cli/main.js';\n",
    ),
  ).toEqual([expect.stringContaining('mock-idp (servers) may not import src/cli')]);
});

test('a package one folder owns is reported elsewhere', async () => {
  expect(
    await lint('src/diagnosis/layer-probe.ts', "export * as client from 'openid-client';\n"),
  ).toEqual([expect.stringContaining('only the flow runner (src/flow/) uses it')]);
  expect(
    await lint(
      'src/harness/layer-probe.ts',
      "export const load = () => import('oidc-provider');\n",
    ),
  ).toEqual([expect.stringContaining('only the emulator (mock-idp/) uses it')]);
});

test('legal imports pass: downwards, within a layer, and anything from tests', async () => {
  expect(
    await lint(
      'src/cli/layer-probe.ts',
      "import { startEmulator } from '../../mock-idp/index.js';\nimport { redactSecrets } from '../token/redact.js';\nexport const probe = [startEmulator, redactSecrets];\n",
    ),
  ).toEqual([]);
  expect(
    await lint(
      'src/checks/layer-probe.ts',
      "import type { SpExpectation } from '../expectation.js';\nimport { redactSecrets } from '../token/redact.js';\nexport type Probe = SpExpectation;\nexport const probe = redactSecrets;\n",
    ),
  ).toEqual([]);
  expect(
    await lint(
      'src/flow/layer-probe.ts',
      "export * as client from 'openid-client';\nexport const probe = () => import('../checks/decode.js');\n",
    ),
  ).toEqual([]);
  expect(
    await lint(
      'tests/unit/layer-probe.test.ts',
      "import { register } from '../../src/cli/serve.js';\nimport { test } from '../../fixtures/index.js';\nexport const probe = [register, test];\n",
    ),
  ).toEqual([]);
});

test('every source folder has its place in a layer, so a new one cannot slip past the rule', async () => {
  const { readdir } = await import('node:fs/promises');
  const srcFolders = (await readdir(new URL('../../src', import.meta.url), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => `src/${entry.name}`);
  expect(srcFolders.length).toBeGreaterThan(10);
  for (const folder of [...srcFolders, 'src', 'mock-idp', 'mock-sp', 'real-sp', 'fixtures']) {
    const config = (await eslint.calculateConfigForFile(`${folder}/layer-probe.ts`)) as {
      rules?: Record<string, unknown>;
    };
    expect(config.rules?.['no-restricted-imports'], `${folder} has no layer`).toBeDefined();
  }
});
