/**
 * The emulator's System Log: an in-memory, ordered store of Okta-shaped events
 * (okta-behavior.md section 5) that the emulator records as a sign-in happens and that
 * `GET /api/v1/logs` queries.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { displayMessageFor } from '../../src/okta/system-log-event-types.js';
import {
  LOG_OUTCOME_RESULTS,
  LOG_SEVERITIES,
  type LogEvent,
  type LogEventInput,
} from '../../src/okta/system-log-types.js';
import { runQuery, type QueryResult, type StoredEvent } from './query.js';

/** Options of the System Log store. */
export interface SystemLogOptions {
  /** The clock, in ms since the epoch; lets a case shift time. Default `Date.now`. */
  now?: () => number;
  /** Oldest events are dropped beyond this many. Default 10 000. */
  maxEvents?: number;
}

/** Okta's own system principal, the actor of events no user or app performed. */
const OKTA_SYSTEM_ACTOR = {
  id: '0oa1system0000000000',
  type: 'SystemPrincipal',
  alternateId: 'system@okta.com',
  displayName: 'Okta System',
} as const;

/** An Okta-style transaction/request id: 27 URL-safe characters. */
export function newRequestId(): string {
  return randomBytes(21).toString('base64url').slice(0, 27);
}

/** Events are shared with every query's result, so none can be changed after it is recorded. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The System Log of one emulated Okta org.
 *
 * @example
 * const log = new SystemLog();
 * log.record(oidcEvents.sso(ctx));
 * log.query(new URLSearchParams('filter=eventType eq "user.authentication.sso"'), issuer);
 */
export class SystemLog {
  readonly #now: () => number;
  readonly #maxEvents: number;
  #entries: StoredEvent[] = [];
  #seq = 0;

  constructor(options: SystemLogOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxEvents = options.maxEvents ?? 10_000;
  }

  /**
   * Records an event: fills `uuid`, `published` (now, ISO 8601 with ms), `version` "0" and
   * Okta-shaped defaults for every field not given. Throws TypeError on a malformed input.
   */
  record(input: LogEventInput): LogEvent {
    if (typeof input?.eventType !== 'string' || input.eventType.trim() === '') {
      throw new TypeError('SystemLog.record: eventType must be a non-empty string');
    }
    const result = input.outcome?.result ?? 'SUCCESS';
    if (!(LOG_OUTCOME_RESULTS as readonly string[]).includes(result)) {
      throw new TypeError(
        `SystemLog.record: outcome.result must be one of ${LOG_OUTCOME_RESULTS.join(', ')}, got ${String(result)}`,
      );
    }
    if (input.severity !== undefined && !LOG_SEVERITIES.includes(input.severity)) {
      throw new TypeError(
        `SystemLog.record: severity must be one of ${LOG_SEVERITIES.join(', ')}, got ${String(input.severity)}`,
      );
    }
    const nowMs = this.#now();
    const publishedMs =
      input.published !== undefined ? Date.parse(input.published) : Math.floor(nowMs);
    if (!Number.isFinite(publishedMs)) {
      throw new TypeError(`SystemLog.record: published is not a date: ${String(input.published)}`);
    }
    const failed = result === 'FAILURE' || result === 'DENY';
    const client = input.client ?? {};
    const event: LogEvent = {
      uuid: input.uuid ?? randomUUID(),
      published: new Date(publishedMs).toISOString(),
      eventType: input.eventType,
      version: '0',
      severity: input.severity ?? (failed ? 'WARN' : 'INFO'),
      displayMessage:
        input.displayMessage !== undefined
          ? input.displayMessage
          : (displayMessageFor(input.eventType) ?? null),
      actor: input.actor ?? { ...OKTA_SYSTEM_ACTOR },
      client: {
        userAgent: client.userAgent ?? { rawUserAgent: null, os: null, browser: 'UNKNOWN' },
        zone: client.zone ?? 'null',
        device: client.device ?? 'Unknown',
        id: client.id ?? null,
        ipAddress: client.ipAddress ?? null,
        geographicalContext: client.geographicalContext ?? null,
      },
      outcome: { result, reason: input.outcome?.reason ?? null },
      target: input.target ?? [],
      transaction: input.transaction ?? { type: 'WEB', id: newRequestId(), detail: {} },
      debugContext: input.debugContext ?? { debugData: {} },
      authenticationContext: input.authenticationContext ?? {
        authenticationProvider: null,
        credentialProvider: null,
        credentialType: null,
        issuer: null,
        interface: null,
        authenticationStep: 0,
        externalSessionId: null,
      },
    };
    if (input.legacyEventType !== undefined) event.legacyEventType = input.legacyEventType;
    if (input.request !== undefined) event.request = input.request;
    if (input.securityContext !== undefined) event.securityContext = input.securityContext;

    // Kept sorted by (published, seq) so queries need not sort; with a steady clock this is a push.
    const entry = { event: deepFreeze(structuredClone(event)), publishedMs, seq: ++this.#seq };
    let i = this.#entries.length;
    while (i > 0 && (this.#entries[i - 1] as StoredEvent).publishedMs > publishedMs) i--;
    this.#entries.splice(i, 0, entry);
    if (this.#entries.length > this.#maxEvents) {
      this.#entries = this.#entries.slice(this.#entries.length - this.#maxEvents);
    }
    return entry.event;
  }

  /** Every recorded event (frozen), ordered by `published`. */
  events(): readonly LogEvent[] {
    return this.#entries.map((e) => e.event);
  }

  /** Forgets every event (between cases). Cursors issued before stay valid and find nothing older. */
  clear(): void {
    this.#entries = [];
  }

  /**
   * Runs a `GET /api/v1/logs` query (since, until, after, filter, q, limit, sortOrder).
   * `baseUrl` is the org URL the links start with. Throws OktaApiError (400) on bad parameters.
   */
  query(params: URLSearchParams, baseUrl: string): QueryResult {
    return runQuery(this.#entries, params, baseUrl, this.#now());
  }
}
