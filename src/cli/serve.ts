/**
 * `oidc-harness serve [CASE]` (interface.md): starts the Okta emulator and the mock SP on
 * loopback, set up as CASE says or as the baseline, prints their URLs and credentials (one JSON
 * line with `--json`), and runs until SIGINT/SIGTERM. Heavy modules load inside the action, so
 * `oidc-harness --help` stays fast.
 */
import type { Command } from 'commander';
import { isAddressInUse } from '../net/loopback.js';
import { UsageError, type CommandContext } from './context.js';
import type { EmulatorConfig } from '../emulator/config.js';
import type { SpExpectation } from '../expectation.js';
import { serveJsonLine, type ServeIdpInfo } from '../serve/contract.js';

interface ServeOptions {
  idpPort?: string;
  spPort?: string;
  json?: boolean;
}

function parsePort(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535)
    throw new UsageError(`${flag}: expected a port number 0–65535, got "${value}"`);
  return port;
}

/** What a CASE asks of the servers: the emulator delta and start options, the SP expectation. */
interface ServePlan {
  delta: EmulatorConfig;
  idpPort?: number;
  server: string;
  /** Resolves `${idp.…}` symbols once the emulator's URLs are known. */
  spExpectation(idp: {
    url: string;
    orgIssuer: string;
    issuers: Record<string, string>;
    app: { clientId: string };
  }): SpExpectation;
}

async function planFor(caseFile: string | undefined): Promise<ServePlan> {
  if (!caseFile) {
    return {
      delta: {},
      server: 'default',
      spExpectation: (idp) => ({
        issuer: idp.issuers.default!,
        audience: 'api://default',
        tokenUse: 'access_token',
      }),
    };
  }
  const cases = await import('../case/index.js');
  const { emulatorDeltaFor, emulatorStartOptionsFor } = await import('../case/emulator.js');
  const loaded = await cases.loadCaseFile(caseFile);
  const definition = loaded.definition;
  if (definition.idp.type !== 'emulator') {
    throw new UsageError(
      `${caseFile}: idp.type is "${definition.idp.type}"; serve starts the emulator only`,
    );
  }
  return {
    delta: emulatorDeltaFor(definition),
    ...(emulatorStartOptionsFor(definition).port !== undefined
      ? { idpPort: emulatorStartOptionsFor(definition).port }
      : {}),
    server: definition.idp.server,
    spExpectation: (idp) => {
      try {
        return cases.resolveSymbols(definition, cases.symbolValuesFrom(idp)).sp?.expect ?? {};
      } catch (err) {
        throw new UsageError(`${caseFile}: ${(err as Error).message}`);
      }
    },
  };
}

