/**
 * Validates a parsed case against `caseSchema` (ajv, JSON Schema 2020-12, every error at once)
 * and then the cross-field rules; both report fields by path.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { caseSchema } from './schema.js';
import { formatPath, problemsFromAjv, type RawProblem } from './messages.js';
import { crossFieldProblems } from './rules.js';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;

let compiled: ValidateFunction | undefined;

/** The compiled schema, built once per process (compiling costs a few ms). */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
    // ajv-formats is CommonJS: its plugin is the module itself or its `default`.
    const mod = ajvFormats as unknown as { default?: FormatsPlugin };
    const addFormats = (mod.default ?? mod) as FormatsPlugin;
    addFormats(ajv);
    compiled = ajv.compile(caseSchema);
  }
  return compiled;
}

/**
 * Every problem with a parsed case: schema errors, then the cross-field rules (which are written
 * to tolerate wrongly typed values) for fields the schema did not already complain about.
 */
export function validateCase(value: unknown): RawProblem[] {
  const validate = validator();
  const schemaProblems = validate(value) ? [] : problemsFromAjv(validate.errors ?? []);
  const reported = new Set(schemaProblems.map((p) => formatPath(p.segments)));
  const crossField = crossFieldProblems(value as Record<string, unknown>).filter(
    (p) => !reported.has(formatPath(p.segments)),
  );
  return [...schemaProblems, ...crossField];
}
