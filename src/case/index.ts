/**
 * Case files: the schema, the loader, symbol resolution and the emulator mapping.
 */
export type * from './types.js';
export {
  CaseFileError,
  formatProblem,
  loadCaseFile,
  loadCases,
  CASE_FILE_EXTENSIONS,
} from './load.js';
export { resolveSymbols, symbolValuesFrom, SymbolResolutionError } from './resolve.js';
export {
  emulatorDeltaFor,
  emulatorStartOptionsFor,
  requiresOkta,
  responseTypeOf,
  OKTA_TAG,
} from './emulator.js';
export { caseSchema, CASE_SCHEMA_ID } from './schema.js';
export { KNOWN_SYMBOLS } from './symbols.js';
export { DEFAULT_SCOPES } from './defaults.js';
