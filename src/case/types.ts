/**
 * A case file, parsed, validated and with defaults applied (interface.md "Case file"). One case =
 * IdP setup + client request + SP expectation + expected outcome (architecture.md "Failure modes
 * are data"). The JSON Schema in `schema/case.schema.json` documents every field and default.
 */
import type { DiagnosisCode } from '../diagnosis/codes.js';
import type {
  AppConfig,
  AuthorizationServerConfig,
  EmulatorConfig,
  UserConfig,
} from '../emulator/config.js';
import type { SpExpectation } from '../expectation.js';

/** Where the identity provider comes from. */
export type IdpType = 'emulator' | 'okta';
/** The flow the client runs. */
export type ClientFlow = 'code' | 'implicit' | 'hybrid' | 'client_credentials';
/** How the client authenticates at `/token`. */
export type ClientAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
/** The bundled mock SP, or a real SP at a URL. */
export type SpType = 'mock' | 'url';
/** How the token reaches the SP. `dpop`: `Authorization: DPoP` with a proof. */
export type SpVia = 'bearer' | 'dpop' | 'form_post' | 'browser';
/** The outcome a case expects. */
export type CaseOutcome = 'accepted' | 'rejected' | 'authorize_error';
/** Which token is minted or sent. */
export type TokenKind = 'access_token' | 'id_token';

/** The `idp` section. Emulator-only fields are refused for `type: okta`. */
export interface CaseIdp extends Pick<
  EmulatorConfig,
  | 'orgId'
  | 'codeFlowIdToken'
  | 'signInWidget'
  | 'clockOffsetSeconds'
  | 'rotateKeys'
  | 'orgOAuthMetadata'
  | 'orgAccessTokenVerifiable'
  | 'accessTokenSubject'
  | 'tooManyGroups'
> {
  type: IdpType;
  /** `org`, `default` or a custom server id. Default `default`. */
  server: string;
  /** A pinned emulator port (keys then stay the same from run to run). */
  port?: number;
  servers?: Record<string, AuthorizationServerConfig>;
  /** The user the flow signs in as. */
  user?: UserConfig;
  /** More users, not signed in. */
  users?: UserConfig[];
  app?: AppConfig;
  /** Emulator only: the keys' rotation state at the start of the case. */
  keys?: CaseKeys;
}

/** `idp.keys`: the signing keys' rotation state at the start of a case. */
export interface CaseKeys {
  /** Publish the next key ahead of use, beside the current one. */
  publishNext?: boolean;
}

/** One key rotation step (okta-behavior.md §1, §7.8). */
export type CaseKeyStep = 'publishNext' | 'rotate' | 'retireOld';

/** The `client` section. */
export interface CaseClient {
  flow: ClientFlow;
  /** Client authentication at `/token`. Default `client_secret_basic` (`none` when public). */
  auth?: ClientAuthMethod;
  /**
   * After the flow, refresh (offline_access) and send the refreshed access token. `reuse`: then
   * present the first, rotated refresh token again, as a client that lost the answer does.
   * `stale`: refresh, but send the first access token, as an app that kept its old token does.
   */
  refresh?: boolean | 'reuse' | 'stale';
  scopes: string[];
  responseType?: string;
  responseMode?: 'query' | 'fragment' | 'form_post';
  dpop: boolean;
  public: boolean;
  pkce: boolean;
  redirectUri?: string;
  extraParams?: Record<string, string>;
}

/** What the SP expects (`sp.expect`): SpExpectation minus the run-time nonce. */
export type CaseSpExpectation = Omit<SpExpectation, 'nonce'>;

/** The `sp` section. */
export interface CaseSp {
  type: SpType;
  /** The protected resource (`type: url`). */
  url?: string;
  send: TokenKind;
  via: SpVia;
  expect: CaseSpExpectation;
}

/** `token.mint`: sign a token with the emulator's keys instead of a browser flow. */
export interface CaseMint {
  kind: TokenKind;
  /** Default: `idp.server`. */
  server: string;
  user?: string;
  clientId?: string;
  scopes?: string[];
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  expiresInSeconds?: number;
  issuedAtOffsetSeconds?: number;
  notBeforeOffsetSeconds?: number;
  signingKey: 'current' | 'foreign';
  thin?: boolean;
}

/** `token.afterIssue`: changes made after the token is issued, before it is sent. */
export interface CaseAfterIssue {
  rotateKeys?: boolean;
  /** Key rotation steps, in order, at every authorization server. */
  keys?: CaseKeyStep[];
  /** Also present the token before the changes (the SP's answer goes into the evidence). */
  replayBefore?: boolean;
  /** After the changes, mint the token again (token.mint only) and send that one. */
  reissue?: boolean;
  advanceClockSeconds?: number;
}

/** The `token` section. */
export interface CaseToken {
  mint?: CaseMint;
  afterIssue?: CaseAfterIssue;
}

/** The `expect` section. */
export interface CaseExpectation {
  outcome: CaseOutcome;
  /** `rejected` only. */
  status?: number;
  /** Exact codes expected; empty for `accepted`. */
  diagnosis: DiagnosisCode[];
  /** `authorize_error` only: the error code, e.g. `invalid_scope`. */
  error?: string;
}

/** A parsed, validated case with defaults applied. */
export interface CaseDefinition {
  name: string;
  description?: string;
  tags: string[];
  idp: CaseIdp;
  client: CaseClient;
  /** Absent only for `authorize_error` cases. */
  sp?: CaseSp;
  token?: CaseToken;
  expect: CaseExpectation;
}

/** A case loaded from a file. */
export interface LoadedCase {
  /** The path as given (or found under a directory). */
  file: string;
  /** The file name without its extension. */
  id: string;
  definition: CaseDefinition;
}

/** One thing wrong with a case file. */
export interface CaseProblem {
  /** The field, e.g. `sp.expect.audience` or `client.scopes[1]`; empty for the whole file. */
  path: string;
  /** 1-based line, when known. */
  line?: number;
  /** What was expected. */
  message: string;
}

/**
 * The run-time values symbols resolve to. Shaped like the emulator's own fields, so an
 * `Emulator` (plus the SP's URL) can be passed almost as is.
 */
export interface SymbolValues {
  idp: {
    /** The emulator origin (= ORG issuer), or the real tenant's `https://{domain}`. */
    url: string;
    orgIssuer: string;
    /** Custom server id → issuer. */
    issuers: Record<string, string>;
    clientId: string;
  };
  sp?: { url: string };
  /** Real SPs by name, for `${sp.urls.<name>}`. */
  spUrls?: Record<string, string>;
}
