/**
 * The rotation check: how a real SP lives through an Okta key rotation (okta-behavior.md §1,
 * §7.8). Okta publishes the next key ahead of use and rotates four times a year; an SP that
 * cached the JWKS refuses tokens signed with a key it has not fetched yet. The check signs with
 * the next key as soon as it is published and measures how long the SP keeps refusing good
 * tokens (its JWKS cache window), and whether it fetches the keys again on an unknown `kid`.
 */
import { readJwt } from '../checks/decode.js';
import { replayToken, type SpResponse } from './replay.js';

/** What the check needs of the IdP: the emulator satisfies it. */
export interface RotatingIdp {
  mintToken(options: { server: string; kind: 'access_token' | 'id_token' }): Promise<string>;
  keySteps(steps: Array<'publishNext' | 'rotate' | 'retireOld'>, servers?: string[]): Promise<void>;
  jwksRequests(): Array<{ server: string; at: number }>;
}

/** Settings of one check. */
export interface RotateCheckOptions {
  idp: RotatingIdp;
  /** The SP's protected resource; it trusts the IdP's issuer for `server`. */
  spUrl: string;
  /** The authorization server whose keys rotate (`org`, `default`, …). */
  server: string;
  /** Which token to send as Bearer. Default `access_token`. */
  send?: 'access_token' | 'id_token';
  /** Give up when the SP still refuses new-key tokens after this long. */
  timeoutMs: number;
  /** Pause between attempts while the SP refuses. */
  intervalMs: number;
  /** Called after each refused attempt (progress for a long window). */
  onAttempt?: (elapsedMs: number, status: number) => void;
  now?: () => number;
}

/** How the SP answered, without its body (the body may quote the token). */
export interface RotateCheckAnswer {
  status: number;
  wwwAuthenticate?: string;
}

/** What the check found. */
export interface RotateCheckResult {
  spUrl: string;
  /** The SP's answer to a token signed with the current key, before the rotation. */
  baseline: RotateCheckAnswer;
  oldKid: string;
  newKid: string;
  /**
   * `refetches-on-unknown-kid`: the first new-key token was accepted. `cache-window`: refused
   * for `windowMs`, then accepted. `still-refusing`: refused until the timeout.
   * `baseline-refused`: the SP refused a current-key token: fix its configuration first.
   */
  verdict: 'refetches-on-unknown-kid' | 'cache-window' | 'still-refusing' | 'baseline-refused';
  /** From publishing the next key to the SP's first acceptance of a token signed with it. */
  windowMs?: number;
  /** New-key tokens sent (the last one accepted unless still refusing). */
  attempts: number;
  /** The SP's first refusal of a new-key token (what its users would see). */
  firstRefusal?: RotateCheckAnswer;
  /** The SP's answer to the old-key token after the rotation (the old key is still published). */
  oldTokenAfterRotation?: RotateCheckAnswer;
  /** The SP's `/v1/keys` requests: before the rotation, and during the window. */
  jwksFetches: { beforeRotation: number; duringWindow: number };
}

const answer = (r: SpResponse): RotateCheckAnswer => ({
  status: r.status,
  ...(r.wwwAuthenticate ? { wwwAuthenticate: r.wwwAuthenticate } : {}),
});
const ok = (status: number) => status >= 200 && status < 300;
const kidOf = (jwt: string) => String(readJwt(jwt)?.header.kid ?? '');

/** Runs the check; the IdP's keys are rotated (publish next → rotate → retire old). */
export async function rotateCheck(o: RotateCheckOptions): Promise<RotateCheckResult> {
  const now = o.now ?? Date.now;
  const kind = o.send ?? 'access_token';
  const present = async (jwt: string) => answer(await replayToken(o.spUrl, jwt, 'bearer'));
  const fetchesOf = (from: number, to = Infinity) =>
    o.idp.jwksRequests().filter((r) => r.server === o.server && r.at >= from && r.at <= to).length;

  // The SP's steady state: it accepts the current key (and has fetched and cached the JWKS).
  const started = now();
  const oldToken = await o.idp.mintToken({ server: o.server, kind });
  const baseline = await present(oldToken);
  const base = { spUrl: o.spUrl, baseline, oldKid: kidOf(oldToken) };
  if (!ok(baseline.status)) {
    return {
      ...base,
      newKid: '',
      verdict: 'baseline-refused',
      attempts: 0,
      jwksFetches: { beforeRotation: fetchesOf(started), duringWindow: 0 },
    };
  }

  // Sign with the next key as soon as it is published: the worst case of "published ahead".
  await o.idp.keySteps(['publishNext', 'rotate'], [o.server]);
  const published = now();
  let attempts = 0;
  let firstRefusal: RotateCheckAnswer | undefined;
  let newKid: string;
  let windowMs: number | undefined;
  for (;;) {
    const token = await o.idp.mintToken({ server: o.server, kind });
    newKid = kidOf(token);
    attempts++;
    const got = await present(token);
    if (ok(got.status)) {
      windowMs = now() - published;
      break;
    }
    firstRefusal ??= got;
    const elapsed = now() - published;
    o.onAttempt?.(elapsed, got.status);
    if (elapsed >= o.timeoutMs) break;
    await new Promise((r) => setTimeout(r, Math.min(o.intervalMs, o.timeoutMs - elapsed + 1)));
  }
  const end = now();
  const oldTokenAfterRotation = await present(oldToken);
  await o.idp.keySteps(['retireOld'], [o.server]);
  return {
    ...base,
    newKid,
    verdict:
      windowMs === undefined
        ? 'still-refusing'
        : attempts === 1
          ? 'refetches-on-unknown-kid'
          : 'cache-window',
    ...(windowMs !== undefined ? { windowMs } : {}),
    attempts,
    ...(firstRefusal ? { firstRefusal } : {}),
    oldTokenAfterRotation,
    jwksFetches: {
      beforeRotation: fetchesOf(started, published - 1),
      duringWindow: fetchesOf(published, end),
    },
  };
}
