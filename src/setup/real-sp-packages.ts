/**
 * The system packages of the real SPs the test suite starts: Apache httpd with mod_auth_openidc
 * (Debian `apache2`, `libapache2-mod-auth-openidc`). Users of the package never need them; the
 * project's own tests do, and report "not run" with the command below where they are missing.
 */
import { existsSync } from 'node:fs';
import { aptCommand, aptInstall, systemInstaller } from './system-packages.js';
import type { SetupStep } from './browser-setup.js';

/** Debian's packages of the Apache relying party and bearer API. */
export const REAL_SP_PACKAGES = ['apache2', 'libapache2-mod-auth-openidc'] as const;

/** Debian's Apache binary. */
export const APACHE_BINARY = '/usr/sbin/apache2';

/** The files whose presence means both packages are installed. */
export const REAL_SP_FILES = [
  APACHE_BINARY,
  '/usr/lib/apache2/modules/mod_auth_openidc.so',
] as const;

/** The files of {@link REAL_SP_FILES} that are missing (none: Apache can start). */
export function realSpFilesMissing(exists: (path: string) => boolean = existsSync): string[] {
  return REAL_SP_FILES.filter((path) => !exists(path));
}

/** The one line a skipped or failed Apache spec prints: what is missing and the command. */
export function apacheMissingMessage(missing: readonly string[] = realSpFilesMissing()): string {
  return (
    `Apache with mod_auth_openidc is not installed (${missing.join(', ')} missing): ` +
    `install it with \`${aptCommand(REAL_SP_PACKAGES)}\``
  );
}

/** Installs Apache with mod_auth_openidc when it is missing and system installs are allowed. */
export function ensureRealSpPackages(log: (line: string) => void): SetupStep {
  const what = 'Apache with mod_auth_openidc (the real-SP tests start it on loopback)';
  let missing = realSpFilesMissing();
  if (missing.length === 0) return { what, ok: true, detail: `${APACHE_BINARY} is installed` };
  const installer = systemInstaller();
  if (installer.kind !== 'apt') {
    return {
      what,
      ok: false,
      detail:
        `not installed, and no system install here (${installer.reason}); the specs that need ` +
        `it report "not run". Install: \`${aptCommand(REAL_SP_PACKAGES)}\``,
    };
  }
  log(
    `real SPs: installing Debian's ${REAL_SP_PACKAGES.join(' and ')} with apt-get for the ` +
      'real-SP tests (its system service is kept from starting)',
  );
  const failed = aptInstall(installer, REAL_SP_PACKAGES, { log, noServiceStart: true });
  if (failed) log(`  ${failed}`);
  missing = realSpFilesMissing();
  return missing.length === 0
    ? { what, ok: true, detail: `${APACHE_BINARY} installed` }
    : { what, ok: false, detail: apacheMissingMessage(missing) };
}
