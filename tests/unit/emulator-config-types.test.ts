/**
 * The emulator configuration's types and its schema say the same thing: the type-level check in
 * tests/support/emulator-config-types.ts compiles without errors, and the same check against a
 * type that drifted from the schema does not (so the check can fail).
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const CHECK = fileURLToPath(new URL('../support/emulator-config-types.ts', import.meta.url));
// Beside the real check, so its relative imports resolve the same way; never written to disk.
const DRIFTED = CHECK.replace(/\.ts$/, '-drifted.ts');

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ['node'],
};

/** Type errors per file, checking the real file and `drifted` (the check with one edit). */
function typeErrors(drifted: string): Map<string, string[]> {
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === DRIFTED || fileExists.call(host, file);
  host.readFile = (file) => (file === DRIFTED ? drifted : readFile.call(host, file));
  host.getSourceFile = (file, language, ...rest) =>
    file === DRIFTED
      ? ts.createSourceFile(file, drifted, language)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram([CHECK, DRIFTED], OPTIONS, host);
  const errors = new Map<string, string[]>([
    [CHECK, []],
    [DRIFTED, []],
  ]);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? '';
    errors.get(file)?.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  return errors;
}

test('the configuration types are exactly what the schema describes, and a drift fails', () => {
  const source = readFileSync(CHECK, 'utf8');
  // The drift: the types lose a field the schema still has.
  const drifted = source.replace(
    'Equal<Types.UserConfig,',
    "Equal<Omit<Types.UserConfig, 'pushOnly'>,",
  );
  expect(drifted).not.toBe(source);
  const errors = typeErrors(drifted);
  expect(errors.get(CHECK)).toEqual([]);
  expect(errors.get(DRIFTED)).toEqual([
    expect.stringContaining("Type 'false' does not satisfy the constraint 'true'"),
  ]);
});
