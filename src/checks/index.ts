/** The pure token checks: parse a compact JWT, then check its header and payload against an SP's expectation. */
export { MAX_TOKEN_LENGTH, isCheckFailure, parseCompactJwt } from './decode.js';
export {
  DEFAULT_ALGORITHMS,
  USER_IDENTIFYING_CLAIMS,
  checkToken,
  grantedScopes,
  readClaim,
  type CheckContext,
} from './claims.js';
export { checkTimes } from './time.js';
export { checkDpopBinding } from './dpop.js';
export {
  ORG_ACCESS_TOKEN_TYP,
  RFC9068_TYPS,
  guessTokenUse,
  isOrgAccessToken,
  isOrgIssuer,
  tokenAudiences,
  type TokenUseGuess,
} from './token-use.js';
export type { CheckFailure, Presentation, TokenParts } from './types.js';
