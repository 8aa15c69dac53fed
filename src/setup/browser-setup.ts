/**
 * Makes sure a Chromium is there for the harness: Playwright's own download first (what a laptop
 * and GitHub Actions get), else Debian's `chromium` and `chromium-headless-shell` through apt,
 * else one message with the command to run. Ends by launching what it found, so "ready" means a
 * browser that starts, not a file that exists.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Playwright from 'playwright';
import { CHROMIUM_ARGS, findBrowser, type FoundBrowser } from '../browser.js';
import { aptCommand, aptInstall, systemInstaller } from './system-packages.js';

/** Debian's packages: the full browser (headed runs) and the headless shell (headless runs). */
export const DEBIAN_BROWSER_PACKAGES = ['chromium', 'chromium-headless-shell'] as const;

/** The outcome of one set-up step, for the closing summary. */
export interface SetupStep {
  what: string;
  ok: boolean;
  /** What was found or installed, or what to do by hand. */
  detail: string;
}

function tryFind(): FoundBrowser | undefined {
  try {
    return findBrowser();
  } catch {
    return undefined;
  }
}

function playwrightCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('playwright/package.json')), 'cli.js');
}

/** Playwright's own download of its Chromium and headless shell (fails fast without internet). */
function playwrightDownload(log: (line: string) => void): boolean {
  if (process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD) {
    log('  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set: no download');
    return false;
  }
  log("  downloading Playwright's Chromium (npx playwright install chromium)");
  const result = spawnSync(
    process.execPath,
    [playwrightCli(), 'install', 'chromium', '--no-progress'],
    {
      encoding: 'utf8',
      timeout: 10 * 60_000,
    },
  );
  if (result.status === 0) return true;
  const why = `${result.stderr ?? ''}${result.stdout ?? ''}`
    .split('\n')
    .find((line) => /error|fail/i.test(line));
  log(`  the download failed${why ? `: ${why.trim()}` : ''}`);
  return false;
}

/** The system libraries Playwright's Chromium needs on Linux (apt, root or passwordless sudo). */
function playwrightDeps(log: (line: string) => void): void {
  if (process.platform !== 'linux') return;
  const installer = systemInstaller();
  if (installer.kind !== 'apt') return;
  log('  installing the system libraries it needs (npx playwright install-deps chromium)');
  const argv = [process.execPath, playwrightCli(), 'install-deps', 'chromium'];
  const cmd = installer.sudo ? ['sudo', '-n', ...argv] : argv;
  spawnSync(cmd[0]!, cmd.slice(1), { stdio: 'ignore', timeout: 10 * 60_000 });
}

/** Starts the browser headless and closes it: the proof that set-up worked. */
async function launches(found: FoundBrowser): Promise<string | undefined> {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright') as typeof Playwright;
    const browser = await chromium.launch({
      executablePath: found.executablePath,
      args: [...CHROMIUM_ARGS],
      timeout: 30_000,
    });
    await browser.close();
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

/**
 * Finds or installs a Chromium.
 * @param log one line per action, saying what is installed and why.
 */
export async function ensureBrowser(log: (line: string) => void): Promise<SetupStep> {
  const what = 'browser (the sign-ins run in Chromium)';
  let found = tryFind();
  if (!found?.headlessShell) {
    log(
      found
        ? `browser: ${found.executablePath} has no headless shell beside it; headless runs start pages about twice as fast with one`
        : 'browser: no Chromium found; the harness signs users in through a real browser',
    );
    if (playwrightDownload(log)) playwrightDeps(log);
    found = tryFind();
  }
  if (!found?.headlessShell) {
    const installer = systemInstaller();
    if (installer.kind === 'apt') {
      log(`  installing Debian's ${DEBIAN_BROWSER_PACKAGES.join(' and ')} with apt-get`);
      const failed = aptInstall(installer, DEBIAN_BROWSER_PACKAGES, { log });
      if (failed) log(`  ${failed}`);
      found = tryFind();
    } else if (!found) {
      return {
        what,
        ok: false,
        detail:
          `no Chromium, and no system install here (${installer.reason}). Install one: ` +
          `\`npx playwright install --with-deps chromium\`, or \`${aptCommand(DEBIAN_BROWSER_PACKAGES)}\`, ` +
          'or pass --browser-path PATH',
      };
    }
  }
  if (!found) {
    return {
      what,
      ok: false,
      detail: `no Chromium could be installed. Install one: \`${aptCommand(DEBIAN_BROWSER_PACKAGES)}\``,
    };
  }
  const failed = await launches(found);
  if (failed) {
    return {
      what,
      ok: false,
      detail: `${found.executablePath} does not start: ${failed}`,
    };
  }
  return {
    what,
    ok: true,
    detail: `${found.executablePath} (${found.source}${found.headlessShell ? ', headless shell' : ''}) starts`,
  };
}
