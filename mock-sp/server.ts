/**
 * The mock SP over HTTP: a protected resource (`GET /api/me`, `GET /p/{profile}/api/me`) that
 * takes `Authorization: Bearer …` or `DPoP …`, and an RP-style callback (`POST /callback`,
 * `POST /p/{profile}/callback`) that takes a form_post `id_token`. Each profile is one SP
 * expectation, so one server plays several SPs at once. It answers as RFC 6750 says, names the
 * diagnosis codes in its JSON body, never answers 500 and keeps serving whatever it is sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SERVER_TIMEOUTS } from '../src/server-timeouts.js';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_HOST, loopbackOrigin } from '../src/net/loopback.js';
import type { CheckFailure, Presentation, TokenParts } from '../src/checks/types.js';
import { BodyTooLargeError, closeServer, readBody } from '../src/net/http.js';
import { MAX_BODY_BYTES, credentials, decoded, route, wantsHtml } from './request.js';
import type { DiagnosisCode } from '../src/diagnosis/codes.js';
import type { SpExpectation } from '../src/expectation.js';
import {
  DPOP_CHALLENGE_ALGS,
  challenge,
  describeFailures,
  diagnosisCodes,
  answerJson,
  sendHtml,
  type RejectionBody,
} from './answers.js';
import { jtiMemory } from '../src/checks/dpop-proof.js';
import { createKeyCache, type KeyInput } from './keys.js';
import { verify, type Verdict, type VerifyOptions } from './verify.js';

/** One request the SP handled, for reports: never the token itself, only its header and payload. */
export interface SpRequestRecord {
  /** ISO 8601 time the request arrived. */
  at: string;
  method: string;
  /** The path without the query. */
  path: string;
  /** The profile that judged it; absent when none matched. */
  profile?: string;
  /** How the token came; `none` when no credentials came. */
  presentation: Presentation | 'none';
  status: number;
  diagnosis: DiagnosisCode[];
  /** The signed-in user, when accepted. */
  user?: string;
  /** The token's decoded header and payload (the signature is never kept). */
  token?: TokenParts;
}

/** Options of {@link startMockSp}. */
export interface MockSpOptions {
  /** SP expectations by profile name (URL-safe); the first one also serves `/api/me` and `/callback`. */
  profiles: Record<string, SpExpectation>;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** The `realm` of the `WWW-Authenticate` challenge. Default `oidc-harness`. */
  realm?: string;
  /** Keys for every profile (in-process tests); default per profile: its jwksUri or discovery. */
  keys?: KeyInput;
  /**
   * The SP's clock in milliseconds since the epoch, for `exp`/`nbf`/`iat` checks. Default
   * `Date.now`; a case moves it forward (`token.afterIssue.advanceClockSeconds`) to play an SP
   * that receives a token later than it was issued.
   */
  now?: () => number;
}

/** A running mock SP. */
export interface MockSp {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The protected resource of a profile (default: the first). */
  resourceUrl(profile?: string): string;
  /** The RP-style form_post callback of a profile (default: the first). */
  callbackUrl(profile?: string): string;
  /** The requests handled so far, oldest first (the last {@link MAX_RECORDS}). */
  requests(): SpRequestRecord[];
  /** The `sp` object of `serve --json` (interface.md): the first profile, plus every profile. */
  serveInfo(): {
    url: string;
    expect: SpExpectation;
    profiles: Record<string, { url: string; callbackUrl: string; expect: SpExpectation }>;
  };
  close(): Promise<void>;
}

/** How many request records the SP keeps (a long `serve` must not grow without bound). */
export const MAX_RECORDS = 1000;
/** Node's 16 KB header limit would turn a long token into a bare 431; the SP must say why. */
const MAX_HEADER_BYTES = 64 * 1024;
const PROFILE_NAME = /^[A-Za-z0-9._~-]+$/;

/**
 * Starts the mock SP. Resolves once it listens (a few ms on port 0). Throws for a bad profile
 * set (no profile, or a name that cannot be part of a URL).
 */
