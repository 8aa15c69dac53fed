/**
 * Loads case files: read, parse (YAML or JSON), validate, apply defaults. Errors name the file,
 * the line, the field and what was expected, e.g.
 * `cases/foo.yaml:12 sp.expect.audience: must be a string or an array of strings (got number)`.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { InputFileError, readInputText } from '../input/read-file.js';
import { applyDefaults } from './defaults.js';
import { formatPath } from './messages.js';
import { kindOf, parseCaseSource } from './source.js';
import type { CaseProblem, LoadedCase } from './types.js';
import { validateCase } from './validate.js';
import { HarnessError } from '../errors.js';

/** The file extensions a case file may have. */
export const CASE_FILE_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** A case is a page of YAML; a megabyte is far past any real one and still quick to refuse. */
export const MAX_CASE_FILE_BYTES = 1024 * 1024;

/** One problem as a line of text: `file:line path: message`. */
export function formatProblem(file: string, problem: CaseProblem): string {
  const where = problem.line !== undefined ? `${file}:${problem.line}` : file;
  return problem.path
    ? `${where} ${problem.path}: ${problem.message}`
    : `${where}: ${problem.message}`;
}

/** A case file (or several) that can't be used; `problems` lists everything wrong at once. */
export class CaseFileError extends HarnessError<'INVALID_CASE_FILE'> {
  override readonly name = 'CaseFileError';
  readonly code = 'INVALID_CASE_FILE';
  constructor(
    /** The file, as given; for errors from several files, the first one. */
    readonly file: string,
    /** Everything wrong, each with the field's path, line and what was expected. */
    readonly problems: Array<CaseProblem & { file?: string }>,
  ) {
    super(problems.map((p) => formatProblem(p.file ?? file, p)).join('\n'));
  }
}

/** Read, parse and validate one case file. Throws {@link CaseFileError} listing every problem. */
export async function loadCaseFile(file: string): Promise<LoadedCase> {
  let text: string;
  try {
    text = readInputText(file, { what: 'case file', maxBytes: MAX_CASE_FILE_BYTES }).text;
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    throw new CaseFileError(file, [{ path: '', message: err.reason }]);
  }
  const source = parseCaseSource(text, /\.json$/i.test(file) ? 'JSON' : 'YAML');
  if (source.problems.length > 0) throw new CaseFileError(file, source.problems);
  if (kindOf(source.value) !== 'a mapping') throw new CaseFileError(file, source.problems);
  const problems = validateCase(source.value).map((p) => ({
    path: formatPath(p.segments),
    ...lineField(source.lineOf(p.segments)),
    message: p.message,
  }));
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new CaseFileError(file, problems);
  }
  const definition = applyDefaults(source.value as Record<string, unknown>);
  return { file, id: basename(file, extname(file)), definition };
}

function lineField(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/** Case files under `dir` (not recursive), sorted by name. */
async function caseFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter(
      (e) => e.isFile() && (CASE_FILE_EXTENSIONS as readonly string[]).includes(extname(e.name)),
    )
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Load cases from files and directories (a directory gives its `*.yaml`, `*.yml` and `*.json`,
 * sorted). Every file is read and checked before anything fails, so one {@link CaseFileError}
 * lists the problems of all files; two files with the same id (file stem) are an error too.
 */
export async function loadCases(pathsOrDirs: string[]): Promise<LoadedCase[]> {
  const files: string[] = [];
  const problems: Array<CaseProblem & { file: string }> = [];
  for (const entry of pathsOrDirs) {
    const info = await stat(entry).catch(() => undefined);
    if (info?.isDirectory()) {
      const found = await caseFilesIn(entry);
      if (found.length === 0) {
        problems.push({
          file: entry,
          path: '',
          message: 'the directory has no case files (*.yaml, *.yml, *.json)',
        });
      }
      files.push(...found);
    } else {
      files.push(entry);
    }
  }
  const loaded: LoadedCase[] = [];
  for (const file of files) {
    try {
      loaded.push(await loadCaseFile(file));
    } catch (err) {
      if (!(err instanceof CaseFileError)) throw err;
      problems.push(...err.problems.map((p) => ({ ...p, file: err.file })));
    }
  }
  const seen = new Map<string, string>();
  for (const c of loaded) {
    const other = seen.get(c.id);
    if (other !== undefined && other !== c.file) {
      problems.push({
        file: c.file,
        path: '',
        message: `same case id "${c.id}" as ${other}: case ids (file names) must be unique`,
      });
    }
    seen.set(c.id, c.file);
  }
  if (problems.length > 0) throw new CaseFileError(problems[0]!.file, problems);
  // The same file named twice (a file and its directory) runs once.
  return loaded.filter((c, i) => loaded.findIndex((o) => o.file === c.file) === i);
}
