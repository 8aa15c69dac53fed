/**
 * Specs that start Apache with mod_auth_openidc call {@link requireApache} first. Where Apache is
 * missing they are "not run" with the command that installs it (the closing line counts them);
 * with `CI=true` a missing Apache fails them, so CI can never skip them silently.
 */
import { test } from '@playwright/test';
import { NOT_RUN } from '../../src/reporters/summary-reporter.js';
import { apacheMissingMessage, realSpFilesMissing } from '../../src/setup/real-sp-packages.js';

/** True when Apache with mod_auth_openidc is installed. */
export function apacheInstalled(): boolean {
  return realSpFilesMissing().length === 0;
}

/**
 * Skips the current test (or the tests of the hook it is called from) as "not run" when Apache
 * is missing; throws instead when `CI` is set.
 */
export function requireApache(): void {
  const missing = realSpFilesMissing();
  if (missing.length === 0) return;
  const message = apacheMissingMessage(missing);
  if (process.env.CI) throw new Error(`CI=true needs the real-SP packages: ${message}`);
  test.skip(true, `${NOT_RUN} ${message}`);
}
