/**
 * The ONE translation table (architecture.md ideas 2-3): what libraries, gateways, SPs and Okta
 * itself say → stable diagnosis codes, with the values they captured. Rules are data, split by
 * source under rules/; match.ts is the one matcher; vocabulary.ts reads what no rule names.
 */
export type { MessageSource, Translation } from './types.js';
export { codeForClaim } from './claims.js';
export { translateMessage } from './match.js';
export { translateLibraryError, type LibraryError } from './library-error.js';
export { parseWwwAuthenticate, type AuthChallenge } from './www-authenticate.js';
export {
  translateSpResponse,
  translateAuthorizeError,
  type SpResponseTranslation,
} from './sp-response.js';
export { explainingLines } from './log.js';
