/**
 * `oidc-harness doctor`: checks a tenant (the OKTA_* variables, flags, or an in-process emulator
 * with `--emulator`) for what a new user gets wrong first, and prints what tokens an SP will
 * receive and which SP settings accept them. Exit 0 all good, 1 a problem found, 2 bad input.
 * Heavy modules load inside the action.
 */
import type { Command } from 'commander';
import { UsageError, type CommandContext } from './context.js';
import type { DoctorResult, DoctorTarget } from './doctor-checks.js';
import { fitLines, terminalWidth } from '../reporters/text.js';

interface DoctorOptions {
  domain?: string;
  clientId?: string;
  authServer?: string;
  redirectUri?: string;
  scopes?: string;
  emulator?: boolean;
  json?: boolean;
}

const DEFAULT_SCOPES = ['openid', 'profile', 'email'];

/** The target from flags over the environment; bad or missing input is a UsageError naming it. */
async function targetFrom(
  options: DoctorOptions,
  env: Record<string, string | undefined>,
): Promise<DoctorTarget> {
  const s = await import('../okta/tenant-settings.js');
  const named = (flag: string, variable: string, work: () => string) => {
    try {
      return work();
    } catch (err) {
      if (err instanceof s.OktaSettingsError)
        throw new UsageError(err.message.replace(`${variable}:`, `${flag} / ${variable}:`));
      throw err;
    }
  };
  const domain = options.domain ?? env.OKTA_DOMAIN;
  const clientId = options.clientId ?? env.OKTA_CLIENT_ID;
  if (!domain) throw new UsageError('--domain / OKTA_DOMAIN: not set (e.g. dev-123456.okta.com)');
  if (!clientId?.trim())
    throw new UsageError('--client-id / OKTA_CLIENT_ID: not set (the app’s Client ID)');
  const redirect = options.redirectUri ?? env.OKTA_REDIRECT_URI;
  const scopes = (options.scopes ?? DEFAULT_SCOPES.join(' ')).split(/[\s,]+/).filter(Boolean);
  if (scopes.length === 0) throw new UsageError('--scopes: expected scopes, e.g. "openid profile"');
  const target: DoctorTarget = {
    orgUrl: named('--domain', 'OKTA_DOMAIN', () => s.orgUrlOf(domain)),
    clientId: clientId.trim(),
    server: named('--auth-server', 'OKTA_AUTH_SERVER', () =>
      s.checkAuthServer(options.authServer ?? env.OKTA_AUTH_SERVER ?? 'default'),
    ),
    scopes,
  };
  if (redirect) {
    target.redirectUri = named('--redirect-uri', 'OKTA_REDIRECT_URI', () =>
      s.checkRedirectUri(redirect),
    );
  }
  if (env.OKTA_API_TOKEN) target.apiToken = env.OKTA_API_TOKEN;
  if (env.OKTA_CLIENT_SECRET) target.clientSecret = env.OKTA_CLIENT_SECRET;
  if (env.OKTA_TOTP_SECRET) target.totpSecret = env.OKTA_TOTP_SECRET;
  return target;
}

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

/** The human-readable report. */
export function renderDoctor(result: DoctorResult, width = terminalWidth(process.stdout)): string {
  const t = result.target;
  const lines = [`oidc-harness doctor — ${t.orgUrl}, server ${t.server}, client ${t.clientId}`, ''];
  for (const c of result.checks) {
    lines.push(`${MARK[c.status]} ${c.title}`);
    lines.push(`    ${c.evidence}`);
    if (c.fix && c.status !== 'pass') lines.push(`    fix: ${c.fix}`);
  }
  if (result.receive) {
    const { id_token: id, access_token: at } = result.receive;
    lines.push('', 'What an SP will receive');
    lines.push(
      `  ID token      iss ${id.issuer}  aud ${id.audience}  use ${id.tokenUse}  user ${id.userClaim}`,
    );
    lines.push(`                ${id.note}`);
    lines.push(
      `  access token  iss ${at.issuer}  aud ${at.audience}  use ${at.tokenUse}  user ${at.userClaim}`,
    );
    lines.push(`                ${at.note}`);
    lines.push('', 'SP settings that accept them');
    for (const s of result.spSettings) lines.push(`  ${s}`);
  }
  lines.push('', result.ok ? 'No problem found.' : 'Problems found: see ✗ above.', '');
  return fitLines(lines.join('\n'), width);
}

async function doctor(options: DoctorOptions, ctx: CommandContext): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  let env: Record<string, string | undefined> = process.env;
  if (options.emulator) {
    if (options.domain || options.clientId)
      throw new UsageError(
        '--emulator: not with --domain or --client-id (the emulator names them)',
      );
    const { startEmulator } = await import('../../mock-idp/index.js');
    const emulator = await startEmulator();
    stop = () => emulator.close();
    env = {
      OKTA_DOMAIN: emulator.url,
      OKTA_CLIENT_ID: emulator.app.clientId,
      OKTA_REDIRECT_URI: emulator.app.redirectUris[0],
      // The emulator's synthetic secret, for the client-credentials check.
      ...(emulator.app.clientSecret ? { OKTA_CLIENT_SECRET: emulator.app.clientSecret } : {}),
    };
  }
  try {
    const target = await targetFrom(options, env);
    const { runDoctor } = await import('./doctor-checks.js');
    const result = await runDoctor(target);
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : renderDoctor(result));
    ctx.exitCode = result.ok ? 0 : 1;
  } finally {
    await stop?.();
  }
}

/** Registers `doctor` on the CLI. */
export function register(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description(
      'Check an Okta tenant (or the emulator) for the usual set-up mistakes and print what tokens an SP will receive',
    )
    .option('--domain <domain>', 'the Okta org, e.g. dev-123456.okta.com (default: OKTA_DOMAIN)')
    .option('--client-id <id>', 'the app’s client id (default: OKTA_CLIENT_ID)')
    .option(
      '--auth-server <server>',
      'org, default or a custom server id (default: OKTA_AUTH_SERVER, else default)',
    )
    .option('--redirect-uri <uri>', 'the app’s sign-in redirect URI (default: OKTA_REDIRECT_URI)')
    .option('--scopes <scopes>', 'the scopes the app requests', DEFAULT_SCOPES.join(' '))
    .option('--emulator', 'check an Okta emulator started in this process')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      `
Exit codes: 0 no problem, 1 a problem found, 2 bad input.

Examples:
  $ OKTA_DOMAIN=dev-123456.okta.com OKTA_CLIENT_ID=0oa… oidc-harness doctor
  $ oidc-harness doctor --domain dev-123456.okta.com --client-id 0oa… \\
      --auth-server org --scopes "openid profile" \\
      --redirect-uri http://localhost:8080/authorization-code/callback
  $ oidc-harness doctor --emulator --scopes "openid orders:read" \\
      --auth-server org --json`,
    )
    .action(async (options: DoctorOptions) => {
      await doctor(options, ctx);
    });
}
