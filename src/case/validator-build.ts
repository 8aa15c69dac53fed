/**
 * The case schema's validator as standalone code, written at build time
 * (`scripts/build-schemas.js` → `dist/src/case/case-validator.cjs`) and loaded by `validate.ts`;
 * the mechanism and why it exists are in `src/input/compiled-schema.ts`.
 */
import type { ValidateFunction } from 'ajv';
import { compileSchema, loadStandalone, standaloneSource } from '../input/compiled-schema.js';
import { caseSchema } from './schema.js';

/** The compiled file's name, next to `validate.js` in dist/. */
export const STANDALONE_VALIDATOR_FILE = 'case-validator.cjs';

/** Compiles the case schema in this process (the path taken without a matching standalone file). */
export function compileValidator(): ValidateFunction {
  return compileSchema(caseSchema);
}

/** The case schema's standalone validator, as CommonJS source. */
export function standaloneValidatorSource(): string {
  return standaloneSource(caseSchema, 'src/case/schema.ts');
}

/** The case validator from a standalone file, or undefined when it is missing or stale. */
export function loadStandaloneValidator(file: string): ValidateFunction | undefined {
  return loadStandalone(file, caseSchema);
}
