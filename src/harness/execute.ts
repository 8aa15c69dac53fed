/**
 * Runs one case end to end: set the IdP up as the case says, get tokens (a real browser flow, or
 * minted), replay them to the SP, read the IdP's System Log, diagnose, and compare with the
 * case's expectation. The IdP, the SP and the browser flow are ports, so the same code runs
 * against the emulator and a real Okta tenant, the mock SP and a real SP (architecture.md: the IdP
 * and the SP meet only through URLs).
 */
import type { LoadedCase } from '../case/types.js';
import { resolveSymbols } from '../case/resolve.js';
import { diagnose } from '../diagnosis/engine.js';
import type { SpExpectation } from '../expectation.js';
import { decodeForDisplay, redactDeep, redactSecrets } from '../token/redact.js';
import {
  onlyUnexplained,
  runDifferentialStep,
  spGaveReason,
  withDifferential,
} from './differential-step.js';
import { clientCredentialsFlow, refreshAfterFlow, withSupersededToken } from './token-grants.js';
import { compareResult, type CaseResult, type ObservedResult } from './result.js';
import { replayToken, type ReplayVia } from './replay.js';
import { browserSpAccepted, browserSpResponse, type BrowserSpOutcome } from './sp-browser.js';
import { CaseRunError, type CaseEvidence, type CaseRun } from './evidence.js';
import type {
  BrowserFlowOutcome,
  CaseEnvironment,
  IssuedTokens,
  ServiceProviderTarget,
} from './ports.js';

export type {
  BrowserFlowOutcome,
  BrowserFlowRequest,
  CaseEnvironment,
  IdentityProvider,
  IssuedTokens,
  ServiceProviderTarget,
} from './ports.js';
export { CaseRunError, type CaseEvidence, type CaseRun } from './evidence.js';

/** Where a replay goes: the RP's callback for form_post, else the protected resource. */
const spUrlFor = (target: ServiceProviderTarget, via: ReplayVia): string =>
  via === 'form_post' ? (target.callbackUrl ?? target.resourceUrl) : target.resourceUrl;

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

  // Every token issued and every IdP secret: none may show in the evidence.
  // Only the tokens: `token_type` (`Bearer`, `DPoP`) and `scope` are words the evidence must keep.
  const secrets = () => [
    tokens.id_token,
    tokens.access_token,
    tokens.refresh_token,
    ...idp.secrets(),
  ];
  // The IdP's System Log since the case began, and (optionally) the 401 article's check of it.
  const readSystemLog = async (checkIssuance: boolean) => {
    if (!idp.systemLog) return undefined;
    evidence.systemLog = await timed('system-log', () => idp.systemLog!(since));
    const issuance = checkIssuance
      ? idp.tokenIssuance?.(evidence.systemLog, definition)
      : undefined;
    if (issuance) evidence.tokenIssuance = issuance;
    return issuance;
  };

  let observed: ObservedResult;
  if (flow?.authorizeError) {
    evidence.authorizeError = flow.authorizeError;
    const issuance = await readSystemLog(true);
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
    evidence.sp = { ...response, body: redactSecrets(response.body, secrets()) };
    evidence.presented = sp.send;
    if (expectation) evidence.expectation = expectation;
    await readSystemLog(false);
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
    let token = tokens[sp.send];
    if (!token) {
      const got =
        Object.keys(tokens)
          .filter((k) => k.endsWith('_token'))
          .join(', ') || 'none';
      throw new CaseRunError(loaded.file, `sp.send is ${sp.send} but the flow issued ${got}`);
    }
    const via = viaOf(sp.via);
    if (!via) throw new CaseRunError(loaded.file, `sp.via ${sp.via} is not supported here yet`);
    if (flow?.nonce && sp.send === 'id_token') expectation.nonce = flow.nonce;
    const target = await timed('sp-start', () => env.sp(definition, expectation));
    try {
      const url = spUrlFor(target, via);
      const replay = (jwt: string) =>
        replayToken(url, jwt, via, { dpopKey: flow?.dpopKey, field: sp.send });
      const after = definition.token?.afterIssue;
      if (after && idp.afterIssue) {
        // Replay before and after (key rotation): the first answer is evidence, and it is what
        // makes the SP fetch and cache the keys published then, as its earlier traffic would.
        if (after.replayBefore) {
          const before = await timed('replay-before', () => replay(token!));
          evidence.beforeAfterIssue = {
            status: before.status,
            ...(before.wwwAuthenticate ? { wwwAuthenticate: before.wwwAuthenticate } : {}),
          };
        }
        await timed('after-issue', () => idp.afterIssue!(after));
        const mint = definition.token?.mint;
        if (after.reissue && mint && idp.mint) {
          token = await timed('reissue', () => idp.mint!(mint));
          tokens[mint.kind] = token;
          evidence.tokens[mint.kind] = decodeForDisplay(token);
        }
      }
      const sent = token;
      const response = await timed('replay', () => replay(sent));
      evidence.sp = { ...response, body: redactSecrets(response.body, secrets()) };
    } finally {
      await target.close?.();
    }
    evidence.presented = sp.send;
    evidence.expectation = expectation;
    // A minted token never went through the IdP's grant endpoints: its System Log has nothing
    // to say about it, and an empty log would read as "tokens not issued".
    if (flow) await readSystemLog(true);
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
      const spUrl = spUrlFor(target, via);
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
  // The whole run, not only the SP's body: an authorize error's URL, a userinfo claim, a System
  // Log reason or a diagnosis can carry a token or a secret, and every output (terminal, --json,
  // reports, attachments) starts from this.
  return redactDeep({ result, evidence }, secrets());
}
