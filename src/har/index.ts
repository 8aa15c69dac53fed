/** HAR diagnosis (`oidc-harness diagnose --har FILE`): read, extract, diagnose, render. */
export { HarError, readHar, parseHar, checkHarShape, type HarFile } from './read.js';
export { locateJsonError, type JsonSyntaxError } from './json-error.js';
export {
  extractHar,
  printableUrl,
  type HarFindings,
  type HarRejection,
  type HarAuthorizeError,
  type TokenIssuance,
  type TokenSource,
  type IssuanceSource,
} from './extract.js';
export {
  diagnoseHar,
  type HarReport,
  type HarSection,
  type HarTokenView,
  type HarDiagnoseOptions,
} from './diagnose.js';
export { renderHarJson, renderHarText } from './render.js';
export { runHarDiagnose, type HarCommandInput, type HarCommandOutput } from './command.js';
