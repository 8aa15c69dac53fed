/**
 * `oidc-harness diagnose` flags → the engine's input, in one place, so other token sources
 * (`--har`) plug in here. Bad input throws UsageError naming the flag and what was expected.
 */
import { explainingLines } from '../diagnosis/translate/index.js';
import type { DiagnoseInput } from '../diagnosis/engine.js';
import type { SpExpectation, TokenUse } from '../expectation.js';
import { isCheckFailure, isJoseHeaderSegment, parseCompactJwt } from '../checks/decode.js';
import { isJwksDocument, type JwksDocument } from '../token/signature.js';
import { InputFileError, parseInputJson, readInputText } from '../input/read-file.js';
import { UsageError } from './context.js';

/** The flags as commander parses them. */
export interface DiagnoseFlags {
  token?: string;
  tokenFile?: string;
  idToken?: string;
  accessToken?: string;
  issuer?: string[];
  audience?: string[];
  clientId?: string;
  requireClaim?: string[];
  requireScope?: string[];
  userClaim?: string;
  tokenUse?: string;
  nonce?: string;
  clockTolerance?: string;
  spStatus?: string;
  wwwAuthenticate?: string;
  spBody?: string;
  spLog?: string;
  userinfo?: string;
  jwks?: string;
  /** A HAR file exported from a browser (`diagnose --har`). */
  har?: string;
  json?: boolean;
}

/** What the action needs: the engine input and, when given, keys for the signature. */
export interface DiagnoseRequest {
  input: DiagnoseInput;
  /** The token the signature check applies to. */
  token?: string;
  jwks?: JwksDocument;
}

const TOKEN_USES: readonly TokenUse[] = ['access_token', 'id_token'];

/** Tokens, JWKS and userinfo documents are kilobytes; a megabyte is far past any real one. */
const MAX_INPUT_BYTES = 1024 * 1024;

function readText(file: string, flag: string, stdin: () => string): string {
  if (file === '-') return stdin();
  try {
    return readInputText(file, { what: `${flag} file`, maxBytes: MAX_INPUT_BYTES }).text;
  } catch (err) {
    if (err instanceof InputFileError) throw new UsageError(`${flag} ${err.message}`);
    throw err;
  }
}

function readJson(file: string, flag: string, stdin: () => string): unknown {
  const text = readText(file, flag, stdin);
  try {
    return parseInputJson(text, file === '-' ? 'stdin' : file, `${flag} document`);
  } catch (err) {
    if (err instanceof InputFileError) throw new UsageError(`${flag} ${err.message}`);
    throw err;
  }
}

