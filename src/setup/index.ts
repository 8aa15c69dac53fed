/**
 * `oidc-harness setup` and the checkout's install step: a Chromium for the sign-ins and, for the
 * project's own tests, Apache with mod_auth_openidc. Each step says what it installs and why;
 * `OIDC_HARNESS_SYSTEM_INSTALL=0` keeps it to Playwright's download and messages.
 */
import { ensureBrowser, type SetupStep } from './browser-setup.js';
import { ensureRealSpPackages } from './real-sp-packages.js';

export type { SetupStep } from './browser-setup.js';
export { SYSTEM_INSTALL_ENV } from './system-packages.js';

export interface SetupOptions {
  /** Also Apache with mod_auth_openidc, which the project's real-SP tests start. */
  realSp?: boolean;
  log: (line: string) => void;
}

/** Runs every step and returns their outcomes (it never throws for a missing package). */
export async function runSetup(options: SetupOptions): Promise<SetupStep[]> {
  const steps = [await ensureBrowser(options.log)];
  if (options.realSp) steps.push(ensureRealSpPackages(options.log));
  return steps;
}

/** The closing lines: one per step, ✓ or ✗ with what to do. */
export function renderSetup(steps: readonly SetupStep[]): string[] {
  return steps.map((s) => `${s.ok ? '✓' : '✗'} ${s.what}: ${s.detail}`);
}
