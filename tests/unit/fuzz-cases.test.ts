/**
 * Case files generated from the catalogue's own: a field replaced by a value of the wrong type,
 * huge or unicode, a key removed or added, alias bombs and raw text cut or spliced. Loading one
 * either works or is a CaseFileError (exit 2) of short lines naming the file — never a throw of
 * anything else, never a stack trace, and quickly.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CaseFileError, loadCaseFile } from '../../src/case/load.js';
import { ROOT, runBin } from '../support/run-node.js';
import { STACK_FRAME, check, runs } from '../support/fuzz.js';

const CASES = join(ROOT, 'cases');
const REAL = readdirSync(CASES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(CASES, f), 'utf8'));

// A longer search (FUZZ_RUNS) has no per-test time limit; the default runs take seconds.
if (process.env.FUZZ_RUNS) test.setTimeout(0);

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oidc-harness-fuzz-cases-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Values no field expects, or expects in a shape that is too big, odd or foreign. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => '€𝄞'.repeat(n)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('${idp.issuer}', '${', '${nope}', '*', '&a', 'http://', '~'),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
);

type Json = Record<string, unknown>;

/** Every path to a value in a parsed case. */
function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

type Mutation =
  | { kind: 'set'; path: number; value: unknown }
  | { kind: 'delete'; path: number }
  | { kind: 'add'; path: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    path: fc.nat(),
    key: fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.nat(200_000).map((n) => 'k'.repeat(n + 1)),
    ),
    value: oddValue,
  }),
);

function mutate(doc: Json, m: Mutation): unknown {
  const paths = pathsOf(doc);
  const path = paths[m.path % paths.length]!;
  if (path.length === 0) return m.kind === 'set' ? m.value : doc;
  let parent: Record<string | number, unknown> = doc;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (m.kind === 'set') parent[last] = m.value;
  else if (m.kind === 'delete') delete parent[last];
  else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      (target as Json)[m.key] = m.value;
  }
  return doc;
}

function aliasBomb(levels: number, width: number): string {
  const lines = [`a0: &a0 [${Array(width).fill('x').join(', ')}]`];
  for (let i = 1; i <= levels; i++) {
    lines.push(
      `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A generated case file: its name and its text. */
const caseFile: fc.Arbitrary<{ name: string; text: string }> = fc.oneof(
  // A catalogue case with a few mutations, written as YAML or JSON.
  fc
    .record({
      base: fc.nat(REAL.length - 1),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
      json: fc.boolean(),
    })
    .map(({ base, mutations, json }) => {
      let doc = parse(REAL[base]!) as unknown;
      for (const m of mutations) doc = mutate(doc as Json, m);
      return json
        ? { name: 'mutated.json', text: JSON.stringify(doc) ?? 'null' }
        : { name: 'mutated.yaml', text: stringify(doc) };
    }),
  // Alias bombs and aliases without anchors.
  fc
    .record({ levels: fc.integer({ min: 1, max: 9 }), width: fc.integer({ min: 2, max: 9 }) })
    .map(({ levels, width }) => ({ name: 'bomb.yaml', text: aliasBomb(levels, width) })),
  fc
    .string({ minLength: 1, maxLength: 30 })
    .map((s) => ({ name: 'alias.yaml', text: `name: *${s}\n` })),
  // A catalogue file cut short or with text spliced in.
  fc
    .record({
      base: fc.nat(REAL.length - 1),
      at: fc.nat(),
      insert: fc.string({ unit: 'binary', maxLength: 20 }),
    })
    .map(({ base, at, insert }) => {
      const text = REAL[base]!;
      const cut = at % (text.length + 1);
      return { name: 'spliced.yaml', text: text.slice(0, cut) + insert + text.slice(cut) };
    }),
);

async function loadOutcome(file: string): Promise<{ ok: boolean; message: string }> {
  try {
    await loadCaseFile(file);
    return { ok: true, message: '' };
  } catch (err) {
    if (!(err instanceof CaseFileError)) throw err;
    return { ok: false, message: err.message };
  }
}

test('generated case files load or are refused in short lines naming the file', async () => {
  let n = 0;
  await check(
    'case files',
    caseFile,
    async ({ name, text }) => {
      const file = join(dir, `${n++}-${name}`);
      writeFileSync(file, text);
      const started = performance.now();
      const { ok, message } = await loadOutcome(file);
      expect(performance.now() - started).toBeLessThan(2_000);
      if (ok) return;
      expect(message).not.toMatch(STACK_FRAME);
      expect(message.length).toBeLessThan(64 * 1024);
      for (const line of message.split('\n')) {
        expect(line.startsWith(file)).toBe(true);
        // A line may list what a field accepts (every diagnosis code), never a value whole.
        expect(line.length, line.slice(0, 300)).toBeLessThan(1_500);
      }
    },
    runs(200),
    ({ name, text }) => `${name}:\n${text}`,
  );
});

test('run refuses a few generated bad case files with exit 2 and no stack trace', async () => {
  const samples = fc.sample(caseFile, { seed: 16, numRuns: 40 });
  const bad: string[] = [];
  for (const [i, { name, text }] of samples.entries()) {
    const file = join(dir, `spawned-${i}-${name}`);
    writeFileSync(file, text);
    if (!(await loadOutcome(file)).ok) bad.push(file);
    if (bad.length === 3) break;
  }
  expect(bad).toHaveLength(3);
  for (const file of bad) {
    const r = await runBin(['run', file]);
    expect(r.code, file).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stdout + r.stderr).toContain(file);
  }
});
