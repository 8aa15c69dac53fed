/**
 * The engine's working material: one suspected cause before it is explained, and what the engine
 * knows around it. Internal to `src/diagnosis/`.
 */
import type { DiagnosisCode } from './codes.js';
import type { Evidence } from './types.js';
import type { Translation } from './translate.js';
import type { Presentation, TokenParts } from '../checks/types.js';
import type { SpExpectation, TokenUse } from '../expectation.js';

/** One suspected cause, from the token's checks, the SP's words, the authorize error or the System Log. */
export interface Finding {
  code: DiagnosisCode;
  /** The claim or field concerned. */
  claim?: string;
  /** The token's value. */
  token?: unknown;
  /** What the SP expected. */
  expected?: unknown;
  /** The check's technical message. */
  message?: string;
  /** Other claims bearing on it (`preferred_username` beside a missing `email`, `at_hash`). */
  related?: Record<string, unknown>;
  /** Found by checking the token itself against the expectation. */
  fromToken?: boolean;
  /** Inferred from the token alone, without the SP's expectation: a likely problem. */
  likely?: boolean;
  /** The SP's, a library's or Okta's own words stating this code. */
  said: Translation[];
  /** Extra evidence rows (an authorize error, a System Log event, /userinfo). */
  evidence?: Evidence;
  /** `/userinfo` carries the missing claim: thinness proved. */
  proved?: boolean;
}

/** What the engine knows around the findings. */
export interface EngineContext {
  /** The presented token, decoded (signature dropped). */
  parts?: TokenParts;
  /** Which token was presented: given, or guessed from its shape. */
  use: TokenUse | 'unknown';
  /** The SP's expectation as given (before inference). */
  expectation?: SpExpectation;
  /** The token use the engine checked against (given, or inferred). */
  checkedUse?: TokenUse;
  idToken?: TokenParts;
  accessToken?: TokenParts;
  userinfo?: Record<string, unknown>;
  presentation?: Presentation;
  spStatus?: number;
  /** The authorize request's scopes, when known. */
  requestedScopes?: string[];
  /** The authorization server the authorize request went to, when known. */
  server?: string;
}
