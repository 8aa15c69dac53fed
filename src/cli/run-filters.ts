/**
 * `run --grep` and `--shard`, checked and applied before Playwright starts: a pattern that is not
 * a regular expression, a shard past its count, or a filter no case matches is bad input (one
 * line, exit 2), never a stack trace or an empty table with exit 1.
 */
import type { LoadedCase } from '../case/types.js';
import { UsageError } from './context.js';

/**
 * The pattern as Playwright's `--grep` reads it (playwright/lib/util.js `forceRegExp`, 1.65):
 * `/source/flags`, or else the text itself, case-insensitive.
 * @throws {UsageError} naming the flag when it is not a regular expression.
 */
export function grepPattern(pattern: string): RegExp {
  try {
    const slashed = /^\/(.*)\/([gi]*)$/.exec(pattern);
    return slashed ? new RegExp(slashed[1]!, slashed[2]) : new RegExp(pattern, 'i');
  } catch (err) {
    const why = (err as Error).message.replace(/^Invalid regular expression: /, '');
    throw new UsageError(`--grep "${pattern}" is not a regular expression: ${why}`);
  }
}

/** What `--grep` is matched against: the case's name and its tags (`@okta`), as test titles are. */
export function grepTitle(loaded: LoadedCase): string {
  const tags = loaded.definition.tags.map((t) => (t.startsWith('@') ? t : `@${t}`));
  return [loaded.definition.name, ...tags].join(' ');
}

/**
 * The cases `--grep` selects.
 * @throws {UsageError} when the pattern is bad or matches no case (naming the pattern).
 */
export function selectCases(cases: LoadedCase[], pattern: string | undefined): LoadedCase[] {
  if (pattern === undefined) return cases;
  const re = grepPattern(pattern);
  const selected = cases.filter((c) => {
    re.lastIndex = 0; // a `/…/g` pattern keeps its position between calls
    return re.test(grepTitle(c));
  });
  if (selected.length === 0) {
    throw new UsageError(
      `no case matched --grep "${pattern}" (${cases.length} case${cases.length === 1 ? '' : 's'} ` +
        'tried; it is matched against case names and tags such as @okta)',
    );
  }
  return selected;
}

/**
 * Checks `--shard i/n`: both whole numbers, `1 ≤ i ≤ n`.
 * @throws {UsageError} naming the flag and what was expected.
 */
export function checkShard(shard: string | undefined): void {
  if (shard === undefined) return;
  const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(shard);
  if (!m) throw new UsageError(`--shard must look like 1/3 (got "${shard}")`);
  if (Number(m[1]) > Number(m[2])) {
    throw new UsageError(
      `--shard ${shard}: the shard number can't be past the count (1/${m[2]} to ${m[2]}/${m[2]})`,
    );
  }
}
