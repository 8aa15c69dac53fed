/**
 * `oidc-harness setup`: installs what the harness needs on this machine — a Chromium
 * (Playwright's download, else Debian's packages through apt as root or passwordless sudo),
 * and with `--real-sp` Apache with mod_auth_openidc for the project's real-SP tests.
 */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

interface SetupFlags {
  realSp?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('setup')
    .description(
      'Install a Chromium for the sign-ins (Playwright download, else apt); --real-sp also ' +
        'Apache with mod_auth_openidc for the real-SP tests',
    )
    .option('--real-sp', 'also install Apache with mod_auth_openidc (Debian packages)')
    .addHelpText(
      'after',
      [
        '',
        'Set OIDC_HARNESS_SYSTEM_INSTALL=0 to keep it from installing system packages.',
        '',
        'Examples:',
        '  npx oidc-harness setup',
        '  OIDC_HARNESS_SYSTEM_INSTALL=0 npx oidc-harness setup --real-sp',
      ].join('\n'),
    )
    .action(async (flags: SetupFlags) => {
      const { runSetup, renderSetup } = await import('../setup/index.js');
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const steps = await runSetup({ realSp: flags.realSp === true, log });
      for (const line of renderSetup(steps)) log(line);
      ctx.exitCode = steps.every((s) => s.ok) ? 0 : 1;
    });
}
