/**
 * The suite's temp folder: every test, worker, browser and command the suite starts writes its
 * temp files below one folder of this run (TMPDIR), which goes when the run ends — so a run
 * leaves nothing behind and never reads what an earlier run left.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'oidc-harness-tests-'));
  // Traversable like /tmp: Apache started as root serves its pages as another user (www-data),
  // which must reach the document root inside a test's temp folder.
  chmodSync(dir, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
