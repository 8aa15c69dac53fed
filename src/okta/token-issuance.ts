/**
 * The 401 article's first check (okta-401-article.txt; okta-behavior.md section 5): before blaming
 * the SP, confirm in the System Log that Okta recorded the SSO event, the authorization-code event
 * and the token-grant event for the app (or, for the implicit flow, the implicit grant events), and
 * that none of the app's OAuth 2.0 events failed. The diagnosis engine turns a result with missing
 * steps or failures into `tokens_not_issued`.
 */
import {
  SSO_EVENT,
  oauth2EventType,
  parseOAuth2EventType,
  type AuthorizationServerRef,
} from './system-log-event-types.js';
import type { LogEvent, LogOutcomeResult } from './system-log-types.js';

/** One step of the sign-in the System Log should show. */
export interface TokenIssuanceStep {
  step: 'sso' | 'authorize' | 'token_grant';
  /** Any of these event types, with a successful outcome, satisfies the step. */
  eventTypes: string[];
  /** The event types found for the step with a successful outcome. */
  found: string[];
  satisfied: boolean;
}

/** A failed event for the app. */
export interface TokenIssuanceFailure {
  eventType: string;
  uuid: string;
  published: string;
  result: LogOutcomeResult;
  reason: string | null;
  displayMessage: string | null;
  /** The event's outcome as Okta wrote it (same values as `result` / `reason`), for readers of LogEvent. */
  outcome: { result: LogOutcomeResult; reason: string | null };
}

/** What the System Log says about tokens for one app on one authorization server. */
export interface TokenIssuanceCheck {
  clientId: string;
  server: AuthorizationServerRef;
  /** The implicit flow when its events are there (or asked for), else the authorization code flow. */
  flow: 'authorization_code' | 'implicit';
  steps: TokenIssuanceStep[];
  /** Expected event types found with success. */
  found: string[];
  /** Event types of the steps not satisfied (any one of a step's types would have done). */
  missing: string[];
  failures: TokenIssuanceFailure[];
  /** Tokens the log shows as granted: `id_token`, `access_token`, `refresh_token`. */
  tokensIssued: string[];
  /** Every step satisfied. (Failures may still be present, e.g. a retried request.) */
  issued: boolean;
  /** OAuth 2.0 events for this client on another authorization server than the one checked. */
  otherServers: { eventType: string; server: AuthorizationServerRef | 'custom' }[];
  /** One line for a report. */
  summary: string;
}

/** Options of the check. */
export interface TokenIssuanceOptions {
  clientId: string;
  server: AuthorizationServerRef;
  /** Force the flow; by default the log decides (implicit events present → implicit). */
  flow?: 'authorization_code' | 'implicit';
}

const SUCCESS: readonly LogOutcomeResult[] = ['SUCCESS', 'ALLOW'];
const FAILED: readonly LogOutcomeResult[] = ['FAILURE', 'DENY'];

/** The event concerns the app: its actor, a target, or `debugData.clientId` is the client id. */
function concernsApp(event: LogEvent, clientId: string): boolean {
  return (
    event.actor?.id === clientId ||
    (Array.isArray(event.target) && event.target.some((t) => t?.id === clientId)) ||
    event.debugContext?.debugData?.clientId === clientId
  );
}

/** The authorization server an OAuth 2.0 event belongs to, as far as the event says. */
function serverOf(event: LogEvent): AuthorizationServerRef | 'custom' | undefined {
  const parsed = parseOAuth2EventType(event.eventType);
  if (!parsed) return undefined;
  if (parsed.serverKind === 'org') return 'org';
  const id = event.debugContext?.debugData?.authorizationServerId;
  return typeof id === 'string' ? id : 'custom';
}

function onServer(event: LogEvent, server: AuthorizationServerRef): boolean {
  const s = serverOf(event);
  if (s === undefined) return false;
  if (server === 'org') return s === 'org';
  return s !== 'org' && (s === 'custom' || s === server);
}

function describeServer(server: AuthorizationServerRef): string {
  return server === 'org'
    ? 'the ORG authorization server'
    : `custom authorization server "${server}"`;
}

