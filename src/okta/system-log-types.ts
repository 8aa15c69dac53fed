/**
 * The shape of an Okta System Log event (okta-behavior.md section 5), shared by the emulator's
 * System Log (`mock-idp/system-log/`, which re-exports these types) and the System Log client
 * that reads real Okta. It lives in `src/` because imports flow `src/` ← `mock-idp/`.
 */

/** `outcome.result` values Okta writes. */
export const LOG_OUTCOME_RESULTS = [
  'SUCCESS',
  'FAILURE',
  'SKIPPED',
  'ALLOW',
  'DENY',
  'CHALLENGE',
  'UNKNOWN',
] as const;

/** One `outcome.result` value. */
export type LogOutcomeResult = (typeof LOG_OUTCOME_RESULTS)[number];

/** `severity` values Okta writes, lowest first (the order `gt`/`lt` filters use). */
export const LOG_SEVERITIES = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** One `severity` value. */
export type LogSeverity = (typeof LOG_SEVERITIES)[number];

/** Who performed the action: a user, a client app, or the Okta system principal. */
export interface LogActor {
  id: string;
  /** `User`, `PublicClientApp`, `SystemPrincipal`, … */
  type: string;
  alternateId: string | null;
  displayName: string | null;
  detailEntry?: Record<string, unknown> | null;
}

/** What the action was performed on: an app instance, an app user, a token, … */
export interface LogTarget {
  id: string;
  /** `AppInstance`, `AppUser`, `User`, `access_token`, `id_token`, … */
  type: string;
  alternateId: string | null;
  displayName: string | null;
  detailEntry?: Record<string, unknown> | null;
}

/** The HTTP client the actor used. */
export interface LogClient {
  userAgent: { rawUserAgent: string | null; os?: string | null; browser?: string | null } | null;
  ipAddress: string | null;
  zone?: string | null;
  device?: string | null;
  id?: string | null;
  geographicalContext?: Record<string, unknown> | null;
}

/** Whether the action succeeded, and why not. */
export interface LogOutcome {
  result: LogOutcomeResult;
  reason: string | null;
}

/** The request's transaction: events of one HTTP request share its id. */
export interface LogTransaction {
  /** `WEB` (browser or API request) or `JOB`. */
  type: string;
  id: string;
  detail?: Record<string, unknown>;
}

/** Free-form debugging data; Okta puts `requestId`, `requestUri`, `url`, scopes… here. */
export interface LogDebugContext {
  debugData: Record<string, unknown>;
}

/** How the actor authenticated; `externalSessionId` ties events of one session together. */
export interface LogAuthenticationContext {
  authenticationProvider?: string | null;
  credentialProvider?: string | null;
  credentialType?: string | null;
  issuer?: Record<string, unknown> | null;
  interface?: string | null;
  authenticationStep?: number;
  externalSessionId?: string | null;
}

/** One System Log event, as `GET /api/v1/logs` returns it. */
export interface LogEvent {
  uuid: string;
  /** ISO 8601 with milliseconds, UTC: `2024-05-01T12:00:00.000Z`. */
  published: string;
  eventType: string;
  version: '0';
  severity: LogSeverity;
  displayMessage: string | null;
  actor: LogActor;
  client: LogClient;
  outcome: LogOutcome;
  target: LogTarget[];
  transaction: LogTransaction;
  debugContext: LogDebugContext;
  authenticationContext: LogAuthenticationContext;
  legacyEventType?: string | null;
  request?: { ipChain: Record<string, unknown>[] };
  securityContext?: Record<string, unknown>;
}

/**
 * What a caller gives the emulator's System Log to record: the event type and whatever it knows;
 * the store fills `uuid`, `published`, `version` and Okta-shaped defaults for the rest.
 */
export type LogEventInput = Partial<
  Omit<LogEvent, 'eventType' | 'version' | 'outcome' | 'client' | 'actor'>
> & {
  eventType: string;
  outcome?: { result: LogOutcomeResult; reason?: string | null };
  actor?: LogActor;
  client?: Partial<LogClient>;
};
