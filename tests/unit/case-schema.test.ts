import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { DIAGNOSIS_CODES } from '../../src/diagnosis/codes.js';
import { caseSchema, CASE_SCHEMA_ID } from '../../src/case/index.js';

type Schema = Record<string, unknown>;

/** Every schema under `properties` (recursively, through items, anyOf and additionalProperties). */
function* propertySchemas(schema: Schema, path = ''): Generator<[string, Schema]> {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, child] of Object.entries(props)) {
    yield [`${path}${key}`, child];
    yield* propertySchemas(child, `${path}${key}.`);
  }
  const items = schema.items as Schema | undefined;
  if (items) yield* propertySchemas(items, `${path}[].`);
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') {
    yield* propertySchemas(additional as Schema, `${path}*.`);
  }
}

test.describe('the published case schema', () => {
  test('schema/case.schema.json is exactly the schema the loader validates with', async () => {
    // `npm run build` writes the file (scripts/build-schemas.js); this test only reads it, so a
    // schema change committed without a build fails here instead of being written over.
    const published = JSON.parse(await readFile('schema/case.schema.json', 'utf8')) as unknown;
    expect(published, 'schema/case.schema.json is stale: run npm run build').toEqual(
      JSON.parse(JSON.stringify(caseSchema)),
    );
  });

  test('it has $id, title and description, and is JSON Schema 2020-12', () => {
    expect(caseSchema.$id).toBe(CASE_SCHEMA_ID);
    expect(caseSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(caseSchema.title).toBeTruthy();
    expect(caseSchema.description).toBeTruthy();
  });

  test('every property carries a description (editors show them)', () => {
    const missing = [...propertySchemas(caseSchema as unknown as Schema)]
      .filter(([, s]) => typeof s.description !== 'string' || s.description.length < 5)
      .map(([path]) => path);
    expect(missing).toEqual([]);
  });

  test('the diagnosis enum is exactly DIAGNOSIS_CODES', () => {
    const diagnosis = caseSchema.properties.expect.properties.diagnosis as { items: Schema };
    expect(diagnosis.items.enum).toEqual([...DIAGNOSIS_CODES]);
  });

  test('every mapping refuses unknown keys', () => {
    const open = [...propertySchemas(caseSchema as unknown as Schema)]
      .filter(([, s]) => s.type === 'object' && s.properties && s.additionalProperties !== false)
      .map(([path]) => path);
    expect(open).toEqual([]);
    expect(caseSchema.additionalProperties).toBe(false);
  });

  test('the interface.md names are all there', () => {
    const p = caseSchema.properties;
    expect(Object.keys(p)).toEqual(
      expect.arrayContaining([
        'name',
        'idp',
        'client',
        'sp',
        'token',
        'expect',
        'tags',
        'description',
      ]),
    );
    expect(Object.keys(p.idp.properties)).toEqual(
      expect.arrayContaining(['type', 'server', 'port', 'servers', 'user', 'app']),
    );
    expect(Object.keys(p.client.properties)).toEqual(
      expect.arrayContaining(['flow', 'scopes', 'responseType', 'dpop', 'public', 'redirectUri']),
    );
    expect(Object.keys(p.sp.properties)).toEqual(['type', 'url', 'send', 'via', 'expect']);
    expect(Object.keys(p.expect.properties)).toEqual(['outcome', 'status', 'diagnosis', 'error']);
  });
});
