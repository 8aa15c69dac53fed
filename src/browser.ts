/**
 * Browser discovery, shared by the Playwright config, the fixtures and the CLI.
 *
 * Order: an explicit path (`--browser-path`, or `OIDC_HARNESS_BROWSER`) → the Chromium that
 * Playwright manages (`npx playwright install chromium`) → a system Chromium or Chrome.
 * The first that exists wins; an explicit path that does not exist is an error, not a fallback.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

/** Where the browser came from, for messages and reports. */
export type BrowserSource = 'explicit' | 'playwright' | 'system';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
}

/** Environment variable naming a browser executable, like `--browser-path`. */
export const BROWSER_PATH_ENV = 'OIDC_HARNESS_BROWSER';

/** System browsers tried last, in order (Debian/Ubuntu, Fedora, snap, macOS, Windows). */
export const SYSTEM_BROWSER_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * Flags that keep Chromium quiet and self-contained: no sandbox (CI runs as root), and no
 * background traffic to the internet, which a closed network answers with refusals and delays.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Raised when no browser can be found; its message says what was tried and how to fix it. */
export class BrowserNotFoundError extends Error {
  readonly code = 'BROWSER_NOT_FOUND';
  constructor(readonly tried: string[]) {
    super(
      `No Chromium browser found. Tried:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
        'Fix: run `npx playwright install chromium`, install a system Chromium ' +
        '(Debian/Ubuntu: `apt-get install chromium`), or pass `--browser-path PATH` ' +
        `(or set ${BROWSER_PATH_ENV}).`,
    );
    this.name = 'BrowserNotFoundError';
  }
}

function playwrightManagedPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Finds a Chromium to launch. `explicit` (a CLI flag) takes precedence over the environment.
 * @throws BrowserNotFoundError when nothing usable exists.
 */
export function findBrowser(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): FoundBrowser {
  const tried: string[] = [];
  const wanted = explicit ?? env[BROWSER_PATH_ENV];
  if (wanted) {
    if (exists(wanted)) return { executablePath: wanted, source: 'explicit' };
    throw new BrowserNotFoundError([
      `${explicit ? '--browser-path' : BROWSER_PATH_ENV}=${wanted} (does not exist)`,
    ]);
  }
  const managed = playwrightManagedPath();
  if (managed) {
    if (exists(managed)) return { executablePath: managed, source: 'playwright' };
    tried.push(`Playwright-managed Chromium at ${managed} (not installed)`);
  }
  for (const candidate of SYSTEM_BROWSER_CANDIDATES) {
    if (exists(candidate)) return { executablePath: candidate, source: 'system' };
  }
  tried.push(`system browsers: ${SYSTEM_BROWSER_CANDIDATES.join(', ')}`);
  throw new BrowserNotFoundError(tried);
}

/** Launch options for Playwright's `chromium.launch()` and the `launchOptions` of a config. */
export function browserLaunchOptions(explicit?: string, headed = false) {
  const found = findBrowser(explicit);
  return {
    executablePath: found.executablePath,
    headless: !headed,
    args: [...CHROMIUM_ARGS],
  };
}
