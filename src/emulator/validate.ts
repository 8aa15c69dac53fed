/**
 * Checks an emulator configuration delta against its schema (`config-schema.ts`), with the
 * validator `npm run build` compiled to standalone code (`src/input/compiled-schema.ts`), so
 * starting the emulator never pays ajv's compile in a built install.
 */
import { fileURLToPath } from 'node:url';
import { lazyValidator } from '../input/compiled-schema.js';
import { formatPath, problemsFromAjv } from '../case/messages.js';
import { emulatorConfigSchema } from './config-schema.js';

/** The compiled file's name, next to `validate.js` in dist/. */
export const EMULATOR_VALIDATOR_FILE = 'emulator-config-validator.cjs';

const validator = lazyValidator(
  emulatorConfigSchema,
  fileURLToPath(new URL(`./${EMULATOR_VALIDATOR_FILE}`, import.meta.url)),
);

/** The first thing wrong with a configuration: the field's path and what was expected. */
export interface EmulatorConfigProblem {
  /** e.g. `servers.default.audience`, `users[0].login`; `(root)` for the whole value. */
  field: string;
  /** e.g. `expected a non-empty string (got number 42)`. */
  expected: string;
}

/**
 * The first schema problem with `delta`, or undefined when it follows the schema. Fields whose
 * value is `undefined` are skipped: a delta built in code may carry them, YAML and JSON cannot.
 */
export function emulatorConfigProblem(delta: unknown): EmulatorConfigProblem | undefined {
  const validate = validator();
  const value = withoutUndefined(delta);
  if (validate(value)) return undefined;
  const [first] = problemsFromAjv(validate.errors ?? []);
  if (!first) return { field: '(root)', expected: 'expected a valid configuration' };
  return {
    field: formatPath(first.segments) || '(root)',
    // The case messages say "must be …"; a configuration error reads "field: expected …".
    expected: first.message.replace(/^must be /, 'expected '),
  };
}

/** A copy without `undefined`-valued keys (JSON Schema has no undefined; the merge skips them). */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = withoutUndefined(v);
  }
  return out;
}
