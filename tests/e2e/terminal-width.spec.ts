/**
 * The CLI's output as a user sees it at 80 and 200 columns on a real pseudo-terminal, and piped:
 * every byte is drawn by a terminal emulator (@xterm/headless), then no screen line may have been
 * wrapped by the terminal (the program wrote past the width), no word may be split (each token of
 * the unwrapped output reads whole, or breaks only at `_ . /` boundaries, or is cut with `…`), no
 * escape code may show as text, a pipe gets no escape code at all and NO_COLOR no colour code.
 */
import { test, expect } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ESC,
  hasScript,
  LEAKED_CODE,
  readsWhole,
  render,
  runInPty,
  splitAcross,
  type ScreenLine,
} from '../support/pty.js';
import { ROOT, runBin } from '../support/run-node.js';
import { signJwt } from '../support/tokens.js';

test.describe.configure({ mode: 'default' });
test.slow();

let dir = '';
let token = '';
const ISSUER = 'https://dev-123456.okta.com/oauth2/default';

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oidc-harness-width-'));
  // A case that fails: the catalogue's missing-claim case expecting to be accepted.
  const good = await readFile(join(ROOT, 'cases/missing-claim-email.yaml'), 'utf8');
  await writeFile(
    join(dir, 'wrong-expectation.yaml'),
    good
      .replace('../schema/', `${ROOT}schema/`)
      .replace(/^name: .*$/m, 'name: SP requires email, the case expects it accepted anyway')
      .replace(/^ {2}outcome: rejected$/m, '  outcome: accepted')
      .replace(/^ {2}status: 401\n/m, '')
      .replace(/^ {2}diagnosis: .*\n/m, ''),
  );
  const now = Math.floor(Date.now() / 1000);
  token = await signJwt({
    ver: 1,
    iss: ISSUER,
    aud: 'api://default',
    cid: '0oa1b2c3d4e5f6g7h8i9',
    scp: ['openid'],
    sub: 'alice@example.com',
    iat: now - 7200,
    exp: now - 3600,
  });
});

test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Words worth checking: identifiers with `_`, `.`, `/` or `:` inside, and URLs (every word a
 * table or a wrap could cut where a reader would not). */
function tokensOf(text: string): string[] {
  const found = text.match(/[A-Za-z0-9][A-Za-z0-9]*(?:(?:[_./:-]|:\/\/)[A-Za-z0-9]+)+/g) ?? [];
  return [...new Set(found)].filter((t) => t.length >= 6 && t.length <= 60);
}

/** Everything a screen must satisfy at `cols`. */
function checkScreen(what: string, lines: ScreenLine[], cols: number, reference: string): void {
  // A wrapped line is reported with the line it overflowed from.
  const overflow = lines.flatMap((l, i) => (l.wrapped ? [`${lines[i - 1]?.text}⏎${l.text}`] : []));
  expect(overflow, `${what} at ${cols}: lines the terminal had to wrap`).toEqual([]);
  const leaked = lines.filter((l) => LEAKED_CODE.test(l.text)).map((l) => l.text);
  expect(leaked, `${what} at ${cols}: escape codes drawn as text`).toEqual([]);
  // Ports and times differ from run to run: words are compared with every digit made 0.
  const zero = (t: string) => t.replace(/\d/g, '0');
  const screen = lines.map((l) => ({ ...l, text: zero(l.text) }));
  const split = tokensOf(zero(reference)).filter((t) => splitAcross(screen, t));
  expect(split, `${what} at ${cols}: words split across lines`).toEqual([]);
}

