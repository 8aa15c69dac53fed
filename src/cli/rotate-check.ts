/**
 * `oidc-harness rotate-check --sp URL --idp-port PORT`: starts the emulator on the port the real
 * SP's issuer names, proves the SP accepts a token signed with the current key, then publishes
 * the next key and signs with it at once, as an Okta rotation does at worst (okta-behavior.md
 * §1, §7.8). It reports how long the SP kept refusing good tokens (its JWKS cache window) and
 * whether it fetched the keys again on the unknown `kid`. Exit 0 when the SP accepted new-key
 * tokens within the timeout, 1 when it did not (or refused the current key), 2 on bad input.
 */
import type { Command } from 'commander';
import { isAddressInUse } from '../net/loopback.js';
import { UsageError, type CommandContext } from './context.js';
import type { RotateCheckResult } from '../harness/rotate-check.js';
import { terminalWidth, wrapText } from '../reporters/text.js';

interface RotateCheckFlags {
  sp?: string;
  idpPort?: string;
  server: string;
  send: string;
  timeout: string;
  interval: string;
  json?: boolean;
}

function positive(flag: string, value: string, unit: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) {
    throw new UsageError(`${flag}: expected a positive number of ${unit}, got "${value}"`);
  }
  return n;
}

function parseFlags(f: RotateCheckFlags) {
  if (!f.sp)
    throw new UsageError(
      '--sp: required, the SP’s protected resource, e.g. http://127.0.0.1:3000/api/me',
    );
  let url: URL;
  try {
    url = new URL(f.sp);
  } catch {
    throw new UsageError(`--sp: "${f.sp}" is not a URL (expected http:// or https://)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--sp: "${f.sp}" is not an http:// or https:// URL`);
  }
  if (f.idpPort === undefined) {
    throw new UsageError(
      '--idp-port: required, the port of the issuer the SP trusts (http://127.0.0.1:PORT/oauth2/default)',
    );
  }
  const port = Number(f.idpPort);
  if (!/^\d+$/.test(f.idpPort) || port < 1 || port > 65535) {
    throw new UsageError(`--idp-port: expected a port number 1–65535, got "${f.idpPort}"`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(f.server)) {
    throw new UsageError(`--server: expected org, default or a server id, got "${f.server}"`);
  }
  if (f.send !== 'access_token' && f.send !== 'id_token') {
    throw new UsageError(`--send: expected access_token or id_token, got "${f.send}"`);
  }
  return {
    spUrl: url.href,
    port,
    server: f.server,
    send: f.send as 'access_token' | 'id_token',
    timeoutMs: positive('--timeout', f.timeout, 'seconds') * 1000,
    intervalMs: positive('--interval', f.interval, 'milliseconds'),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The human report: one sentence per finding, wrapped to the terminal. */
export function renderRotateCheck(r: RotateCheckResult, issuer: string, width: number): string {
  const status = (a: { status: number; wwwAuthenticate?: string }) =>
    `${a.status}${a.wwwAuthenticate ? ` (${a.wwwAuthenticate})` : ''}`;
  const lines: string[] = [`Key rotation check: ${r.spUrl}`, `  issuer ${issuer}`];
  const say = (text: string) => lines.push(...wrapText(text, width, '    ', '  '));
  if (r.verdict === 'baseline-refused') {
    say(
      `The SP refused a token signed with the current key (kid ${r.oldKid}): ${status(r.baseline)}. ` +
        'Check it trusts this issuer and audience first (oidc-harness diagnose explains a token).',
    );
    return `${lines.join('\n')}\n`;
  }
  say(`current key ${r.oldKid}: accepted ${r.baseline.status}`);
  say(`next key ${r.newKid}: published and signing at once`);
  if (r.verdict === 'refetches-on-unknown-kid') {
    say(
      `accepted the first token signed with the next key (${seconds(r.windowMs!)}): the SP fetches ` +
        `the keys again on an unknown kid (${r.jwksFetches.duringWindow} JWKS request(s)).`,
    );
  } else if (r.verdict === 'cache-window') {
    say(
      `refused good tokens for ${seconds(r.windowMs!)} (${r.attempts - 1} refusal(s), first: ` +
        `${status(r.firstRefusal!)}), then accepted: its JWKS cache window. It does not fetch the ` +
        'keys again at once on an unknown kid. Okta publishes the next key well ahead; a ' +
        'rotation that signs sooner than this window after publishing gives unknown_signing_key. ' +
        'Fix: let the SP refetch on an unknown kid (a shorter JWKS cooldown or cache age).',
    );
  } else {
    say(
      `still refused good tokens when the check gave up, after ${r.attempts} attempt(s) ` +
        `(first: ${status(r.firstRefusal!)}): its keys outlive this ` +
        'check. Fix: let the SP refetch on an unknown kid, or shorten its JWKS cache.',
    );
  }
  if (r.oldTokenAfterRotation) {
    say(`old-key token after the rotation: ${status(r.oldTokenAfterRotation)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function rotateCheckCommand(flags: RotateCheckFlags, ctx: CommandContext) {
  const o = parseFlags(flags);
  const [{ startEmulator }, { rotateCheck }] = await Promise.all([
    import('../../mock-idp/index.js'),
    import('../harness/rotate-check.js'),
  ]);
  let emulator;
  try {
    emulator = await startEmulator({}, { port: o.port });
  } catch (err) {
    if (isAddressInUse(err)) {
      const { portHolder } = await import('../harness/port-holder.js');
      throw new UsageError(
        `--idp-port: port ${o.port} is already in use (held by ${portHolder(o.port) ?? 'another process'})`,
      );
    }
    throw err;
  }
  let issuer: string;
  try {
    issuer = emulator.issuer(o.server);
  } catch (err) {
    await emulator.close();
    throw new UsageError(`--server: ${(err as Error).message}`);
  }
  const progress = !flags.json && process.stderr.isTTY;
  let result: RotateCheckResult;
  try {
    result = await rotateCheck({
      idp: emulator,
      spUrl: o.spUrl,
      server: o.server,
      send: o.send,
      timeoutMs: o.timeoutMs,
      intervalMs: o.intervalMs,
      ...(progress
        ? {
            onAttempt: (ms: number, st: number) =>
              process.stderr.write(`\r  refused (${st}) for ${seconds(ms)} so far `),
          }
        : {}),
    });
  } catch (err) {
    const { ReplayError } = await import('../harness/replay.js');
    if (err instanceof ReplayError) throw new UsageError(`--sp: ${err.message}`);
    throw err;
  } finally {
    if (progress) process.stderr.write('\r\x1b[K');
    await emulator.close();
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ issuer, ...result })}\n`);
  } else {
    process.stdout.write(renderRotateCheck(result, issuer, terminalWidth(process.stdout)));
  }
  ctx.exitCode =
    result.verdict === 'refetches-on-unknown-kid' || result.verdict === 'cache-window' ? 0 : 1;
}

/** Registers `rotate-check` on the CLI. */
export function register(program: Command, ctx: CommandContext): void {
  program
    .command('rotate-check')
    .description(
      'Measure how a real SP lives through a signing key rotation: its JWKS cache window, and whether it refetches on an unknown kid',
    )
    .option('--sp <url>', 'the SP’s protected resource (it gets the token as Bearer)')
    .option('--idp-port <port>', 'the emulator’s port: the one in the issuer the SP trusts')
    .option('--server <id>', 'the authorization server whose keys rotate', 'default')
    .option('--send <token>', 'access_token or id_token', 'access_token')
    .option('--timeout <seconds>', 'give up when the SP still refuses after this long', '120')
    .option('--interval <ms>', 'pause between attempts while the SP refuses', '250')
    .option('--json', 'print one JSON object with the findings')
    .addHelpText(
      'after',
      `
Examples:
  $ oidc-harness rotate-check --sp http://127.0.0.1:3000/api/me \\
      --idp-port 18777     # the SP trusts http://127.0.0.1:18777/oauth2/default
  $ oidc-harness rotate-check --sp http://127.0.0.1:3000/api/me \\
      --idp-port 18777 --server org --send id_token --json`,
    )
    .action(async (flags: RotateCheckFlags) => {
      await rotateCheckCommand(flags, ctx);
    });
}