/** A token as pasted: surrounding whitespace, quotes or an `Authorization: Bearer` prefix removed. */
function cleanToken(raw: string): string {
  return raw
    .trim()
    .replace(/^authorization:\s*/i, '')
    .replace(/^(bearer|dpop)\s+/i, '')
    .replace(/^["']|["']$/g, '')
    .trim();
}

function checkedToken(raw: string, flag: string): string {
  const token = cleanToken(raw);
  const parsed = parseCompactJwt(token);
  // A JWT cut short or damaged (it starts like one) is the diagnosis `malformed_token`, not bad
  // input: a copy that lost its end or a proxy that truncated a long header is a real cause.
  if (isCheckFailure(parsed) && !isJoseHeaderSegment(token.split('.')[0] ?? '')) {
    throw new UsageError(`${flag}: not a JWT: ${parsed.message}`);
  }
  return token;
}

function list(v: string[] | undefined): string | string[] | undefined {
  if (!v || v.length === 0) return undefined;
  return v.length === 1 ? v[0] : v;
}

/** Builds the SP's expectation from the flags; undefined when no flag says anything about it. */
function expectationOf(f: DiagnoseFlags): SpExpectation | undefined {
  const e: SpExpectation = {};
  const issuer = list(f.issuer);
  const audience = list(f.audience);
  if (issuer) e.issuer = issuer;
  if (audience) e.audience = audience;
  if (f.clientId) e.clientId = f.clientId;
  if (f.requireClaim?.length) e.requireClaims = f.requireClaim;
  if (f.requireScope?.length) e.requireScopes = f.requireScope;
  if (f.userClaim) e.userClaim = f.userClaim;
  if (f.nonce) e.nonce = f.nonce;
  if (f.tokenUse !== undefined) {
    if (!(TOKEN_USES as readonly string[]).includes(f.tokenUse)) {
      throw new UsageError(`--token-use ${f.tokenUse}: expected access_token or id_token`);
    }
    e.tokenUse = f.tokenUse as TokenUse;
  }
  if (f.clockTolerance !== undefined) {
    const n = Number(f.clockTolerance);
    if (!Number.isFinite(n) || n < 0) {
      throw new UsageError(
        `--clock-tolerance ${f.clockTolerance}: expected seconds (a number ≥ 0)`,
      );
    }
    e.clockToleranceSeconds = n;
  }
  return Object.keys(e).length > 0 ? e : undefined;
}

function readUserinfo(f: DiagnoseFlags, stdin: () => string) {
  if (f.userinfo === undefined) return undefined;
  const u = readJson(f.userinfo, '--userinfo', stdin);
  if (u === null || typeof u !== 'object' || Array.isArray(u)) {
    throw new UsageError(
      `--userinfo ${f.userinfo}: expected a JSON object (the /userinfo response)`,
    );
  }
  return u as Record<string, unknown>;
}

function readJwks(f: DiagnoseFlags, stdin: () => string): JwksDocument | undefined {
  if (f.jwks === undefined) return undefined;
  const jwks = readJson(f.jwks, '--jwks', stdin);
  if (!isJwksDocument(jwks)) {
    throw new UsageError(`--jwks ${f.jwks}: expected a JSON Web Key Set ({"keys":[…]})`);
  }
  return jwks;
}

/** What `diagnose --har FILE` needs besides the file: the expectation, userinfo and keys. */
export interface HarRequest {
  file: string;
  expectation?: SpExpectation;
  userinfo?: Record<string, unknown>;
  jwks?: JwksDocument;
}

/** Flags that the HAR itself answers (the token, the SP's status and words). */
const NOT_WITH_HAR = [
  ['token', '--token'],
  ['tokenFile', '--token-file'],
  ['idToken', '--id-token'],
  ['accessToken', '--access-token'],
  ['spStatus', '--sp-status'],
  ['wwwAuthenticate', '--www-authenticate'],
  ['spBody', '--sp-body'],
  ['spLog', '--sp-log'],
] as const;

/** The flags of `diagnose --har FILE`; the expectation flags apply to every rejection in it. */
export function harRequest(f: DiagnoseFlags, stdin: () => string): HarRequest {
  const file = f.har as string;
  const clash = NOT_WITH_HAR.find(([key]) => f[key] !== undefined);
  if (clash) {
    throw new UsageError(
      `--har ${file} with ${clash[1]}: the HAR holds the tokens and the SP's answers; give one or the other`,
    );
  }
  const req: HarRequest = { file };
  const expectation = expectationOf(f);
  if (expectation) req.expectation = expectation;
  const userinfo = readUserinfo(f, stdin);
  if (userinfo) req.userinfo = userinfo;
  const jwks = readJwks(f, stdin);
  if (jwks) req.jwks = jwks;
  return req;
}

/**
 * A pasted log as the SP's words: the lines that explain the rejection, so the evidence quotes
 * them; the log's last lines when none does (the engine then says the reason is unexplained).
 */
function spLogBody(log: string): string {
  const lines = explainingLines(log);
  if (lines.length > 0) return lines.join('\n');
  return log.split(/\r?\n/).slice(-20).join('\n').slice(-8192);
}

/** Turns the flags into the engine's input; `stdin` reads standard input for `-`. */
export function diagnoseRequest(f: DiagnoseFlags, stdin: () => string): DiagnoseRequest {
  if (f.token !== undefined && f.tokenFile !== undefined) {
    throw new UsageError('give the token once: --token or --token-file, not both');
  }
  const input: DiagnoseInput = {};
  const req: DiagnoseRequest = { input };
  const token =
    f.token !== undefined
      ? checkedToken(f.token, '--token')
      : f.tokenFile !== undefined
        ? checkedToken(readText(f.tokenFile, '--token-file', stdin), `--token-file ${f.tokenFile}`)
        : undefined;
  const tokens: NonNullable<DiagnoseInput['tokens']> = {};
  if (f.idToken !== undefined) tokens.id_token = checkedToken(f.idToken, '--id-token');
  if (f.accessToken !== undefined)
    tokens.access_token = checkedToken(f.accessToken, '--access-token');
  if (token) {
    input.token = token;
    req.token = token;
  }
  if (Object.keys(tokens).length > 0) input.tokens = tokens;
  const expectation = expectationOf(f);
  if (expectation) input.expectation = expectation;
  if (!input.token && input.tokens) {
    // Both tokens and no --token: the one the SP wants is the one it was given.
    const use = expectation?.tokenUse;
    const presented = use && tokens[use] ? use : tokens.access_token ? 'access_token' : 'id_token';
    input.presented = presented;
    req.token = tokens[presented];
  }
  if (f.spStatus !== undefined) {
    const status = Number(f.spStatus);
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new UsageError(`--sp-status ${f.spStatus}: expected an HTTP status code (100-599)`);
    }
    input.spResponse = { status };
  }
  if (f.spBody !== undefined && f.spLog !== undefined) {
    throw new UsageError("give the SP's words once: --sp-body TEXT or --sp-log FILE, not both");
  }
  if (f.spLog === '-' && f.tokenFile === '-') {
    throw new UsageError('--sp-log - and --token-file - both read stdin; give one of them a file');
  }
  const body = f.spLog !== undefined ? spLogBody(readText(f.spLog, '--sp-log', stdin)) : f.spBody;
  if (f.wwwAuthenticate !== undefined || body !== undefined) {
    input.spResponse = { status: input.spResponse?.status ?? 401 };
    if (f.wwwAuthenticate !== undefined) input.spResponse.wwwAuthenticate = f.wwwAuthenticate;
    if (body !== undefined) input.spResponse.body = body;
  }
  const userinfo = readUserinfo(f, stdin);
  if (userinfo) input.userinfo = userinfo;
  const jwks = readJwks(f, stdin);
  if (jwks) req.jwks = jwks;
  if (!req.token && !input.spResponse) {
    throw new UsageError(
      'nothing to diagnose: give a token (--token JWT, --token-file F, - for stdin) or the SP answer (--sp-status, --www-authenticate)',
    );
  }
  return req;
}
