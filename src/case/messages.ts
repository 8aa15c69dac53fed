/**
 * Turns ajv's errors into problems that say what was expected, in words:
 * `sp.expect.audience: must be a string or an array of strings (got number)`.
 * The expectation is described from the schema itself, so the words can't drift from the rules.
 */
import type { ErrorObject } from 'ajv';
import { clip, clipQuoted } from '../input/read-file.js';
import {
  BASE32_PATTERN,
  RESPONSE_TYPE_PATTERN,
  SERVER_ID_PATTERN,
} from '../emulator/config-schema.js';
import { URL_OR_SYMBOL_PATTERN } from './schema.js';

type Schema = Record<string, unknown>;

/** Path segments from a JSON pointer (`/sp/expect/audience` → `['sp','expect','audience']`). */
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `['client','scopes',1]` → `client.scopes[1]`. */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    const s = typeof segment === 'string' ? clip(segment, 40) : segment;
    out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  }
  return out;
}

/** A value as the message's "got …" part. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return clipQuoted(value);
  if (typeof value === 'number')
    return Number.isInteger(value) ? `number ${value}` : `number ${value}`;
  return `${typeof value} ${String(value)}`;
}

/** "a string" → "strings", "a non-empty string" → "strings" (the array says non-empty). */
function plural(phrase: string): string {
  const simple = /^an? (?:non-empty )?([A-Za-z -]+)$/.exec(phrase);
  if (simple) return `${simple[1]}s`;
  return `items that are each ${phrase}`;
}

const PATTERN_WORDS: Record<string, string> = {
  [URL_OR_SYMBOL_PATTERN]: 'a URL (http:// or https://) or a ${symbol}',
  [SERVER_ID_PATTERN]: 'an id of letters, digits, _ or -',
  '^[a-z_]+$': 'an error code of lower-case letters and _ (e.g. invalid_scope)',
  [RESPONSE_TYPE_PATTERN]: 'a response type of code, id_token and token separated by spaces',
  [BASE32_PATTERN]: 'a base32 TOTP secret (letters A-Z and digits 2-7)',
};

/** What a schema accepts, in words: "a string or an array of strings", "one of: a, b". */
export function describeSchema(schema: Schema | undefined): string {
  if (!schema) return 'a valid value';
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) return branches.map(describeSchema).join(' or ');
  if (Array.isArray(schema.enum)) {
    return `one of ${(schema.enum as unknown[]).map((v) => String(v)).join(', ')}`;
  }
  const type = schema.type;
  if (Array.isArray(type)) return 'any value';
  switch (type) {
    case 'string': {
      if (typeof schema.pattern === 'string') {
        return PATTERN_WORDS[schema.pattern] ?? `a string matching ${schema.pattern}`;
      }
      if (schema.format === 'uri') return 'a URL';
      if (schema.format === 'email') return 'an email address';
      return schema.minLength ? 'a non-empty string' : 'a string';
    }
    case 'integer':
    case 'number': {
      const noun = type === 'integer' ? 'an integer' : 'a number';
      const min = schema.minimum as number | undefined;
      const max = schema.maximum as number | undefined;
      if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
      if (min !== undefined) return `${noun} of at least ${min}`;
      if (max !== undefined) return `${noun} of at most ${max}`;
      return noun;
    }
    case 'boolean':
      return 'true or false';
    case 'array': {
      const items = describeSchema(schema.items as Schema | undefined);
      const base = `an array of ${plural(items)}`;
      return schema.minItems ? `a non-empty ${base.slice(3)}` : base;
    }
    case 'object':
      return 'a mapping';
    default:
      return 'a valid value';
  }
}

/** The keys a mapping schema allows, for "unknown key" messages. */
function allowedKeys(schema: Schema | undefined): string {
  const props = Object.keys((schema?.properties as Schema | undefined) ?? {}).filter(
    (k) => k !== '$schema',
  );
  return props.join(', ');
}

/** One problem: its path segments and message (the line is added by the loader). */
export interface RawProblem {
  segments: Array<string | number>;
  message: string;
}

/**
 * ajv's errors (run with `allErrors` and `verbose`) as problems, one per field: the branch errors
 * under an `anyOf` are folded into the `anyOf`'s own message.
 */
export function problemsFromAjv(errors: readonly ErrorObject[]): RawProblem[] {
  const anyOfPaths = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.schemaPath);
  const kept = errors.filter((e) => !anyOfPaths.some((p) => e.schemaPath.startsWith(`${p}/`)));
  const out: RawProblem[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const segments = pointerSegments(e.instancePath);
    const parent = e.parentSchema as Schema | undefined;
    let problem: RawProblem;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        problem = {
          segments: [...segments, key],
          message: `unknown key ${clipQuoted(key)}; allowed here: ${allowedKeys(parent)}`,
        };
        break;
      }
      case 'required': {
        const key = (e.params as { missingProperty: string }).missingProperty;
        const propSchema = (parent?.properties as Record<string, Schema> | undefined)?.[key];
        problem = {
          segments: [...segments, key],
          message: `is required: ${describeSchema(propSchema)}`,
        };
        break;
      }
      case 'uniqueItems': {
        const { i, j } = e.params as { i: number; j: number };
        problem = {
          segments,
          message: `must not repeat an item (items ${j} and ${i} are the same)`,
        };
        break;
      }
      case 'minProperties':
        problem = { segments, message: `must not be empty: give ${allowedKeys(parent)}` };
        break;
      case 'propertyNames': {
        const name = (e.params as { propertyName?: string }).propertyName ?? '';
        problem = {
          segments: [...segments, name],
          message: 'is not a valid id: use letters, digits, _ or -',
        };
        break;
      }
      case 'pattern':
        if (e.instancePath.split('/').length > 1 && e.schemaPath.includes('propertyNames'))
          continue;
        problem = {
          segments,
          message: `must be ${describeSchema(parent)} (got ${describeValue(e.data)})`,
        };
        break;
      default:
        problem = {
          segments,
          message: `must be ${describeSchema(parent)} (got ${describeValue(e.data)})`,
        };
    }
    const key = formatPath(problem.segments);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}
