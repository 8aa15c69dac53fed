// Part of `npm run build`, after tsc: writes the case schema's compiled validator next to
// dist/src/case/validate.js, so no process pays ajv's compile at start-up (src/case/validator-build.ts).
import { writeFileSync } from 'node:fs';

const dir = new URL('../dist/src/case/', import.meta.url);
const { standaloneValidatorSource, STANDALONE_VALIDATOR_FILE } = await import(
  new URL('validator-build.js', dir).href
);
writeFileSync(new URL(STANDALONE_VALIDATOR_FILE, dir), standaloneValidatorSource());
