/**
 * Runs one case end to end: set the IdP up as the case says, get tokens (a real browser flow, or
 * minted), replay them to the SP, read the IdP's System Log, diagnose, and compare with the
 * case's expectation. The IdP, the SP and the browser flow are ports, so the same code runs
 * against the emulator and a real Okta tenant, the mock SP and a real SP (architecture.md: the IdP
 * and the SP meet only through URLs).
 */
import type {
  CaseAfterIssue,
  CaseDefinition,
  CaseMint,
  LoadedCase,
  SymbolValues,
} from '../case/types.js';
import { resolveSymbols } from '../case/resolve.js';
import { diagnose } from '../diagnosis/engine.js';
import type { Diagnosis } from '../diagnosis/types.js';
import type { SpExpectation, TokenUse } from '../expectation.js';
import type { LogEvent } from '../okta/system-log-types.js';
import type { TokenIssuanceCheck } from '../okta/token-issuance.js';
import { decodeForDisplay, redactSecrets, type DisplayedToken } from '../token/redact.js';
import type { DifferentialResult } from './differential.js';
import {
  onlyUnexplained,
  runDifferentialStep,
  spGaveReason,
  withDifferential,
  type DifferentialSettings,
} from './differential-step.js';
import {
  clientCredentialsFlow,
  refreshAfterFlow,
  withSupersededToken,
  type TokenGrants,
} from './token-grants.js';
import { compareResult, type CaseResult, type ObservedResult } from './result.js';
import { replayToken, type ReplayVia, type SpResponse } from './replay.js';
import {
  browserSpAccepted,
  browserSpResponse,
  type BrowserSpOutcome,
  type BrowserSpRequest,
} from './sp-browser.js';

/** The tokens a flow or a mint produced (raw; they never leave the process). */
export interface IssuedTokens {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  scope?: string;
}

/** What the browser flow port returns (a subset of the flow runner's result). */
export interface BrowserFlowOutcome {
  tokens?: IssuedTokens;
  userinfo?: Record<string, unknown>;
  /** The flow failed before a token: at /authorize, or at /token for `grantType`. */
  authorizeError?: {
    error: string;
    error_description?: string;
    status?: number;
    grantType?: string;
  };
  dpopKey?: CryptoKeyPair;
  nonce?: string;
  timings?: Array<{ step: string; ms: number }>;
  /**
   * `client.refresh: stale`: the access token a refresh issued after the one in `tokens`, which
   * the app kept using. Evidence only; never sent.
   */
  supersededBy?: string;
}

/** What the browser flow port is asked to do. */
export interface BrowserFlowRequest {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  flow: Exclude<CaseDefinition['client']['flow'], 'client_credentials'>;
  scopes: string[];
  responseType?: string;
  responseMode?: 'query' | 'fragment' | 'form_post';
  dpop: boolean;
  usePkce: boolean;
  extraParams?: Record<string, string>;
  username: string;
  password: string;
  /** The user's TOTP factor, when the sign-on policy asks for a second factor. */
  totpSecret?: string;
}

/** The identity provider a case runs against: the emulator, or a real Okta tenant. */
export interface IdentityProvider {
  readonly kind: 'emulator' | 'okta';
  /** Sets the IdP up as the case says (the emulator reconfigures itself; Okta checks it can). */
  prepare(definition: CaseDefinition, redirectUri: string): Promise<void>;
  /** Values the case's `${idp.*}` symbols resolve to (valid after prepare). */
  symbols(): SymbolValues['idp'];
  /** The issuer of a server id (`org`, `default`, …). */
  issuer(server: string): string;
  /** The app's credentials for the case. */
  client(definition: CaseDefinition): { clientId: string; clientSecret?: string };
  /** Who signs in (and the TOTP factor, when the policy asks for one). */
  credentials(definition: CaseDefinition): {
    username: string;
    password: string;
    totpSecret?: string;
  };
  /** Signs a token with the IdP's keys (emulator only). */
  mint?(mint: CaseMint): Promise<string>;
  /** Changes made after the token was issued (key rotation, clock). */
  afterIssue?(after: CaseAfterIssue): Promise<void>;
  /** The IdP's System Log events since `since`, when available. */
  systemLog?(since: Date): Promise<LogEvent[]>;
  /**
   * The 401 article's System Log check (okta-behavior.md section 5) over the events read: were
   * the SSO, authorization-code and token-grant events recorded for the app, and did any fail?
   * When present, its result goes into the evidence and is the diagnosis's System Log input.
   */
  tokenIssuance?(events: LogEvent[], definition: CaseDefinition): TokenIssuanceCheck;
  /** Values that must never appear in evidence (client secret, passwords, API token). */
  secrets(): string[];
}

