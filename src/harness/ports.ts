/**
 * The ports a case runs on (architecture.md: the IdP and the SP meet only through URLs): the IdP,
 * the SP, the browser flow and the redirect URI. Adapters in `adapters/` implement them for the
 * emulator, a real Okta tenant and a browser; the executor and the differential step depend on
 * these types only.
 */
import type { CaseAfterIssue, CaseDefinition, CaseMint, SymbolValues } from '../case/types.js';
import type { SpExpectation } from '../expectation.js';
import type { LogEvent } from '../okta/system-log-types.js';
import type { TokenIssuanceCheck } from '../okta/token-issuance.js';
import type { BrowserSpOutcome, BrowserSpRequest } from './sp-browser.js';
import type { TokenGrants } from './token-grants.js';

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

/** How the executor runs the step (CaseEnvironment.differential). */
export interface DifferentialSettings {
  /** `false` turns probing off. Default: on for `sp.type: url`, off for the mock SP. */
  enabled?: boolean;
  /** At most this many replays. Default 24. */
  maxProbes?: number;
  /** Stop starting probes after this long, ms. Default 15 000. */
  timeoutMs?: number;
}
