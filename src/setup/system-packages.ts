/**
 * Installs operating-system packages the harness needs (a Chromium, Apache with mod_auth_openidc)
 * with the system's package manager — Debian/Ubuntu `apt-get`, as root or through a sudo that asks
 * no password (GitHub Actions) — and only when system installs are allowed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Set to `0` (or `false`, `no`, `off`) to keep the set-up from installing system packages. */
export const SYSTEM_INSTALL_ENV = 'OIDC_HARNESS_SYSTEM_INSTALL';

/** How system packages can be installed on this machine, or why they can't. */
export type SystemInstaller =
  { kind: 'apt'; sudo: boolean } | { kind: 'none'; reason: string; command?: string };

function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** True when the variable switches system installs off. */
export function systemInstallsDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(0|false|no|off)$/i.test(env[SYSTEM_INSTALL_ENV]?.trim() ?? '');
}

/** The apt-get command a person would type for `packages`, with sudo unless root. */
export function aptCommand(packages: readonly string[], root = isRoot()): string {
  return `${root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Finds how this machine installs system packages, honouring {@link SYSTEM_INSTALL_ENV}. */
export function systemInstaller(env: NodeJS.ProcessEnv = process.env): SystemInstaller {
  if (process.platform !== 'linux' || !commandExists('apt-get')) {
    return { kind: 'none', reason: `no apt-get on this ${process.platform} machine` };
  }
  if (systemInstallsDisabled(env)) {
    return { kind: 'none', reason: `${SYSTEM_INSTALL_ENV}=${env[SYSTEM_INSTALL_ENV]}` };
  }
  if (isRoot()) return { kind: 'apt', sudo: false };
  const sudo = commandExists('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  if (sudo && sudo.status === 0) return { kind: 'apt', sudo: true };
  return { kind: 'none', reason: 'not root, and sudo asks for a password' };
}

let aptUpdated = false;

/** Where Debian looks for a policy that keeps a newly installed service from starting. */
const POLICY_RC = '/usr/sbin/policy-rc.d';

export interface AptInstallOptions {
  /** Keep Debian from starting the packages' services (the harness starts its own servers). */
  noServiceStart?: boolean;
  /** Where progress goes (one line per step). */
  log: (line: string) => void;
}

/**
 * `apt-get update` (once per process) and `apt-get install` of `packages`.
 * @returns undefined on success, or apt's last lines of output on failure.
 */
export function aptInstall(
  installer: Extract<SystemInstaller, { kind: 'apt' }>,
  packages: readonly string[],
  options: AptInstallOptions,
): string | undefined {
  const run = (args: string[]) => {
    const argv = installer.sudo ? ['sudo', '-n', ...args] : args;
    const result = spawnSync(argv[0]!, argv.slice(1), {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status === 0) return undefined;
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-5);
    return `${argv.join(' ')} failed (exit ${result.status ?? result.signal}):\n  ${output.join('\n  ')}`;
  };
  if (!aptUpdated) {
    options.log('  apt-get update');
    const failed = run(['apt-get', 'update', '-qq']);
    if (failed) return failed;
    aptUpdated = true;
  }
  // A policy that answers 101 ("action forbidden") keeps invoke-rc.d from starting services.
  const addPolicy = options.noServiceStart === true && !existsSync(POLICY_RC);
  if (addPolicy) {
    run(['sh', '-c', `printf '#!/bin/sh\\nexit 101\\n' > ${POLICY_RC} && chmod 755 ${POLICY_RC}`]);
  }
  try {
    options.log(`  apt-get install ${packages.join(' ')}`);
    return run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
  } finally {
    if (addPolicy) run(['rm', '-f', POLICY_RC]);
  }
}
