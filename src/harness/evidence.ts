/**
 * What a case run observed and returns: the evidence (safe to show: tokens as header and payload
 * only) and the compared result.
 */
import type { Diagnosis } from '../diagnosis/types.js';
import type { SpExpectation, TokenUse } from '../expectation.js';
import type { LogEvent } from '../okta/system-log-types.js';
import type { TokenIssuanceCheck } from '../okta/token-issuance.js';
import type { DisplayedToken } from '../token/redact.js';
import type { DifferentialResult } from './differential.js';
import type { BrowserFlowOutcome } from './ports.js';
import type { SpResponse } from './replay.js';
import type { CaseResult } from './result.js';
import { HarnessError } from '../errors.js';

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
  /** `token.afterIssue.replayBefore`: the SP's answer to the token before the changes. */
  beforeAfterIssue?: { status: number; wwwAuthenticate?: string };
  /** What differential probing tried and found (change and status per probe; no token). */
  differential?: DifferentialResult;
}

/** A finished case: the reported result and the evidence behind it. */
export interface CaseRun {
  result: CaseResult;
  evidence: CaseEvidence;
}

/** A case that could not run as written (not a failure mode the IdP or SP produced). */
export class CaseRunError extends HarnessError<'CASE_RUN_ERROR'> {
  readonly code = 'CASE_RUN_ERROR';
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'CaseRunError';
  }
}
