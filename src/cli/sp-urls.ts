/**
 * `--sp NAME=URL`: the real SPs a case names with `${sp.urls.NAME}` (the suite starts its own;
 * from the command line the user points at theirs). Shared by `run` and `reproduce`.
 */
import { SP_URLS_PREFIX, symbolUses } from '../case/symbols.js';
import type { LoadedCase } from '../case/types.js';
import { UsageError } from './context.js';

/** The option's help text. */
export const SP_OPTION_HELP =
  'the URL of the real SP a case names ${sp.urls.NAME} (repeatable), e.g. --sp passport=http://127.0.0.1:3000/api';

/** Commander's collector for a repeatable `--sp`. */
export function collectSp(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `NAME=URL` pairs → a map; a malformed pair or URL is a UsageError naming it. */
export function parseSpUrls(pairs: string[] = []): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = at > 0 ? pair.slice(0, at) : '';
    const url = at > 0 ? pair.slice(at + 1) : '';
    if (!/^[A-Za-z0-9_-]+$/.test(name) || !url) {
      throw new UsageError(
        `--sp ${pair}: expected NAME=URL, e.g. --sp passport=http://127.0.0.1:3000/api`,
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--sp ${pair}: "${url}" is not a URL (expected http:// or https://)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new UsageError(`--sp ${pair}: "${url}" is not an http:// or https:// URL`);
    }
    if (urls[name] !== undefined && urls[name] !== url) {
      throw new UsageError(`--sp ${name}: given twice (${urls[name]} and ${url})`);
    }
    urls[name] = url;
  }
  return urls;
}

/** The `${sp.urls.NAME}` names a case uses, with the first field each appears in. */
export function spNamesUsed(loaded: LoadedCase): Map<string, string> {
  const names = new Map<string, string>();
  for (const { path, names: used } of symbolUses(loaded.definition)) {
    for (const name of used) {
      if (!name.startsWith(SP_URLS_PREFIX)) continue;
      const sp = name.slice(SP_URLS_PREFIX.length);
      if (!names.has(sp)) names.set(sp, path.join('.'));
    }
  }
  return names;
}

/**
 * Every `${sp.urls.NAME}` the cases use must have its `--sp NAME=URL`: otherwise a UsageError
 * naming the file, the field and the flag to add, before any browser starts.
 */
export function checkSpUrlsGiven(cases: LoadedCase[], urls: Record<string, string>): void {
  for (const loaded of cases) {
    for (const [name, field] of spNamesUsed(loaded)) {
      if (urls[name] !== undefined) continue;
      throw new UsageError(
        `${loaded.file}: ${field} uses \${${SP_URLS_PREFIX}${name}}, the URL of a real SP: ` +
          `pass --sp ${name}=URL (the suite's own real SPs run under npm test)`,
      );
    }
  }
}
