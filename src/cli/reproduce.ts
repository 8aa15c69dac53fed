/**
 * `oidc-harness reproduce CASE` (interface.md, issue item 1): one case, verbosely, in this process.
 * No test runner: Chromium is launched with Playwright's library, the emulator and the callback
 * listener are started here, and the case runs through the same ports the Playwright fixtures
 * build (`caseEnvironment` in src/harness/environment.ts). A bad case file is exit 2 before any
 * browser starts; a case that observed what it expects is exit 0, anything else exit 1.
 */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { SP_OPTION_HELP, collectSp } from './sp-urls.js';

interface ReproduceOptions {
  json?: boolean;
  report?: string;
  headed?: boolean;
  browserPath?: string;
  sp?: string[];
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('reproduce')
    .description(
      'Run one case verbosely: each step with its timing, the decoded tokens beside what the SP ' +
        'expected, the SP answer, the IdP System Log and the diagnosis with its fix',
    )
    .argument('<case>', 'a case file (YAML or JSON)')
    .option('--json', 'print {"case": …, "evidence": …} as JSON on stdout, nothing else')
    .option('--report <dir>', 'write report.json, an HTML report and JUnit XML into DIR')
    .option('--headed', 'show the browser')
    .option('--browser-path <path>', 'the Chromium to launch (default: discovered)')
    .option('--sp <name=url>', SP_OPTION_HELP, collectSp)
    .addHelpText(
      'after',
      `
Exit codes: 0 the case observed what it expects, 1 it did not (or could not
finish), 2 bad input (unreadable or invalid case file, no browser, OKTA_*
variables missing).

A case tagged okta runs against the tenant the OKTA_* variables name; any other
case against the embedded Okta emulator. Tokens are shown as header and payload
only; signatures, secrets and passwords never are.

Examples:
  $ oidc-harness reproduce cases/missing-claim-email.yaml
  $ oidc-harness reproduce cases/thin-id-token-implicit.yaml --headed
  $ oidc-harness reproduce cases/token-expired.yaml --json > evidence.json
  $ oidc-harness reproduce cases/token-expired.yaml --report out/ \\
      --browser-path /usr/bin/chromium
  $ oidc-harness reproduce cases/real-sp/passport-expired.yaml \\
      --sp passport=http://127.0.0.1:3000/api
  $ OKTA_DOMAIN=dev-123456.okta.com OKTA_CLIENT_ID=0oa… \\
    OKTA_REDIRECT_URI=http://localhost:8080/cb OKTA_USERNAME=… OKTA_PASSWORD=… \\
    oidc-harness reproduce cases/okta-missing-claim-email.yaml`,
    )
    .action(async (file: string, options: ReproduceOptions) => {
      const { reproduce } = await import('./reproduce-run.js');
      ctx.exitCode = await reproduce(file, options);
    });
}
