// Runs after `npm ci` / `npm install` in a checkout of this project (the `prepare` script, after
// the build): installs a Chromium for the sign-ins and Apache with mod_auth_openidc for the
// real-SP tests, saying what it installs and why. It never fails the install: what it could not
// do it says, with the command to run. OIDC_HARNESS_SETUP=0 skips it; OIDC_HARNESS_SYSTEM_INSTALL=0
// keeps it from installing system packages.
import { resolve } from 'node:path';

const command = process.env.npm_command;
// Only the project's own install: not `npm pack`/`publish`, nor a git dependency being prepared.
const ownInstall =
  (command === 'ci' || command === 'install') &&
  resolve(process.env.INIT_CWD ?? process.cwd()) === resolve(process.cwd());
if (!ownInstall || /^(0|false|no|off)$/i.test(process.env.OIDC_HARNESS_SETUP ?? '')) {
  process.exit(0);
}

const { runSetup, renderSetup } = await import('../dist/src/setup/index.js');
const log = (line) => process.stdout.write(`oidc-harness setup: ${line}\n`);
const steps = await runSetup({ realSp: true, log });
for (const line of renderSetup(steps)) log(line);
