/**
 * Differential diagnosis (okta-behavior.md §7): when an SP that trusts the IdP rejects a token and
 * does not say why, variants of the rejected token are signed with the IdP's keys — each differs
 * from it in ONE thing (an audience, an issuer, an added claim, a fresh expiry, the `typ` header,
 * the other kind of token) — and replayed to the SP. The first variant it accepts names the cause:
 * "accepted once `aud` is `api://default`".
 *
 * Pure orchestration: replaying and minting are injected, so this runs against any SP and any IdP
 * that can sign (the emulator), and is tested with a fake SP.
 */
import { readJwt } from '../checks/decode.js';
import type { DiagnosisCode } from '../diagnosis/codes.js';
import type { Diagnosis } from '../diagnosis/types.js';
import type { TokenKind } from '../case/types.js';

/** What the SP answered a probe (the replay port's answer, reduced to what decides). */
export interface DifferentialReply {
  status: number;
}

/**
 * A token to sign. With `payload`: exactly that header and payload, signed with `server`'s keys
 * (the signer sets `kid` and `alg`). Without: a fresh token of `kind` as `server` issues it.
 */
export interface DifferentialMintRequest {
  kind: TokenKind;
  /** The authorization server whose keys sign (`org` or a custom server id). */
  server: string;
  payload?: Record<string, unknown>;
  /** Header fields besides `kid`/`alg`; a field absent here is absent from the token. */
  header?: Record<string, unknown>;
}

/** What may be tried instead of the rejected token's values. */
export interface DifferentialCandidates {
  /** Audience candidates: the client id, `api://default`, each custom server's audience, the org URL. */
  audiences: string[];
  /** Every issuer the IdP has, with the server id whose keys sign for it. */
  issuers: Array<{ issuer: string; server: string }>;
  /** Values for claims SPs commonly need, used when the token lacks them (`email`, `scp`, …). */
  claims: Record<string, unknown>;
}

/** One change tried. */
export interface DifferentialProbe {
  /** What changed, in words: "`aud` is `api://default`". */
  change: string;
  /** The claim or field changed: `aud`, `iss`, `email`, `exp`, `typ`, `token`, `signature`. */
  field: string;
  /** Its value in the rejected token (absent: the token lacked it). */
  from?: unknown;
  /** Its value in the variant (absent: removed). */
  to?: unknown;
  /** The SP's status, or absent when the probe could not be signed or sent. */
  status?: number;
  accepted: boolean;
  /** Why the probe could not run. */
  error?: string;
}

/** What {@link probeDifferential} is given. */
export interface DifferentialInput {
  /** The rejected token (compact JWS). */
  token: string;
  /** Sends a token to the SP the same way the rejected one was sent. */
  replay: (jwt: string) => Promise<DifferentialReply>;
  /** Signs a token with the IdP's keys. */
  mint: (request: DifferentialMintRequest) => Promise<string>;
  candidates: DifferentialCandidates;
  /** At most this many replays, the control included. Default 24. */
  maxProbes?: number;
  /** Stop starting probes after this long, ms. Default 15 000. */
  timeoutMs?: number;
  /** Clock, epoch ms. */
  now?: () => number;
}

/** The outcome: every probe tried, the winner if any, and the diagnosis it makes. */
export interface DifferentialResult {
  tried: DifferentialProbe[];
  winner?: DifferentialProbe;
  diagnosis?: Diagnosis;
  /** Why probing stopped. */
  stoppedBy: 'winner' | 'max_probes' | 'timeout' | 'exhausted' | 'not_a_jwt';
  /** Candidates left untried because of the bound. */
  untried: number;
  /** One line for reports. */
  note: string;
}

/** The claims SPs most often require that Okta leaves out unless asked (okta-behavior.md §7.4). */
export const COMMON_CLAIMS = [
  'email',
  'email_verified',
  'name',
  'preferred_username',
  'given_name',
  'family_name',
  'groups',
  'scp',
] as const;

/** Default bound on replays. */
export const DEFAULT_MAX_PROBES = 24;

interface Plan {
  probe: Omit<DifferentialProbe, 'status' | 'accepted'>;
  request: DifferentialMintRequest;
  code?: DiagnosisCode;
}

const show = (v: unknown) => (v === undefined ? 'absent' : `\`${JSON.stringify(v)}\``);

/** `aud` of a token as a list (it may be a string or an array). */
const audiences = (aud: unknown): unknown[] => (Array.isArray(aud) ? aud : [aud]);

