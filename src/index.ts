/**
 * oidc-harness as a library (`import … from 'oidc-harness'`, issue item 6): the Okta emulator,
 * the mock SP, the diagnosis engine, case files and the case executor — the same parts the
 * `oidc-harness` command is made of. The Playwright fixtures are a separate entry point
 * (`oidc-harness/fixtures`), so importing this one never loads `@playwright/test`.
 *
 * @example
 * import { startEmulator, startMockSp, diagnose } from 'oidc-harness';
 * const idp = await startEmulator();
 * const token = await idp.mintToken({ server: 'default', kind: 'access_token' });
 * const sp = await startMockSp({ profiles: { api: { issuer: idp.issuer('default'), audience: 'api://default' } } });
 */

// Every error the harness throws on purpose carries a stable `code`.
export { HarnessError, isHarnessError, type HarnessErrorCode } from './errors.js';

// The Okta emulator (okta-behavior.md).
export {
  startEmulator,
  ConfigError,
  MintError,
  BASELINE,
  type Emulator,
  type StartOptions,
  type MintOptions,
} from '../mock-idp/index.js';
export type {
  EmulatorConfig,
  AppConfig,
  AuthorizationServerConfig,
  CustomClaimConfig,
  GrantType,
  GroupsFilter,
  UserConfig,
} from './emulator/config.js';
export { emulatorConfigSchema } from './emulator/config-schema.js';

// The mock service provider.
export {
  startMockSp,
  verify,
  type MockSp,
  type MockSpOptions,
  type Verdict,
  type VerifyOptions,
} from '../mock-sp/index.js';
export type { SpExpectation, TokenUse, AccessTokenProfile, DpopPolicy } from './expectation.js';

// Diagnosis (interface.md "Diagnosis codes").
export { diagnose, type DiagnoseInput } from './diagnosis/engine.js';
export { DIAGNOSIS_CODES, isDiagnosisCode, type DiagnosisCode } from './diagnosis/codes.js';
export type { Diagnosis, Evidence, EvidenceRow } from './diagnosis/types.js';

// Case files (interface.md "Case file").
export {
  loadCaseFile,
  loadCases,
  CaseFileError,
  resolveSymbols,
  requiresOkta,
  caseSchema,
} from './case/index.js';
export type { CaseDefinition, LoadedCase } from './case/types.js';

// Running a case through ports (the fixtures and `reproduce` build them).
export {
  executeCase,
  CaseRunError,
  type CaseEnvironment,
  type CaseEvidence,
  type CaseRun,
  type IdentityProvider,
  type ServiceProviderTarget,
  type BrowserFlowRequest,
  type BrowserFlowOutcome,
  type IssuedTokens,
} from './harness/execute.js';
export {
  compareResult,
  type CaseResult,
  type RunResult,
  type ExpectedResult,
  type ObservedResult,
  type Outcome,
} from './harness/result.js';
export { replayToken, ReplayError, type ReplayVia, type SpResponse } from './harness/replay.js';

// Showing tokens without their signatures; reports; browser discovery.
export { decodeForDisplay, redactJwt, redactSecrets, type DisplayedToken } from './token/redact.js';
export { writeReports, type ReportInput, type WriteReportsOptions } from './report-files/index.js';
export {
  findBrowser,
  browserLaunchOptions,
  BrowserNotFoundError,
  type FoundBrowser,
} from './browser.js';
