/**
 * Validated cases handed from `oidc-harness run` to the processes of its Playwright run. The
 * command has read, parsed and validated every file; the runner (listing the tests) and each
 * worker read this file instead of parsing YAML and validating again. Node's structured-clone
 * serialisation keeps the definitions exactly as loaded, `undefined` fields included.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import type { LoadedCase } from './types.js';

/** Writes the loaded cases for {@link readLoadedCases}. */
export async function writeLoadedCases(file: string, cases: LoadedCase[]): Promise<void> {
  await writeFile(file, serialize(cases), { mode: 0o600 });
}

/**
 * The cases {@link writeLoadedCases} wrote. Synchronous: a test file declares its tests while it
 * loads. The file is written by the same Node.js binary (the run spawns `process.execPath`).
 * @throws Error naming the file when it is missing or not such a list.
 */
export function readLoadedCases(file: string): LoadedCase[] {
  let value: unknown;
  try {
    value = deserialize(readFileSync(file));
  } catch (err) {
    throw new Error(`cannot read the validated cases from ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!Array.isArray(value) || !value.every((c) => typeof c?.file === 'string' && c.definition)) {
    throw new Error(`${file} does not hold validated cases`);
  }
  return value as LoadedCase[];
}