/** Every single-change variant, most telling first (audience and issuer are the usual faults). */
function plan(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  candidates: DifferentialCandidates,
  nowSeconds: number,
): Plan[] {
  const { kid: _kid, alg: _alg, ...rest } = header;
  const baseHeader = rest;
  const kind: TokenKind =
    payload.cid !== undefined || payload.scp !== undefined || payload.ver === 1
      ? 'access_token'
      : payload.nonce !== undefined || payload.at_hash !== undefined || payload.amr !== undefined
        ? 'id_token'
        : 'access_token';
  const own = candidates.issuers.find((i) => i.issuer === payload.iss);
  const server = own?.server ?? candidates.issuers[0]?.server ?? 'default';
  const variant = (
    change: Record<string, unknown>,
    h: Record<string, unknown> = baseHeader,
    signer = server,
  ): DifferentialMintRequest => {
    const next = { ...payload };
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    return { kind, server: signer, payload: next, header: h };
  };
  const out: Plan[] = [];
  // The control: the same token re-signed. Accepted → the signature/key was the fault.
  out.push({
    probe: { change: 'nothing (re-signed with the current published key)', field: 'signature' },
    request: variant({}),
    code: 'unknown_signing_key',
  });
  const tokenAud = audiences(payload.aud);
  for (const aud of [...new Set(candidates.audiences)]) {
    if (tokenAud.length === 1 && tokenAud[0] === aud) continue;
    out.push({
      probe: { change: `\`aud\` is \`${aud}\``, field: 'aud', from: payload.aud, to: aud },
      request: variant({ aud }),
      code: 'audience_mismatch',
    });
  }
  for (const { issuer, server: signer } of candidates.issuers) {
    if (issuer === payload.iss) continue;
    out.push({
      probe: {
        change: `\`iss\` is \`${issuer}\` (signed with that server's keys)`,
        field: 'iss',
        from: payload.iss,
        to: issuer,
      },
      request: variant({ iss: issuer }, baseHeader, signer),
      code: 'issuer_mismatch',
    });
  }
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : undefined;
  const notYet = nbf !== undefined && nbf > nowSeconds;
  out.push({
    probe: {
      change: '`iat` is now and `exp` one hour ahead',
      field: notYet ? 'nbf' : 'exp',
      from: notYet ? nbf : exp,
      to: nowSeconds + 3600,
    },
    request: variant({
      iat: nowSeconds,
      exp: nowSeconds + 3600,
      ...(nbf !== undefined ? { nbf: nowSeconds } : {}),
    }),
    code: notYet ? 'token_not_yet_valid' : 'token_expired',
  });
  for (const claim of COMMON_CLAIMS) {
    if (payload[claim] !== undefined || candidates.claims[claim] === undefined) continue;
    const value = candidates.claims[claim];
    out.push({
      probe: { change: `\`${claim}\` is added (${show(value)})`, field: claim, to: value },
      request: variant({ [claim]: value }),
      code: 'missing_claim',
    });
  }
  const typ = header.typ;
  for (const next of [undefined, 'at+jwt'] as const) {
    if (typ === next) continue;
    const h = { ...baseHeader };
    if (next === undefined) delete h.typ;
    else h.typ = next;
    out.push({
      probe: {
        change: next === undefined ? 'the header has no `typ`' : '`typ` is `at+jwt`',
        field: 'typ',
        from: typ,
        to: next,
      },
      request: variant({}, h),
      code:
        next === 'at+jwt'
          ? 'access_token_profile_mismatch'
          : typ === 'application/okta-internal-at+jwt'
            ? 'org_server_access_token'
            : 'token_type_mismatch',
    });
  }
  const other: TokenKind = kind === 'access_token' ? 'id_token' : 'access_token';
  out.push({
    probe: {
      change: `the ${other.replace('_', ' ')} of the same server is sent instead`,
      field: 'token',
      from: kind,
      to: other,
    },
    request: { kind: other, server },
    code: 'token_type_mismatch',
  });
  return out;
}

