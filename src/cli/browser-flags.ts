/**
 * Browser flags checked before anything starts (`run`, `reproduce`): `--headed` needs a display,
 * and `--browser-path` must name a Chromium. Otherwise Playwright's launch fails in every worker
 * with its whole call log; here it is one line and exit 2.
 */
import { spawnSync } from 'node:child_process';
import { UsageError } from './context.js';

/** The flags this module checks. */
export interface BrowserFlags {
  headed?: boolean;
  browserPath?: string;
}

/**
 * @throws {UsageError} `--headed` on Linux with neither `DISPLAY` nor `WAYLAND_DISPLAY` set, or a
 * `--browser-path` whose `--version` does not name Chromium or Chrome.
 */
export function checkBrowserFlags(
  flags: BrowserFlags,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): void {
  if (flags.headed && platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    throw new UsageError(
      '--headed needs a display (DISPLAY and WAYLAND_DISPLAY are unset): leave it out or use xvfb-run',
    );
  }
  if (flags.browserPath) checkIsChromium(flags.browserPath);
}

/**
 * Asks the browser for its version (~0.1 s, only when the flag is given). A missing file is left
 * to the browser module, whose message lists everything it tried.
 */
function checkIsChromium(path: string): void {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return;
  const said = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0]?.trim() ?? '';
  if (!/chrom/i.test(said)) {
    const answer = said ? `its --version printed "${said.slice(0, 60)}"` : 'it printed no version';
    throw new UsageError(
      `--browser-path ${path} is not a Chromium or Chrome browser (${answer}); ` +
        'give the path of chromium, chromium-headless-shell or chrome',
    );
  }
}