/** Runs ARGS at 80 and 200 columns on a pty and piped, and checks each screen. */
async function checkEverywhere(what: string, args: string[], known: string[] = []) {
  // The reference: the same command piped as wide as it likes, for the words it prints.
  const wide = await runBin(args, { COLUMNS: '1000' }, { noColor: false });
  const reference = wide.stdout + wide.stderr;
  expect(reference, `${what}: no escape code in a pipe`).not.toContain(ESC);
  for (const word of known) expect(reference, `${what} prints ${word}`).toContain(word);
  for (const cols of [80, 200]) {
    const ran = await runInPty(args, cols);
    expect(ran.code, `${what} at ${cols}: same exit code as piped`).toBe(wide.code);
    checkScreen(what, await render(ran.raw, cols), cols, reference);
    for (const word of known) {
      expect(readsWhole(await render(ran.raw, cols), word), `${what} at ${cols}: ${word}`).toBe(
        true,
      );
    }
  }
  const piped = await runBin(args, {}, { noColor: false });
  const text = piped.stdout + piped.stderr;
  expect(text, `${what} piped: no escape codes`).not.toContain(ESC);
  checkScreen(`${what} piped`, await render(text, 80), 80, reference);
  const noColor = await runInPty(args, 80, { NO_COLOR: '1' });
  expect(noColor.raw, `${what} with NO_COLOR: no colour codes`).not.toMatch(
    new RegExp(`${ESC}\\[[\\d;]*m`),
  );
}

test('the checks catch what the terminal showed before: a word cut in a table, a wrapped line', async () => {
  const cut = await render(
    '│ 2026-12-05T17:02:53.933Z │ user.authenticatio │ SUCCESS │\n│                          │ n.sso              │         │\n',
    80,
  );
  expect(splitAcross(cut, 'user.authentication.sso')).toBe(true);
  const atBoundary = await render('│ user.authentication. │\n│ sso                  │\n', 80);
  expect(splitAcross(atBoundary, 'user.authentication.sso')).toBe(false);
  expect((await render(`${'x'.repeat(81)}\n`, 80)).some((l) => l.wrapped)).toBe(true);
  expect(LEAKED_CODE.test((await render('out / come / 2m\n', 80))[0]!.text)).toBe(false);
  expect(LEAKED_CODE.test((await render('reason [39m\n', 80))[0]!.text)).toBe(true);
});

test.beforeEach(() => {
  test.skip(!hasScript(), 'util-linux `script` is not installed: no pseudo-terminal to test with');
});

for (const command of ['', 'run', 'reproduce', 'diagnose', 'serve', 'doctor', 'setup']) {
  test(`--help of ${command || 'the program'} fits and splits no word`, async () => {
    await checkEverywhere(`${command} --help`, [...(command ? [command] : []), '--help']);
  });
}

test('diagnose of an expired token: tables fit, codes and URLs whole', async () => {
  await checkEverywhere(
    'diagnose',
    ['diagnose', '--token', token, '--issuer', ISSUER, '--audience', 'api://other'],
    ['token_expired', 'audience_mismatch', ISSUER],
  );
});

test('doctor against the emulator fits and splits no word', async () => {
  await checkEverywhere('doctor', ['doctor', '--emulator', '--scopes', 'openid profile email']);
});

test('run of three cases, one failing, fits and splits no word', async () => {
  await checkEverywhere(
    'run',
    [
      'run',
      '--workers',
      '1',
      join(ROOT, 'cases/audience-client-id-expected.yaml'),
      join(ROOT, 'cases/okta-accepted-access-token.yaml'),
      join(dir, 'wrong-expectation.yaml'),
    ],
    ['missing_claim', 'OKTA_DOMAIN', 'OKTA_REDIRECT_URI'],
  );
});

test('reproduce of a rejected case fits and splits no word', async () => {
  await checkEverywhere(
    'reproduce',
    ['reproduce', join(ROOT, 'cases/missing-claim-email.yaml')],
    ['missing_claim', 'preferred_username'],
  );
});

test('diagnose --token-file - on a terminal says what it waits for, on stderr', async () => {
  test.skip(!hasScript(), 'util-linux `script` is not installed: no pseudo-terminal to test with');
  const args = ['diagnose', '--token-file', '-', '--issuer', ISSUER, '--audience', 'api://default'];
  const ran = await runInPty(args, 80, {}, `${token}\n\u0004`);
  expect(ran.raw).toContain('paste the token (--token-file -), then press Enter and Ctrl-D');
  expect(ran.raw).toContain('token_expired');
  expect(ran.code).toBe(1);
});
