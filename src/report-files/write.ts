/**
 * `--report DIR` (interface.md): writes `report.json`, `report.html` and `junit.xml` for a run.
 * Before anything is rendered the whole input goes through the redaction (src/token/redact.ts:
 * JWT signatures, secret parameters, the given secrets), so no renderer can leak what the
 * evidence collection missed.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { reportDocument, type ReportInput } from './model.js';
import { REDACTION_MARKERS, redactDeep, redactSecrets } from '../token/redact.js';
import { HarnessError } from '../errors.js';

export type { ReportInput, ReportRun, ReportDocument, ReportCase } from './model.js';

/** Options of {@link writeReports}. */
export interface WriteReportsOptions {
  /** Values that must never appear in a report: client secret, passwords, API token. */
  secrets?: string[];
}

/** The file names written into the report directory. */
export const REPORT_FILES = {
  json: 'report.json',
  html: 'report.html',
  junit: 'junit.xml',
} as const;

/** A report that could not be written: names the directory or file and why. */
export class ReportWriteError extends HarnessError<'REPORT_WRITE_ERROR'> {
  readonly code = 'REPORT_WRITE_ERROR';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot write the report to ${path}: ${reason}`);
    this.name = 'ReportWriteError';
  }
}

/** The redaction markers are `<…>`: in HTML or XML a marker the second pass put must stay text. */
function escapeMarkers(text: string): string {
  let out = text;
  for (const m of REDACTION_MARKERS)
    out = out.split(m).join(m.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  return out;
}

/** Writes through a temporary file and a rename, so a reader never sees half a report. */
async function writeWhole(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

/** A reason a file-system call failed, in a few words a user can act on. */
function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EEXIST: 'a file of that name is in the way',
    ENOTDIR: 'a file is in the way, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
  };
  return code ? `${words[code] ?? code} (${code})` : String(err);
}

/**
 * Makes sure a report can be written into `dir` before anything runs: creates it when missing and
 * writes and removes a probe file, so a file in the way, a read-only disk or a folder without
 * write permission is found in a second rather than after the whole run.
 * @throws {ReportWriteError} naming the directory and why.
 */
export async function prepareReportDir(dir: string): Promise<string> {
  const root = resolve(dir);
  try {
    const found = await stat(root).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (found && !found.isDirectory()) {
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    }
    await mkdir(root, { recursive: true });
    const probe = join(root, `.oidc-harness-probe.${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (err) {
    throw new ReportWriteError(root, reasonOf(err));
  }
  return root;
}

/**
 * Writes `dir/report.json` (the `run --json` shape plus per-case evidence), `dir/report.html`
 * (one self-contained file) and `dir/junit.xml`. Creates `dir` when missing.
 * @returns the absolute paths written.
 * @throws {ReportWriteError} when the directory or a file cannot be written.
 */
export async function writeReports(
  dir: string,
  input: ReportInput,
  options: WriteReportsOptions = {},
): Promise<{ files: string[] }> {
  const secrets = (options.secrets ?? []).filter((s) => typeof s === 'string' && s.length > 0);
  const doc = redactDeep(reportDocument(input), secrets);
  const outputs: Array<[string, string, boolean]> = [
    [REPORT_FILES.json, `${JSON.stringify(doc, null, 2)}\n`, false],
    [REPORT_FILES.html, renderHtml(doc), true],
    [REPORT_FILES.junit, renderJunit(doc), true],
  ];
  const root = resolve(dir);
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    throw new ReportWriteError(root, reasonOf(err));
  }
  const files: string[] = [];
  for (const [name, text, markup] of outputs) {
    const path = join(root, name);
    // Rendering only adds markup around scrubbed values; a second pass costs little and keeps
    // a renderer bug (a value taken from the unscrubbed input) from ever reaching the disk.
    const scrubbed = redactSecrets(text, secrets);
    try {
      await writeWhole(path, markup ? escapeMarkers(scrubbed) : scrubbed);
    } catch (err) {
      throw new ReportWriteError(path, reasonOf(err));
    }
    files.push(path);
  }
  return { files };
}
