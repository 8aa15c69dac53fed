/**
 * Validates a parsed case against `caseSchema` (ajv, JSON Schema 2020-12, every error at once)
 * and then the cross-field rules; both report fields by path.
 */
import type { ValidateFunction } from 'ajv';
import { fileURLToPath } from 'node:url';
import { formatPath, problemsFromAjv, type RawProblem } from './messages.js';
import { limitProblems } from './limits.js';
import { crossFieldProblems } from './rules.js';
import {
  compileValidator,
  loadStandaloneValidator,
  STANDALONE_VALIDATOR_FILE,
} from './validator-build.js';

let compiled: ValidateFunction | undefined;

/**
 * The schema's validator, once per process: the one `npm run build` wrote next to this file when
 * it matches the schema (a few ms to load), else compiled here (150–500 ms).
 */
function validator(): ValidateFunction {
  compiled ??=
    loadStandaloneValidator(
      fileURLToPath(new URL(`./${STANDALONE_VALIDATOR_FILE}`, import.meta.url)),
    ) ?? compileValidator();
  return compiled;
}

/**
 * Every problem with a parsed case: schema errors, then the cross-field rules (which are written
 * to tolerate wrongly typed values) for fields the schema did not already complain about.
 */
export function validateCase(value: unknown): RawProblem[] {
  return problemsWith(validator(), value);
}

/** {@link validateCase} with a given compiled schema (tests compare the standalone one with it). */
export function problemsWith(validate: ValidateFunction, value: unknown): RawProblem[] {
  const schemaProblems = validate(value) ? [] : problemsFromAjv(validate.errors ?? []);
  const reported = new Set(schemaProblems.map((p) => formatPath(p.segments)));
  const crossField = crossFieldProblems(value as Record<string, unknown>).filter(
    (p) => !reported.has(formatPath(p.segments)),
  );
  const limits = limitProblems(value).filter((p) => !reported.has(formatPath(p.segments)));
  return [...schemaProblems, ...crossField, ...limits];
}