async function serve(caseFile: string | undefined, options: ServeOptions, ctx: CommandContext) {
  const idpPort = parsePort('--idp-port', options.idpPort);
  const spPort = parsePort('--sp-port', options.spPort);
  // The servers' modules load while the case file is read and checked.
  const modules = Promise.all([
    import('../../mock-idp/index.js'),
    import('../../mock-sp/index.js'),
  ]);
  modules.catch(() => {});
  const plan = await planFor(caseFile);
  const [{ startEmulator }, { startMockSp }] = await modules;

  let started;
  try {
    // `early`: the emulator's URLs, client and users are known once its port listens; requests
    // that arrive before oidc-provider has loaded wait for it (mock-idp/index.ts).
    started = await startEmulator(plan.delta, { port: idpPort ?? plan.idpPort ?? 0, early: true });
  } catch (err) {
    if (isAddressInUse(err))
      throw new UsageError(`--idp-port: port ${idpPort ?? plan.idpPort} is already in use`);
    throw err;
  }
  const idp = started.emulator;
  let sp;
  try {
    sp = await startMockSp({
      profiles: { default: plan.spExpectation(idp) },
      ...(spPort !== undefined ? { port: spPort } : {}),
    });
  } catch (err) {
    await idp.close();
    if (isAddressInUse(err)) throw new UsageError(`--sp-port: port ${spPort} is already in use`);
    throw err;
  }

  // Listening for Ctrl-C before the line is printed: a stop right after it still closes cleanly.
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  const info: ServeIdpInfo = {
    url: idp.url,
    orgIssuer: idp.orgIssuer,
    issuers: idp.issuers,
    clientId: idp.app.clientId,
    ...(idp.app.clientSecret !== undefined ? { clientSecret: idp.app.clientSecret } : {}),
    redirectUris: idp.app.redirectUris,
    apiToken: idp.apiToken,
    users: idp.users.map((u) => ({
      login: u.login,
      password: u.password ?? '',
      ...(u.totpSecret ? { totpSecret: u.totpSecret } : {}),
    })),
    ...(idp.app.applicationType === 'service' ? { applicationType: 'service' as const } : {}),
  };
  const spInfo = sp.serveInfo();
  if (options.json) {
    process.stdout.write(
      serveJsonLine({ idp: info, sp: { url: spInfo.url, expect: spInfo.expect } }),
    );
  } else {
    process.stdout.write(humanReadable(info, spInfo.url, plan.server));
  }

  const failed = await Promise.race([
    started.ready.then(
      () => stopped.then(() => undefined),
      (err: unknown) => err as Error,
    ),
    stopped.then(() => undefined),
  ]);
  stop();
  await Promise.all([idp.close(), sp.close()]);
  if (failed) {
    process.stderr.write(`oidc-harness serve: the emulator failed to start: ${failed.message}\n`);
    ctx.exitCode = 1;
    return;
  }
  if (!options.json) process.stdout.write('stopped\n');
  ctx.exitCode = 0;
}

function humanReadable(info: ServeIdpInfo, spUrl: string, server: string): string {
  const lines = [
    'Okta emulator (synthetic test credentials, safe to share)',
    `  ORG issuer        ${info.orgIssuer}`,
    ...Object.entries(info.issuers).map(
      ([id, iss]) =>
        `  issuer ${id.padEnd(10)} ${iss}${id === server ? '   (the case’s server)' : ''}`,
    ),
    ...(info.applicationType === 'service'
      ? [
          `  service app       client credentials at ${info.issuers[server] ?? info.orgIssuer}/v1/token`,
        ]
      : []),
    `  client id         ${info.clientId}`,
    ...(info.clientSecret
      ? [`  client secret     ${info.clientSecret}`]
      : ['  public client     (PKCE, no secret)']),
    `  redirect URIs     ${info.redirectUris.join(', ')}`,
    ...info.users.map(
      (u) =>
        `  user              ${u.login} / ${u.password}${u.totpSecret ? `   TOTP secret ${u.totpSecret}` : ''}`,
    ),
    `  System Log        ${info.url}/api/v1/logs   Authorization: SSWS ${info.apiToken}`,
    'Mock SP',
    `  protected resource ${spUrl}`,
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

/** Registers `serve` on the CLI. */
export function register(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .argument(
      '[CASE]',
      'a case file whose idp and sp sections set up the servers (default: the baseline)',
    )
    .description('Start the Okta emulator and the mock SP on loopback and print their URLs')
    .option(
      '--idp-port <port>',
      'port of the Okta emulator (default: a free port; pinned ports keep their signing keys across runs)',
    )
    .option('--sp-port <port>', 'port of the mock SP (default: a free port)')
    .option('--json', 'print one JSON line, {"idp":…,"sp":…}, once both servers listen')
    .addHelpText(
      'after',
      `
Examples:
  $ oidc-harness serve                   # emulator and mock SP on free ports
  $ oidc-harness serve --idp-port 18080  # a fixed issuer for a real SP
  $ oidc-harness serve cases/thin-id-token-implicit.yaml --json`,
    )
    .action(async (caseFile: string | undefined, options: ServeOptions) => {
      await serve(caseFile, options, ctx);
    });
}
