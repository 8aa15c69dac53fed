/**
 * The Okta emulator's System Log (okta-behavior.md section 5): an event store, Okta's
 * `GET /api/v1/logs` handler and builders for the events of an OIDC sign-in.
 * Nothing here imports oidc-provider: the emulator records events from its own hooks.
 */
export { SystemLog, newRequestId, type SystemLogOptions } from './store.js';
export { createLogsHandler, type LogsHandlerOptions } from './handler.js';
export { oidcEvents, type OidcEventContext } from './events.js';
export { OktaApiError, type OktaErrorBody } from './errors.js';
export { parseFilter, matchesFilter, type FilterNode } from './filter.js';
export { DEFAULT_LIMIT, MAX_LIMIT, type QueryResult } from './query.js';
export type {
  LogActor,
  LogAuthenticationContext,
  LogClient,
  LogDebugContext,
  LogEvent,
  LogEventInput,
  LogOutcome,
  LogOutcomeResult,
  LogSeverity,
  LogTarget,
  LogTransaction,
} from '../../src/okta/system-log-types.js';
export {
  SESSION_START_EVENT,
  SSO_EVENT,
  oauth2EventType,
  type AuthorizationServerRef,
  type OAuth2EventKind,
} from '../../src/okta/system-log-event-types.js';
