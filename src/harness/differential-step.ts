/**
 * The executor's differential step: when a real SP that trusts the emulator rejects a token and
 * gives no reason, build the candidates from the IdP itself (its servers' audiences and issuers,
 * the user's claims as the IdP would issue them), mint single-change variants through the IdP
 * port, replay them to the SP and put the winner first among the diagnoses.
 */
import { readJwt } from '../checks/decode.js';
import type { CaseMint, TokenKind } from '../case/types.js';
import type { Diagnosis } from '../diagnosis/types.js';
import {
  COMMON_CLAIMS,
  probeDifferential,
  type DifferentialCandidates,
  type DifferentialMintRequest,
  type DifferentialResult,
} from './differential.js';
import type { DifferentialSettings, IdentityProvider } from './ports.js';

export type { DifferentialSettings } from './ports.js';

type Minter = Required<Pick<IdentityProvider, 'mint'>>['mint'];

const payloadOf = (jwt: string): Record<string, unknown> => readJwt(jwt)?.payload ?? {};

/** Whether an SP's answer says why: an RFC 6750 `error=` or a body beyond a bare status word. */
export function spGaveReason(sp: { wwwAuthenticate?: string; body?: string }): boolean {
  if (sp.wwwAuthenticate && /error\s*=/.test(sp.wwwAuthenticate)) return true;
  const body = (sp.body ?? '').trim();
  return body !== '' && !/^(unauthorized|forbidden|access denied)\.?$/i.test(body);
}

/** Whether the engine's diagnoses leave the cause open (nothing but `unexplained`). */
export const onlyUnexplained = (diagnoses: Diagnosis[]): boolean =>
  diagnoses.every((d) => d.code === 'unexplained');

/** Mints a variant through the IdP port: exact claims, no claim the variant lacks. */
export function variantMinter(mint: Minter): (r: DifferentialMintRequest) => Promise<string> {
  return async (r) => {
    if (!r.payload) return mint({ kind: r.kind, server: r.server, signingKey: 'current' });
    const header = { typ: r.header?.typ ?? null, ...r.header };
    const request: CaseMint = {
      kind: r.kind,
      server: r.server,
      signingKey: 'current',
      claims: r.payload,
      header,
    };
    const first = await mint(request);
    // The IdP adds its own claims to a minted token: remove those the variant must not carry.
    const extra = Object.keys(payloadOf(first)).filter((k) => !(k in r.payload!));
    if (extra.length === 0) return first;
    const removed = Object.fromEntries(extra.map((k) => [k, null]));
    return mint({ ...request, claims: { ...r.payload, ...removed } });
  };
}

/**
 * The candidates, asked of the IdP: every server's issuer and the audience of its access tokens
 * (a fresh one is minted to read it), the client id, `api://default`; the claim values of a fresh
 * ID token and access token for the token's user.
 */
export async function candidatesFrom(
  idp: IdentityProvider,
  mint: Minter,
  rejected: string,
): Promise<DifferentialCandidates> {
  const symbols = idp.symbols();
  const servers = ['org', ...Object.keys(symbols.issuers).filter((s) => s !== 'org')];
  const issuers = servers.map((server) => ({ issuer: idp.issuer(server), server }));
  const audiences = [symbols.clientId, 'api://default'];
  const payload = payloadOf(rejected);
  const server = issuers.find((i) => i.issuer === payload.iss)?.server ?? 'default';
  const login = [payload.preferred_username, payload.sub].find(
    (v): v is string => typeof v === 'string' && v.includes('@'),
  );
  const tryMint = async (kind: TokenKind, on: string, scopes?: string[]) => {
    const base: CaseMint = {
      kind,
      server: on,
      signingKey: 'current',
      ...(scopes ? { scopes } : {}),
    };
    try {
      return payloadOf(await mint(login ? { ...base, user: login } : base));
    } catch {
      try {
        return payloadOf(await mint(base));
      } catch {
        return {};
      }
    }
  };
  for (const s of servers) {
    const aud = (await tryMint('access_token', s)).aud;
    for (const a of Array.isArray(aud) ? aud : [aud]) if (typeof a === 'string') audiences.push(a);
  }
  const scopes = ['openid', 'profile', 'email', 'groups'];
  const id = await tryMint('id_token', server, scopes);
  const access = await tryMint('access_token', server, scopes);
  const claims: Record<string, unknown> = {};
  for (const claim of COMMON_CLAIMS) {
    const value = id[claim] ?? access[claim];
    if (value !== undefined) claims[claim] = value;
  }
  // Every Okta user is in Everyone; a `groups` claim is only issued when the server defines it.
  claims.groups ??= ['Everyone'];
  return { audiences: [...new Set(audiences)], issuers, claims };
}

/** Runs the probes for a rejected token; the IdP must be able to mint. */
export async function runDifferentialStep(input: {
  idp: IdentityProvider;
  token: string;
  replay: (jwt: string) => Promise<{ status: number }>;
  settings?: DifferentialSettings;
}): Promise<DifferentialResult | undefined> {
  const { idp } = input;
  if (!idp.mint) return undefined;
  const mint: Minter = (m) => idp.mint!(m);
  const candidates = await candidatesFrom(idp, mint, input.token);
  return probeDifferential({
    token: input.token,
    replay: input.replay,
    mint: variantMinter(mint),
    candidates,
    ...(input.settings?.maxProbes !== undefined ? { maxProbes: input.settings.maxProbes } : {}),
    ...(input.settings?.timeoutMs !== undefined ? { timeoutMs: input.settings.timeoutMs } : {}),
  });
}

/**
 * The diagnoses after probing: the winner's first; `unexplained` dropped once a winner explains;
 * another diagnosis of the winner's code merged into it (the engine's evidence kept beside).
 */
export function withDifferential(
  diagnoses: Diagnosis[],
  result: DifferentialResult | undefined,
): Diagnosis[] {
  const found = result?.diagnosis;
  if (!found) return diagnoses;
  const same = diagnoses.find((d) => d.code === found.code);
  const first: Diagnosis = same
    ? { ...found, evidence: { ...same.evidence, ...found.evidence } }
    : found;
  return [first, ...diagnoses.filter((d) => d.code !== found.code && d.code !== 'unexplained')];
}
