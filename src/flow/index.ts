/**
 * The flow runner: the only part of oidc-harness that imports openid-client.
 */
export {
  runBrowserFlow,
  responseHandling,
  type FlowRequest,
  type FlowResult,
  type FlowOptions,
  type FlowStep,
  type FlowTokens,
  type TokenError,
} from './runner.js';
export {
  startCallbackListener,
  type CallbackListener,
  type CallbackResult,
  type ResponseMode,
} from './callback.js';
export { FlowError, type FlowErrorCode } from './errors.js';
export { forgetDiscovery } from './configuration.js';
export { parseOktaErrorPage, type OktaErrorPage } from './okta-error-page.js';
export { redactUrl } from '../token/redact.js';
export type { Credentials, SignInDriver, SignInOptions, StepFn } from './sign-in.js';