/** Runs the 401 article's System Log check over `events` (already fetched, any order). */
export function checkTokenIssuance(
  events: readonly LogEvent[],
  options: TokenIssuanceOptions,
): TokenIssuanceCheck {
  const { clientId, server } = options;
  const appEvents = events.filter(
    (e) => e && typeof e.eventType === 'string' && concernsApp(e, clientId),
  );
  const oauthEvents = appEvents.filter((e) => onServer(e, server));
  const t = (kind: Parameters<typeof oauth2EventType>[1]) => oauth2EventType(server, kind);

  const implicitTypes = [t('authorize.implicit.id_token'), t('authorize.implicit.access_token')];
  const flow =
    options.flow ??
    (oauthEvents.some((e) => implicitTypes.includes(e.eventType))
      ? 'implicit'
      : 'authorization_code');

  const wanted: Pick<TokenIssuanceStep, 'step' | 'eventTypes'>[] = [
    { step: 'sso', eventTypes: [SSO_EVENT] },
  ];
  if (flow === 'implicit') {
    wanted.push({ step: 'token_grant', eventTypes: implicitTypes });
  } else {
    wanted.push({ step: 'authorize', eventTypes: [t('authorize.code')] });
    wanted.push({
      step: 'token_grant',
      eventTypes: [t('token.grant.id_token'), t('token.grant.access_token')],
    });
  }

  const succeeded = (e: LogEvent) => SUCCESS.includes(e.outcome?.result);
  const candidates = [...appEvents.filter((e) => e.eventType === SSO_EVENT), ...oauthEvents];
  const steps: TokenIssuanceStep[] = wanted.map((w) => {
    const found = [
      ...new Set(
        candidates
          .filter((e) => w.eventTypes.includes(e.eventType) && succeeded(e))
          .map((e) => e.eventType),
      ),
    ];
    return { ...w, found, satisfied: found.length > 0 };
  });

  const failures: TokenIssuanceFailure[] = candidates
    .filter((e) => FAILED.includes(e.outcome?.result))
    .map((e) => ({
      eventType: e.eventType,
      uuid: e.uuid,
      published: e.published,
      result: e.outcome.result,
      reason: e.outcome.reason ?? null,
      displayMessage: e.displayMessage ?? null,
      outcome: { result: e.outcome.result, reason: e.outcome.reason ?? null },
    }));

  const tokensIssued = [
    ...new Set(
      oauthEvents
        .filter(succeeded)
        .map((e) => parseOAuth2EventType(e.eventType)?.kind ?? '')
        .filter((k) => k.startsWith('token.grant.') || k.startsWith('authorize.implicit.'))
        .map((k) => k.slice(k.lastIndexOf('.') + 1)),
    ),
  ];

  const otherServers = appEvents
    .filter((e) => serverOf(e) !== undefined && !onServer(e, server))
    .map((e) => ({
      eventType: e.eventType,
      server: serverOf(e) as AuthorizationServerRef | 'custom',
    }));

  const found = steps.flatMap((s) => s.found);
  const missing = steps.filter((s) => !s.satisfied).flatMap((s) => s.eventTypes);
  const issued = steps.every((s) => s.satisfied);

  const where = `client ${clientId} on ${describeServer(server)}`;
  let summary: string;
  const firstFailure = failures[0];
  if (firstFailure && !issued) {
    summary = `Okta refused the request: ${firstFailure.eventType} ${firstFailure.result}${firstFailure.reason ? ` (${firstFailure.reason})` : ''} for ${where}`;
  } else if (!issued) {
    const gaps = steps.filter((s) => !s.satisfied).map((s) => s.eventTypes.join(' or '));
    summary = `The System Log has no ${gaps.join(', no ')} event for ${where}: Okta issued no token there`;
  } else {
    summary = `Okta recorded SSO, ${flow === 'implicit' ? 'the implicit grant' : 'the authorization code and the token grant'} (${tokensIssued.join(', ')}) for ${where}`;
    if (firstFailure)
      summary += `; ${failures.length} failed event(s) too, first ${firstFailure.eventType}`;
  }
  if (otherServers.length > 0 && !issued) {
    const servers = [...new Set(otherServers.map((o) => o.server))].join(', ');
    summary += `; this client has OAuth 2.0 events on authorization server ${servers} instead`;
  }

  return {
    clientId,
    server,
    flow,
    steps,
    found,
    missing,
    failures,
    tokensIssued,
    issued,
    otherServers,
    summary,
  };
}