export async function startMockSp(options: MockSpOptions): Promise<MockSp> {
  const names = Object.keys(options.profiles ?? {});
  if (names.length === 0)
    throw new TypeError('startMockSp: profiles must name at least one SP expectation');
  const bad = names.find((n) => !PROFILE_NAME.test(n));
  if (bad !== undefined) {
    throw new TypeError(
      `startMockSp: profile name "${bad}" must match ${PROFILE_NAME} (it is part of a URL)`,
    );
  }
  const first = names[0] as string;
  const realm = options.realm ?? 'oidc-harness';
  const records: SpRequestRecord[] = [];
  const record = (entry: SpRequestRecord) => {
    records.push(entry);
    if (records.length > MAX_RECORDS) records.splice(0, records.length - MAX_RECORDS);
  };
  let base = '';
  const seenProofs = jtiMemory();

  function challenges(
    expectation: SpExpectation,
    presentation: Presentation | 'none',
    params: Record<string, string>,
  ) {
    const values = [challenge('Bearer', { realm, ...params })];
    // RFC 9449 §7.1: an SP that takes DPoP says so, with the algorithms it accepts.
    if (expectation.dpop === 'required' || presentation === 'dpop') {
      values.push(challenge('DPoP', { realm, ...params, algs: DPOP_CHALLENGE_ALGS }));
    }
    return values;
  }

  function reject(
    req: IncomingMessage,
    res: ServerResponse,
    expectation: SpExpectation,
    presentation: Presentation | 'none',
    verdict: Extract<Verdict, { accepted: false }>,
  ): void {
    const description = describeFailures(verdict.failures);
    const params: Record<string, string> = {
      error: verdict.error ?? 'invalid_token',
      error_description: description,
    };
    if (verdict.status === 403 && expectation.requireScopes?.length)
      params.scope = expectation.requireScopes.join(' ');
    const headers = { 'www-authenticate': challenges(expectation, presentation, params) };
    const body: RejectionBody = {
      error: params.error,
      error_description: description,
      diagnosis: diagnosisCodes(verdict.failures),
      failures: verdict.failures,
    };
    if (wantsHtml(req)) {
      sendHtml(
        res,
        verdict.status,
        'Sign-in rejected',
        [`${body.diagnosis.join(', ')}: ${description}`],
        headers,
      );
    } else {
      answerJson(res, verdict.status, body, headers);
    }
  }

  // Each SP caches the keys it fetched, as a real SP process does.
  const keyCache = createKeyCache();

  async function judge(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    profile: string,
    token: string,
    presentation: Presentation,
    dpop: VerifyOptions['dpop'],
  ): Promise<void> {
    const expectation = options.profiles[profile] as SpExpectation;
    const verdict = await verify(token, expectation, {
      presentation,
      ...(options.now ? { now: Math.floor(options.now() / 1000) } : {}),
      keyCache,
      ...(options.keys ? { keys: options.keys } : {}),
      ...(dpop ? { dpop } : {}),
    });
    const parts = decoded(token);
    const entry: SpRequestRecord = {
      at: new Date().toISOString(),
      method: req.method ?? '',
      path,
      profile,
      presentation,
      status: verdict.accepted ? 200 : verdict.status,
      diagnosis: verdict.accepted ? [] : diagnosisCodes(verdict.failures),
      ...(verdict.accepted ? { user: verdict.user } : {}),
      ...(parts ? { token: parts } : {}),
    };
    record(entry);
    if (!verdict.accepted) return reject(req, res, expectation, presentation, verdict);
    if (presentation === 'form_post' && wantsHtml(req)) {
      return sendHtml(res, 200, `Signed in as ${verdict.user}`, [`profile: ${profile}`]);
    }
    answerJson(res, 200, { user: verdict.user, claims: verdict.claims });
  }

  async function handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    profile: string,
  ) {
    const expectation = options.profiles[profile] as SpExpectation;
    const auth = credentials(req.headers.authorization);
    if (auth.scheme === 'none' || auth.scheme === 'other') {
      // RFC 6750 §3.1: a request without (Bearer) credentials gets a challenge with no error code.
      record({
        at: new Date().toISOString(),
        method: req.method ?? '',
        path,
        profile,
        presentation: 'none',
        status: 401,
        diagnosis: [],
      });
      const description =
        auth.scheme === 'none'
          ? 'no access token: send Authorization: Bearer <token>'
          : `authorization scheme ${auth.name} is not supported: send Authorization: Bearer <token>`;
      return answerJson(
        res,
        401,
        { error_description: description, diagnosis: [], failures: [] },
        {
          'www-authenticate': challenges(expectation, 'none', {}),
        },
      );
    }
    let dpop: VerifyOptions['dpop'];
    if (auth.scheme === 'dpop') {
      const proof = req.headers.dpop;
      // RFC 9449 §4.3: exactly one DPoP header; node joins repeated ones with commas.
      if (Array.isArray(proof) || (typeof proof === 'string' && proof.includes(','))) {
        return answerJson(res, 400, {
          error: 'invalid_request',
          error_description: 'more than one DPoP proof header',
          diagnosis: [],
          failures: [],
        });
      }
      if (typeof proof === 'string' && proof.trim() !== '') {
        dpop = {
          proof: proof.trim(),
          method: req.method ?? 'GET',
          url: `http://${req.headers.host ?? base.slice(7)}${path}`,
          seen: seenProofs,
        };
      }
    }
    await judge(req, res, path, profile, auth.token, auth.scheme, dpop);
  }

  async function handleCallback(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    profile: string,
  ) {
    let body: string;
    try {
      body = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      return answerJson(res, 413, {
        error: 'invalid_request',
        error_description: `the form is over ${MAX_BODY_BYTES} bytes`,
      });
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    let fields: Record<string, unknown>;
    if (type === 'application/json') {
      try {
        const parsed: unknown = JSON.parse(body);
        fields =
          parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      } catch {
        return answerJson(res, 400, {
          error: 'invalid_request',
          error_description: 'the body is not JSON',
        });
      }
    } else {
      fields = Object.fromEntries(new URLSearchParams(body));
    }
    if (typeof fields.error === 'string') {
      // The IdP's form_post of an authorize error: the flow stopped before any token (okta-behavior.md §3).
      record({
        at: new Date().toISOString(),
        method: 'POST',
        path,
        profile,
        presentation: 'form_post',
        status: 400,
        diagnosis: [],
      });
      return answerJson(res, 400, {
        error: fields.error,
        error_description:
          typeof fields.error_description === 'string' ? fields.error_description : '',
        source: 'authorization_server',
      });
    }
    if (typeof fields.id_token !== 'string') {
      return answerJson(res, 400, {
        error: 'invalid_request',
        error_description: 'the form has no id_token field',
      });
    }
    await judge(req, res, path, profile, fields.id_token, 'form_post', undefined);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://sp.invalid').pathname;
    } catch {
      return answerJson(res, 400, {
        error: 'invalid_request',
        error_description: 'unreadable request target',
      });
    }
    const target = route(path, first);
    if (!target)
      return answerJson(res, 404, {
        error: 'not_found',
        error_description: `no such path ${path}`,
      });
    if (target.kind === 'index')
      return answerJson(res, 200, { profiles: api.serveInfo().profiles });
    const profile = target.profile;
    if (profile === undefined || !Object.hasOwn(options.profiles, profile)) {
      return answerJson(res, 404, {
        error: 'not_found',
        error_description: `no SP profile ${JSON.stringify(profile ?? '')}; profiles: ${names.join(', ')}`,
      });
    }
    const method = req.method ?? 'GET';
    if (target.kind === 'resource') {
      if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
        return answerJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD, POST' });
      }
      return handleResource(req, res, path, profile);
    }
    if (method !== 'POST')
      return answerJson(res, 405, { error: 'method_not_allowed' }, { allow: 'POST' });
    return handleCallback(req, res, path, profile);
  }

  const server = createServer(
    { ...SERVER_TIMEOUTS, maxHeaderSize: MAX_HEADER_BYTES },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        // Never a 500: whatever broke, the token was not accepted (the brief's "keeps serving").
        if (res.headersSent) return res.destroy();
        const failure: CheckFailure = {
          code: 'malformed_token',
          message: `the SP could not process the request: ${(err as Error)?.message ?? 'error'}`,
        };
        answerJson(
          res,
          401,
          {
            error: 'invalid_token',
            error_description: failure.message,
            diagnosis: ['malformed_token'],
            failures: [failure],
          },
          {
            'www-authenticate': challenge('Bearer', {
              realm,
              error: 'invalid_token',
              error_description: failure.message,
            }),
          },
        );
      });
    },
  );
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // A wildcard bind is reachable on loopback; URLs name an address a client can dial.
  const dial =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '::1'
        : address.address;
  base = loopbackOrigin(address.port, dial);
  const profilePath = (profile: string | undefined, leaf: string) => {
    const name = profile ?? first;
    if (!Object.hasOwn(options.profiles, name))
      throw new TypeError(`no SP profile "${name}"; profiles: ${names.join(', ')}`);
    return `${base}/p/${encodeURIComponent(name)}/${leaf}`;
  };

  const api: MockSp = {
    url: base,
    resourceUrl: (profile) =>
      profile === undefined ? `${base}/api/me` : profilePath(profile, 'api/me'),
    callbackUrl: (profile) =>
      profile === undefined ? `${base}/callback` : profilePath(profile, 'callback'),
    requests: () => records.map((r) => ({ ...r })),
    serveInfo: () => ({
      url: `${base}/api/me`,
      expect: options.profiles[first] as SpExpectation,
      profiles: Object.fromEntries(
        names.map((n) => [
          n,
          {
            url: profilePath(n, 'api/me'),
            callbackUrl: profilePath(n, 'callback'),
            expect: options.profiles[n] as SpExpectation,
          },
        ]),
      ),
    }),
    close: () => closeServer(server),
  };
  return api;
}
