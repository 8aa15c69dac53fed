/**
 * Browser discovery, shared by the Playwright config, the fixtures and the CLI.
 *
 * Order: an explicit path (`--browser-path`, or `OIDC_HARNESS_BROWSER`) → the Chromium that
 * Playwright manages (`npx playwright install chromium`) → a system Chromium or Chrome.
 * The first that exists wins; an explicit path that does not exist is an error, not a fallback.
 *
 * A headless run prefers Chromium's headless shell where one is installed next to the full
 * browser (Playwright installs both; Debian packages it as `chromium-headless-shell`), as
 * Playwright itself does: it starts pages about twice as fast, and nothing a sign-in needs is
 * missing from it. A headed run never picks it (it has no window).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import type * as Playwright from 'playwright';
import { HarnessError } from './errors.js';

/** Where the browser came from, for messages and reports. */
export type BrowserSource = 'explicit' | 'playwright' | 'system';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
  /** True for Chromium's headless shell (chosen only for headless runs). */
  headlessShell: boolean;
}

/** What the browser is for: a headless run (the default) may use the headless shell. */
export interface FindBrowserOptions {
  headless?: boolean;
}

/** Environment variable naming a browser executable, like `--browser-path`. */
export const BROWSER_PATH_ENV = 'OIDC_HARNESS_BROWSER';

/** System headless shells, tried before the system browsers in a headless run (Debian's package). */
export const SYSTEM_HEADLESS_SHELL_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium-headless-shell',
];

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
export class BrowserNotFoundError extends HarnessError<'BROWSER_NOT_FOUND'> {
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
    // Loaded with require, and only when asked: an ESM import of Playwright makes Node scan its
    // 3.6 MB core bundle (~180 ms on a small machine) in the runner and in every worker.
    const { chromium } = createRequire(import.meta.url)('playwright') as typeof Playwright;
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Where Playwright's headless shell lives inside each platform's download. */
const MANAGED_HEADLESS_SHELL_PATHS = [
  ['chrome-headless-shell-linux64', 'chrome-headless-shell'],
  ['chrome-headless-shell-linux-arm64', 'chrome-headless-shell'],
  ['chrome-headless-shell-mac-arm64', 'chrome-headless-shell'],
  ['chrome-headless-shell-mac-x64', 'chrome-headless-shell'],
  ['chrome-headless-shell-win64', 'chrome-headless-shell.exe'],
];

/**
 * The headless shells Playwright would install beside its Chromium: `<cache>/chromium-<rev>/…`
 * has its shell in `<cache>/chromium_headless_shell-<rev>/…`.
 */
export function managedHeadlessShellCandidates(managedChromium: string): string[] {
  const parts = managedChromium.split(sep);
  const at = parts.findIndex((part) => /^chromium-\d+$/.test(part));
  if (at < 0) return [];
  const root = parts.slice(0, at).join(sep) || sep;
  const dir = join(root, `chromium_headless_shell-${parts[at]!.slice('chromium-'.length)}`);
  return MANAGED_HEADLESS_SHELL_PATHS.map((rest) => join(dir, ...rest));
}

/**
 * Finds a Chromium to launch. `explicit` (a CLI flag) takes precedence over the environment.
 * @throws BrowserNotFoundError when nothing usable exists.
 */
export function findBrowser(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
  options: FindBrowserOptions = {},
  managed: string | undefined = playwrightManagedPath(),
): FoundBrowser {
  const headless = options.headless ?? true;
  const tried: string[] = [];
  const wanted = explicit ?? env[BROWSER_PATH_ENV];
  if (wanted) {
    if (exists(wanted)) {
      return {
        executablePath: wanted,
        source: 'explicit',
        headlessShell: /headless[-_]shell/.test(wanted),
      };
    }
    throw new BrowserNotFoundError([
      `${explicit ? '--browser-path' : BROWSER_PATH_ENV}=${wanted} (does not exist)`,
    ]);
  }
  if (managed) {
    const shell = headless
      ? managedHeadlessShellCandidates(managed).find((path) => exists(path))
      : undefined;
    if (shell) return { executablePath: shell, source: 'playwright', headlessShell: true };
    if (exists(managed)) {
      return { executablePath: managed, source: 'playwright', headlessShell: false };
    }
    tried.push(`Playwright-managed Chromium at ${managed} (not installed)`);
  }
  const system = [
    ...(headless ? SYSTEM_HEADLESS_SHELL_CANDIDATES : []),
    ...SYSTEM_BROWSER_CANDIDATES,
  ];
  for (const candidate of system) {
    if (exists(candidate)) {
      return {
        executablePath: candidate,
        source: 'system',
        headlessShell: SYSTEM_HEADLESS_SHELL_CANDIDATES.includes(candidate),
      };
    }
  }
  tried.push(`system browsers: ${system.join(', ')}`);
  throw new BrowserNotFoundError(tried);
}

/** Launch options for Playwright's `chromium.launch()` and the `launchOptions` of a config. */
export function browserLaunchOptions(explicit?: string, headed = false) {
  const found = findBrowser(explicit, process.env, existsSync, { headless: !headed });
  return {
    executablePath: found.executablePath,
    headless: !headed,
    args: [...CHROMIUM_ARGS],
  };
}
