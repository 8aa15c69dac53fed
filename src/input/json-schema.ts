/**
 * Small builders for JSON Schema (2020-12) nodes, so the schemas of case files and of the emulator
 * configuration say each field in one line: its type, its description (editors show it) and, where
 * the loader applies one, its default. Every mapping refuses unknown keys. The builders keep the
 * literal types of what they are given, so a type can be derived from a schema built with them.
 */

/** A JSON Schema node, as a plain object. */
export type Schema = Readonly<Record<string, unknown>>;

/** No further keywords (the default for `extra`). */
type None = Record<never, never>;

/** A non-empty string. */
export const str = <const E extends Schema = None>(description: string, extra?: E) =>
  ({ type: 'string', minLength: 1, description, ...extra }) as {
    type: 'string';
    minLength: 1;
    description: string;
  } & E;

/** true or false. */
export const bool = <const E extends Schema = None>(description: string, extra?: E) =>
  ({ type: 'boolean', description, ...extra }) as { type: 'boolean'; description: string } & E;

/** A whole number. */
export const int = <const E extends Schema = None>(description: string, extra?: E) =>
  ({ type: 'integer', description, ...extra }) as { type: 'integer'; description: string } & E;

/** A list whose items follow `items`. */
export const list = <const I extends Schema, const E extends Schema = None>(
  items: I,
  description: string,
  extra?: E,
) =>
  ({ type: 'array', items, description, ...extra }) as {
    type: 'array';
    items: I;
    description: string;
  } & E;

/** A list of non-empty strings. */
export const strings = <const E extends Schema = None>(description: string, extra?: E) =>
  list({ type: 'string', minLength: 1 }, description, extra);

/** One of the given strings. */
export const choice = <const V extends readonly string[], const E extends Schema = None>(
  values: V,
  description: string,
  extra?: E,
) =>
  ({ type: 'string', enum: values, description, ...extra }) as {
    type: 'string';
    enum: V;
    description: string;
  } & E;

/** A mapping with exactly these keys (each optional unless `extra.required` names it). */
export const object = <const P extends Record<string, Schema>, const E extends Schema = None>(
  description: string,
  properties: P,
  extra?: E,
) =>
  ({ type: 'object', description, additionalProperties: false, properties, ...extra }) as {
    type: 'object';
    description: string;
    additionalProperties: false;
    properties: P;
  } & E;