/** Where the case's tokens go. */
export interface ServiceProviderTarget {
  /** The protected resource (Bearer/DPoP replays). */
  resourceUrl: string;
  /** The RP callback for form_post replays. */
  callbackUrl?: string;
  close?(): Promise<void>;
}

/** The ports a case runs on. */
export interface CaseEnvironment {
  idp: IdentityProvider;
  /** Starts (mock) or names (url) the SP for a case, given its resolved expectation. */
  sp(definition: CaseDefinition, expectation: SpExpectation): Promise<ServiceProviderTarget>;
  /** `/token` grants without a browser (client credentials, refresh). */
  grants?: TokenGrants;
  /** Runs a browser sign-in flow; absent where only minted cases can run. */
  browserFlow?(request: BrowserFlowRequest): Promise<BrowserFlowOutcome>;
  /** `sp.via: browser`: opens the SP, signs in at the IdP when sent there, reports how it ended. */
  browserSpFlow?(request: BrowserSpRequest): Promise<BrowserSpOutcome>;
  /** The redirect URI the flow's callback listener answers on. */
  redirectUri: string;
  /** Clock for time evidence, ms. */
  now?(): number;
  /** Differential diagnosis of a rejection without a reason (see differential.ts). */
  differential?: DifferentialSettings;
  /** Real SPs by name, for the case's `${sp.urls.<name>}` symbols. */
  spUrls?: Record<string, string>;
}

/** Everything a case run observed, safe to show: tokens as header + payload only. */
export interface CaseEvidence {
  tokens: Partial<Record<'id_token' | 'access_token', DisplayedToken>>;
  presented?: TokenUse;
  expectation?: SpExpectation;
  sp?: Omit<SpResponse, 'headers'> & { headers: Record<string, string> };
  authorizeError?: BrowserFlowOutcome['authorizeError'];
  userinfo?: Record<string, unknown>;
  systemLog: LogEvent[];
  /** The 401 article's System Log check, when the IdP port makes it. */
  tokenIssuance?: TokenIssuanceCheck;
  diagnoses: Diagnosis[];
  timings: Array<{ step: string; ms: number }>;
  /** What differential probing tried and found (change and status per probe; no token). */
  differential?: DifferentialResult;
}

/** A finished case: the reported result and the evidence behind it. */
export interface CaseRun {
  result: CaseResult;
  evidence: CaseEvidence;
}

/** A case that could not run as written (not a failure mode the IdP or SP produced). */
export class CaseRunError extends Error {
  readonly code = 'CASE_RUN_ERROR';
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'CaseRunError';
  }
}

const viaOf = (via: string): ReplayVia | undefined =>
  via === 'bearer' || via === 'dpop' || via === 'form_post' ? via : undefined;

