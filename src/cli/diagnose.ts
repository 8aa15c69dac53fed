/**
 * `oidc-harness diagnose` (interface.md; issue item 9): explains a captured token without a
 * browser or network. Exit 0 when the token would be accepted, 1 when a diagnosis was found,
 * 2 on bad input. Heavy modules load inside the action so start-up stays fast.
 */
import type { Command } from 'commander';
import { readStdin } from './stdin.js';
import type { CommandContext } from './context.js';
import type { DiagnoseFlags } from './diagnose-options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('diagnose')
    .description("Explain why an SP rejects a token, in Okta's terms (no browser, no network)")
    .option('--token <jwt>', 'the token the SP was given')
    .option('--token-file <file>', 'read the token from FILE (- for stdin)')
    .option(
      '--har <file>',
      'a HAR file exported from a browser (Chrome, Firefox) or recorded by Playwright: diagnoses every 401/403 and authorize error in it',
    )
    .option(
      '--id-token <jwt>',
      'the ID token of the same sign-in (for thin ID token and sub checks)',
    )
    .option('--access-token <jwt>', 'the access token of the same sign-in')
    .option('--issuer <url>', 'the issuer the SP trusts (repeatable)', collect)
    .option('--audience <aud>', 'the audience the SP accepts (repeatable)', collect)
    .option('--client-id <id>', "the app's client id, for an SP checking ID tokens")
    .option('--require-claim <name>', 'a claim the SP needs (repeatable)', collect)
    .option('--require-scope <name>', 'a scope the SP requires (repeatable)', collect)
    .option('--user-claim <name>', 'the claim the SP identifies users by (email, sub, …)')
    .option('--token-use <use>', 'what the SP wants: access_token or id_token')
    .option('--nonce <nonce>', 'the nonce the relying party sent')
    .option('--clock-tolerance <seconds>', "the SP's clock tolerance (default 0)")
    .option('--sp-status <code>', "the SP's HTTP status, e.g. 401")
    .option('--www-authenticate <header>', "the SP's WWW-Authenticate header")
    .option('--sp-body <text>', "the SP's response body or log line (its error message)")
    .option('--sp-log <file>', 'a pasted SP log or response body of many lines (- for stdin)')
    .option('--userinfo <file>', 'the /userinfo response (JSON), which proves a thin ID token')
    .option(
      '--jwks <file>',
      'keys (JWKS JSON, e.g. saved from {issuer}/v1/keys) to check the signature offline',
    )
    .option('--json', 'print {"diagnoses":[…]} on stdout, nothing else')
    .addHelpText(
      'after',
      `
Exit codes: 0 the token would be accepted, 1 a diagnosis was found, 2 bad input.
Without --jwks the signature is not checked (the output says so); nothing is
fetched.

Examples:
  $ oidc-harness diagnose --token "$AT" --audience api://default \\
      --issuer https://dev-1.okta.com/oauth2/default
  $ oidc-harness diagnose --token-file id_token.txt --token-use id_token \\
      --client-id 0oa1b2c3 --require-claim email
  $ pbpaste | oidc-harness diagnose --token-file - --sp-status 401 \\
      --www-authenticate 'Bearer error="invalid_token"'
  $ oidc-harness diagnose --token "$AT" --jwks keys.json --json
  $ oidc-harness diagnose --har sign-in.har --audience api://default
  $ oidc-harness diagnose --har sign-in.har --json

With --har, the token, the SP's status and its WWW-Authenticate come from the
file; the expectation flags (--issuer, --audience, …) apply to every rejection.
Exit 0 when the HAR shows no rejection. Tokens are found in headers, form and
JSON bodies, queries and fragments. A sanitized HAR (Chrome's default export,
without Authorization and cookie headers) is read too: a rejection whose request
shows no token is tied to the tokens issued just before it. --json prints
{"diagnoses":[…],"har":{"rejections":[…],"sanitized":…}}.`,
    )
    .action(async (flags: DiagnoseFlags) => {
      if (flags.har !== undefined) {
        ctx.exitCode = await diagnoseHarFile(flags);
        return;
      }
      const { diagnoseRequest } = await import('./diagnose-options.js');
      const req = diagnoseRequest(flags, () => readStdin(stdinWhat(flags)));
      if (req.jwks && req.token) {
        const { checkSignature } = await import('../token/signature.js');
        req.input.signature = await checkSignature(
          req.token,
          req.jwks,
          req.input.expectation?.algorithms,
        );
      }
      const { diagnose } = await import('../diagnosis/engine.js');
      const diagnoses = diagnose(req.input);
      const render = await import('../reporters/diagnose-output.js');
      const signatureChecked = req.input.signature?.checked === true;
      if (flags.json) {
        process.stdout.write(render.renderJson(diagnoses));
        if (!signatureChecked && req.token) {
          process.stderr.write(
            'oidc-harness: signature not checked (no keys given: --jwks FILE)\n',
          );
        }
      } else {
        process.stdout.write(
          render.renderText(diagnoses, {
            ...(req.token ? { token: req.token } : {}),
            signatureChecked,
            comparedWithSp:
              req.input.expectation !== undefined || req.input.spResponse !== undefined,
            ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
          }),
        );
      }
      ctx.exitCode = diagnoses.length > 0 ? 1 : 0;
    });
}

/** What a `-` argument reads, for the prompt on a terminal. */
function stdinWhat(f: DiagnoseFlags): string {
  const named = Object.entries(f).find(([, v]) => v === '-');
  if (!named) return 'the input';
  const flag = `--${named[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return `${flag === '--token-file' ? 'the token' : 'the file'} (${flag} -)`;
}

/** `diagnose --har FILE`: the HAR's rejections, each diagnosed; a bad file is a UsageError. */
async function diagnoseHarFile(flags: DiagnoseFlags): Promise<number> {
  const { harRequest } = await import('./diagnose-options.js');
  const req = harRequest(flags, () => readStdin(stdinWhat(flags)));
  const { runHarDiagnose } = await import('../har/index.js');
  // An unusable HAR throws HarError (bad input): main.ts prints it and exits 2.
  const out = await runHarDiagnose({
    ...req,
    json: flags.json === true,
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  });
  process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  return out.exitCode;
}
