/**
 * Errors the flow runner throws. Each carries a stable `code` and a structured `cause`, so callers
 * (the fixtures, the diagnosis engine) branch on the code, never on the message text.
 */
import { HarnessError } from '../errors.js';

/** Why a browser flow could not produce a result. */
export type FlowErrorCode =
  /** The issuer's discovery document could not be fetched or was not usable. */
  | 'discovery_failed'
  /** No authorization response reached the callback listener in time. */
  | 'callback_timeout'
  /** The wait for a response was ended because the listener was handed to another flow. */
  | 'callback_cancelled'
  /** The authorization response's `state` is not the one the request sent (CSRF check). */
  | 'state_mismatch'
  /** The ID token's `nonce` is not the one the request sent (`nonce_mismatch` in the diagnosis). */
  | 'nonce_mismatch'
  /** The ID token failed openid-client's checks (signature, issuer, audience, time). */
  | 'id_token_invalid'
  /** The authorize step ended on a page that is neither a sign-in page, a callback nor Okta's 400 page. */
  | 'authorize_page_error'
  /** The authorization response could not be processed for another reason. */
  | 'response_invalid'
  /** The request itself is unusable (e.g. an implicit flow without `openid`). */
  | 'request_invalid';

/** A browser flow failed before it could produce a {@link FlowResult}. */
export class FlowError extends HarnessError<FlowErrorCode> {
  constructor(
    readonly code: FlowErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FlowError';
  }
}