/** Runs one case through the given ports. */
export async function executeCase(loaded: LoadedCase, env: CaseEnvironment): Promise<CaseRun> {
  const clock = env.now ?? Date.now;
  const started = clock();
  const since = new Date(started - 1000);
  const timings: CaseEvidence['timings'] = [];
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const t = clock();
    try {
      return await work();
    } finally {
      timings.push({ step, ms: clock() - t });
    }
  };
  const { idp } = env;
  const raw = loaded.definition;
  const redirectUri = raw.client.redirectUri ?? env.redirectUri;
  await timed('prepare', () => idp.prepare(raw, env.redirectUri));
  const definition = resolveSymbols(raw, {
    idp: idp.symbols(),
    ...(env.spUrls ? { spUrls: env.spUrls } : {}),
  });
  const expectation: SpExpectation | undefined = definition.sp
    ? { ...definition.sp.expect }
    : undefined;
  const evidence: CaseEvidence = { tokens: {}, systemLog: [], diagnoses: [], timings };

  // Tokens: minted (SP-only cases) or through a real browser sign-in.
  let tokens: IssuedTokens;
  let flow: BrowserFlowOutcome | undefined;
  let browserSp: { url: string; outcome: BrowserSpOutcome } | undefined;
  if (definition.token?.mint) {
    const mint = definition.token.mint;
    if (!idp.mint)
      throw new CaseRunError(
        loaded.file,
        `token.mint needs the emulator (idp.type is ${idp.kind})`,
      );
    const jwt = await timed('mint', () => idp.mint!(mint));
    tokens = { [mint.kind]: jwt };
  } else if (definition.client.flow === 'client_credentials') {
    if (!env.grants)
      throw new CaseRunError(loaded.file, 'client_credentials needs the grants port');
    const grants = env.grants;
    flow = await timed('client-credentials', () => clientCredentialsFlow(definition, idp, grants));
    tokens = flow.tokens ?? {};
  } else if (definition.sp?.via === 'browser') {
    // SP-initiated sign-in (sp-browser.ts): the SP runs the flow; the IdP says what it issued.
    if (!env.browserSpFlow) {
      throw new CaseRunError(loaded.file, 'sp.via: browser needs a browser (no browserSpFlow)');
    }
    const target = await timed('sp-start', () => env.sp(definition, expectation ?? {}));
    try {
      const { username, password } = idp.credentials(definition);
      const url = target.resourceUrl;
      const outcome = await timed('browser-sp', () =>
        env.browserSpFlow!({ url, username, password }),
      );
      browserSp = { url, outcome };
    } finally {
      await target.close?.();
    }
    timings.push(...(browserSp.outcome.timings ?? []));
    tokens = { ...browserSp.outcome.tokens };
  } else {
    if (!env.browserFlow) throw new CaseRunError(loaded.file, 'this case needs a browser flow');
    const { clientId, clientSecret } = idp.client(definition);
    const { username, password, totpSecret } = idp.credentials(definition);
    const c = definition.client;
    flow = await env.browserFlow({
      issuer: idp.issuer(definition.idp.server),
      clientId,
      clientSecret: c.public ? undefined : clientSecret,
      redirectUri,
      flow: c.flow === 'client_credentials' ? 'code' : c.flow,
      scopes: c.scopes,
      responseType: c.responseType,
      responseMode: c.responseMode,
      dpop: c.dpop,
      usePkce: c.pkce,
      extraParams: c.extraParams,
      username,
      password,
      ...(totpSecret ? { totpSecret } : {}),
    });
    if (definition.client.refresh && !flow.authorizeError) {
      if (!env.grants) throw new CaseRunError(loaded.file, 'client.refresh needs the grants port');
      flow = await refreshAfterFlow(definition, idp, env.grants, flow);
    }
    timings.push(...(flow.timings ?? []));
    tokens = flow.tokens ?? {};
    if (flow.userinfo) evidence.userinfo = flow.userinfo;
  }
  for (const kind of ['id_token', 'access_token'] as const) {
    const jwt = tokens[kind];
    if (jwt) evidence.tokens[kind] = decodeForDisplay(jwt);
  }

  let observed: ObservedResult;
  if (flow?.authorizeError) {
    evidence.authorizeError = flow.authorizeError;
    evidence.systemLog = idp.systemLog
      ? await timed('system-log', () => idp.systemLog!(since))
      : [];
    const issuance = idp.systemLog
      ? idp.tokenIssuance?.(evidence.systemLog, definition)
      : undefined;
    if (issuance) evidence.tokenIssuance = issuance;
    const diagnoses = diagnose({
      authorizeError: {
        ...flow.authorizeError,
        requestedScopes: definition.client.scopes,
        server: definition.idp.server,
      },
      systemLog: issuance ?? evidence.systemLog,
      now: Math.floor(clock() / 1000),
    });
    observed = {
      outcome: 'authorize_error',
      error: flow.authorizeError.error,
      diagnosis: diagnoses,
    };
    if (flow.authorizeError.status !== undefined) observed.status = flow.authorizeError.status;
  } else if (browserSp && definition.sp) {
    const sp = definition.sp;
    const response = browserSpResponse(browserSp.outcome);
    const secrets = [...Object.values(tokens).filter((v): v is string => !!v), ...idp.secrets()];
    evidence.sp = { ...response, body: redactSecrets(response.body, secrets) };
    evidence.presented = sp.send;
    if (expectation) evidence.expectation = expectation;
    if (idp.systemLog) {
      evidence.systemLog = await timed('system-log', () => idp.systemLog!(since));
    }
    const status = response.status;
    const accepted = browserSpAccepted(browserSp.url, browserSp.outcome);
    const token = tokens[sp.send];
    const diagnoses = accepted
      ? []
      : diagnose({
          ...(token ? { token } : {}),
          tokens: { id_token: tokens.id_token, access_token: tokens.access_token },
          presented: sp.send,
          ...(expectation ? { expectation } : {}),
          spResponse: {
            status,
            wwwAuthenticate: evidence.sp.wwwAuthenticate,
            body: evidence.sp.body,
          },
          systemLog: evidence.systemLog,
          now: Math.floor(clock() / 1000),
        });
    observed = { outcome: accepted ? 'accepted' : 'rejected', status, diagnosis: diagnoses };
  } else {
    const sp = definition.sp;
    if (!sp || !expectation) {
      throw new CaseRunError(
        loaded.file,
        'tokens were issued but the case has no `sp` to send them to',
      );
    }
    const token = tokens[sp.send];
    if (!token) {
      const got =
        Object.keys(tokens)
          .filter((k) => k.endsWith('_token'))
          .join(', ') || 'none';
      throw new CaseRunError(loaded.file, `sp.send is ${sp.send} but the flow issued ${got}`);
    }
    const via = viaOf(sp.via);
    if (!via) throw new CaseRunError(loaded.file, `sp.via ${sp.via} is not supported here yet`);
    if (definition.token?.afterIssue && idp.afterIssue) {
      const after = definition.token.afterIssue;
      await timed('after-issue', () => idp.afterIssue!(after));
    }
    if (flow?.nonce && sp.send === 'id_token') expectation.nonce = flow.nonce;
    const target = await timed('sp-start', () => env.sp(definition, expectation));
    try {
      const url =
        via === 'form_post' ? (target.callbackUrl ?? target.resourceUrl) : target.resourceUrl;
      const response = await timed('replay', () =>
        replayToken(url, token, via, { dpopKey: flow?.dpopKey, field: sp.send }),
      );
      const secrets = [...Object.values(tokens).filter((v): v is string => !!v), ...idp.secrets()];
      evidence.sp = { ...response, body: redactSecrets(response.body, secrets) };
    } finally {
      await target.close?.();
    }
    evidence.presented = sp.send;
    evidence.expectation = expectation;
    // A minted token never went through the IdP's grant endpoints: its System Log has nothing
    // to say about it, and an empty log would read as "tokens not issued".
    if (flow && idp.systemLog) {
      evidence.systemLog = await timed('system-log', () => idp.systemLog!(since));
      const issuance = idp.tokenIssuance?.(evidence.systemLog, definition);
      if (issuance) evidence.tokenIssuance = issuance;
    }
    const status = evidence.sp.status;
    const accepted = status >= 200 && status < 300;
    let diagnoses = accepted
      ? []
      : diagnose({
          token,
          tokens: { id_token: tokens.id_token, access_token: tokens.access_token },
          presented: sp.send,
          presentation: via,
          expectation,
          spResponse: {
            status,
            wwwAuthenticate: evidence.sp.wwwAuthenticate,
            body: evidence.sp.body,
          },
          userinfo: evidence.userinfo,
          ...(flow ? { systemLog: evidence.tokenIssuance ?? evidence.systemLog } : {}),
          // The SP's clock, moved as the case says: the diagnosis judges `exp` as the SP did.
          now:
            Math.floor(clock() / 1000) + (definition.token?.afterIssue?.advanceClockSeconds ?? 0),
        });
    // Differential diagnosis (differential.ts): a real SP (it outlives the replay) that trusts
    // the emulator and rejected without a reason is asked which single change it would accept.
    // DPoP-bound tokens are left alone (a variant would lose its binding).
    if (
      !accepted &&
      sp.type === 'url' &&
      via !== 'dpop' &&
      idp.mint !== undefined &&
      env.differential?.enabled !== false &&
      (!spGaveReason(evidence.sp) || onlyUnexplained(diagnoses))
    ) {
      const spUrl =
        via === 'form_post' ? (target.callbackUrl ?? target.resourceUrl) : target.resourceUrl;
      const result = await timed('differential', () =>
        runDifferentialStep({
          idp,
          token,
          replay: (jwt) => replayToken(spUrl, jwt, via, { field: sp.send }),
          ...(env.differential ? { settings: env.differential } : {}),
        }),
      );
      if (result) {
        evidence.differential = result;
        diagnoses = withDifferential(diagnoses, result);
      }
    }
    if (flow?.supersededBy) diagnoses = withSupersededToken(diagnoses, token, flow.supersededBy);
    observed = { outcome: accepted ? 'accepted' : 'rejected', status, diagnosis: diagnoses };
  }
  evidence.diagnoses = observed.diagnosis;

  const expected = {
    outcome: definition.expect.outcome,
    ...(definition.expect.status !== undefined ? { status: definition.expect.status } : {}),
    ...(definition.expect.diagnosis.length ? { diagnosis: definition.expect.diagnosis } : {}),
    ...(definition.expect.error !== undefined ? { error: definition.expect.error } : {}),
  };
  const mismatches = compareResult(expected, observed);
  const result: CaseResult = {
    name: definition.name,
    file: loaded.file,
    passed: mismatches.length === 0,
    expected,
    observed,
    durationMs: clock() - started,
  };
  if (mismatches.length) result.mismatches = mismatches;
  return { result, evidence };
}