const FIX: Partial<Record<DiagnosisCode, string>> = {
  audience_mismatch:
    "Send a token whose `aud` the SP accepts: set the SP's expected audience to the authorization server's Audience (Security → API → Authorization Servers), or request the token from the server whose audience the SP expects.",
  issuer_mismatch:
    "Use the authorization server the SP trusts (its issuer URL), or configure the SP's issuer to the server that issues the tokens: the ORG server is https://{domain}, a custom one https://{domain}/oauth2/{id}.",
  missing_claim:
    'Request the scope that carries the claim (email → `email`, name fields → `profile`, groups → `groups`), or add the claim to the authorization server (Security → API → Authorization Servers → Claims).',
  token_expired:
    'Get a fresh token (or refresh it) before calling the SP; check the SP clock and the access token lifetime of the authorization server’s access policy.',
  token_not_yet_valid: 'Check the clocks: the SP’s clock is behind the IdP’s.',
  unknown_signing_key:
    "Let the SP refetch the authorization server's keys (its `jwks_uri`) when it meets an unknown `kid`; Okta rotates keys.",
  token_type_mismatch:
    'Send the kind of token the SP expects: an access token to an API, an ID token to a relying party.',
  access_token_profile_mismatch:
    'The SP wants RFC 9068 access tokens (`typ: at+jwt`); Okta does not issue them — relax the SP’s `typ` check.',
  org_server_access_token:
    'Use a custom authorization server (e.g. `default`) for tokens meant for your own API; ORG access tokens are for Okta’s APIs.',
};

function toDiagnosis(winner: DifferentialProbe, code: DiagnosisCode): Diagnosis {
  const row =
    winner.field === 'signature'
      ? { note: 'an identical token re-signed with the published key was accepted' }
      : {
          ...(winner.from !== undefined ? { token: winner.from } : {}),
          ...(winner.to !== undefined ? { expected: winner.to } : {}),
        };
  return {
    code,
    summary: `The SP accepted the token once ${winner.change}.`,
    evidence: {
      [winner.field]: {
        ...row,
        note: `found by differential probing: the SP accepted a token differing only in ${winner.change}`,
      },
    },
    fix: FIX[code] ?? 'Change the token as the winning probe did.',
  };
}

/**
 * Replays single-change variants of `token` until the SP accepts one, within `maxProbes` replays
 * and `timeoutMs`. Never throws for a probe: a probe that cannot be signed or sent is recorded
 * with its error and the next one runs.
 */
export async function probeDifferential(input: DifferentialInput): Promise<DifferentialResult> {
  const clock = input.now ?? Date.now;
  const started = clock();
  const maxProbes = Math.max(1, input.maxProbes ?? DEFAULT_MAX_PROBES);
  const timeoutMs = input.timeoutMs ?? 15_000;
  const read = readJwt(input.token);
  const header = read?.header;
  const payload = read?.payload;
  if (!header || !payload) {
    return {
      tried: [],
      stoppedBy: 'not_a_jwt',
      untried: 0,
      note: 'differential probing skipped: the rejected token is not a decodable JWT',
    };
  }
  const plans = plan(header, payload, input.candidates, Math.floor(started / 1000));
  const tried: DifferentialProbe[] = [];
  let stoppedBy: DifferentialResult['stoppedBy'] = 'exhausted';
  for (const p of plans) {
    if (tried.length >= maxProbes) {
      stoppedBy = 'max_probes';
      break;
    }
    if (clock() - started > timeoutMs) {
      stoppedBy = 'timeout';
      break;
    }
    const probe: DifferentialProbe = { ...p.probe, accepted: false };
    tried.push(probe);
    let jwt = '';
    try {
      jwt = await input.mint(p.request);
      const reply = await input.replay(jwt);
      probe.status = reply.status;
      probe.accepted = reply.status >= 200 && reply.status < 300;
    } catch (err) {
      probe.error = err instanceof Error ? err.message : String(err);
    }
    if (probe.accepted) {
      const sameKey = p.probe.field === 'signature';
      const result: DifferentialResult = {
        tried,
        winner: probe,
        stoppedBy: 'winner',
        untried: plans.length - tried.length,
        note: `found by differential probing: the SP accepted a token differing only in ${probe.change} (${tried.length} probe(s))`,
      };
      // An identical re-signed token accepted while the original carried the same key id says
      // the rejection is not reproducible, not that the key was unknown.
      if (!sameKey || header.kid === undefined || header.kid !== readJwt(jwt)?.header.kid) {
        result.diagnosis = toDiagnosis(probe, p.code ?? 'unexplained');
      } else {
        result.note = `the SP accepted the same token re-signed: its rejection of the original is not reproducible`;
      }
      return result;
    }
  }
  const untried = plans.length - tried.length;
  return {
    tried,
    stoppedBy,
    untried,
    note: `differential probing found no single change the SP accepts (${tried.length} probe(s)${untried ? `, ${untried} left untried: ${stoppedBy === 'timeout' ? 'time' : 'probe'} limit` : ''})`,
  };
}
