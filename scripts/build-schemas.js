// Part of `npm run build`, after tsc: writes what is generated from the schemas in src/, so no test
// and no hand keeps them in step.
// - dist/src/case/case-validator.cjs: the case schema's compiled validator, next to validate.js, so
//   no process pays ajv's compile at start-up (src/case/validator-build.ts).
// - schema/case.schema.json: the published case schema (editors and the YAML language server read
//   it); tests/unit/case-schema.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';

const dist = new URL('../dist/src/', import.meta.url);
const caseDir = new URL('case/', dist);
const { standaloneValidatorSource, STANDALONE_VALIDATOR_FILE } = await import(
  new URL('validator-build.js', caseDir).href
);
writeFileSync(new URL(STANDALONE_VALIDATOR_FILE, caseDir), standaloneValidatorSource());

const { caseSchema } = await import(new URL('schema.js', caseDir).href);
writeFileSync(
  new URL('../schema/case.schema.json', import.meta.url),
  `${JSON.stringify(caseSchema, null, 2)}\n`,
);
