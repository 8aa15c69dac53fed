// Part of `npm run build`, after tsc: writes what is generated from the schemas in src/, so no test
// and no hand keeps them in step.
// - dist/src/case/case-validator.cjs and dist/src/emulator/emulator-config-validator.cjs: the
//   compiled validators of the case schema and of the emulator configuration schema, next to the
//   modules that load them, so no process pays ajv's compile at start-up
//   (src/input/compiled-schema.ts).
// - schema/case.schema.json: the published case schema (editors and the YAML language server read
//   it); tests/unit/case-schema.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';

const dist = new URL('../dist/src/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);

const { standaloneSource } = await load('input/compiled-schema.js');
const { caseSchema } = await load('case/schema.js');
const { STANDALONE_VALIDATOR_FILE } = await load('case/validator-build.js');
const { emulatorConfigSchema } = await load('emulator/config-schema.js');
const { EMULATOR_VALIDATOR_FILE } = await load('emulator/validate.js');

writeFileSync(
  new URL(`case/${STANDALONE_VALIDATOR_FILE}`, dist),
  standaloneSource(caseSchema, 'src/case/schema.ts'),
);
writeFileSync(
  new URL(`emulator/${EMULATOR_VALIDATOR_FILE}`, dist),
  standaloneSource(emulatorConfigSchema, 'src/emulator/config-schema.ts'),
);
writeFileSync(
  new URL('../schema/case.schema.json', import.meta.url),
  `${JSON.stringify(caseSchema, null, 2)}\n`,
);
