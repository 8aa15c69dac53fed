/**
 * Reading the IdP's System Log for the 401 article's first check (okta-behavior.md section 5):
 * before blaming the SP, did Okta issue tokens to the app at all? Structural only: event types
 * and `outcome.result`; a failure's `outcome.reason` goes through the translation table only.
 */
import type { Finding } from './finding.js';
import { translateAuthorizeError } from './translate.js';

/** The part of an Okta System Log event this check reads (any `LogEvent` fits). */
export interface LogEventLike {
  eventType: string;
  published?: string;
  displayMessage?: string | null;
  outcome?: { result?: string; reason?: string | null } | null;
  target?: Array<{
    id?: string;
    type?: string;
    alternateId?: string | null;
    displayName?: string | null;
  }> | null;
}

/**
 * A summary another module may already have made of the log (the System Log client's token
 * issuance check): whether tokens were issued, which expected events are missing, and failures.
 */
export interface TokenIssuanceSummary {
  /** Every step satisfied: tokens were issued (a retried failure may still be listed). */
  issued: boolean;
  /** One line for a report. */
  summary?: string;
  missing?: string[];
  failures?: LogEventLike[];
  events?: LogEventLike[];
}

/** What the engine accepts as System Log input. */
export type SystemLogInput = TokenIssuanceSummary | LogEventLike[];

const OAUTH2 = /^app\.oauth2\.(?:as\.)?/;
const GRANT =
  /^app\.oauth2\.(?:as\.)?(?:token\.grant\.(?:id_token|access_token)|authorize\.implicit\.(?:id_token|access_token))$/;
const BAD = new Set(['FAILURE', 'DENY']);

function forApp(events: LogEventLike[], clientId: string | undefined): LogEventLike[] {
  if (!clientId) return events;
  const mine = events.filter((e) =>
    e.target?.some((t) => t.id === clientId || t.alternateId === clientId),
  );
  return mine.length > 0 ? mine : events;
}

function row(e: LogEventLike) {
  return {
    token: e.outcome?.result ?? 'SUCCESS',
    note:
      [e.published, e.displayMessage, e.outcome?.reason].filter(Boolean).join(' — ') || undefined,
  };
}

/** A failure whose reason is one of Okta's /authorize strings names the cause itself. */
function stated(failures: LogEventLike[]): Finding[] {
  return failures.flatMap((e) =>
    translateAuthorizeError('', e.outcome?.reason ?? '').map((t) => ({
      code: t.code,
      said: [t],
      evidence: { [e.eventType]: row(e) },
    })),
  );
}

/** `tokens_not_issued` when the log shows no token grant for the app (with any OAuth 2.0 failure as evidence). */
export function systemLogFindings(input: SystemLogInput, clientId?: string): Finding[] {
  if (!Array.isArray(input)) {
    if (input.issued) return [];
    const evidence: NonNullable<Finding['evidence']> = {};
    if (input.summary) evidence.system_log = { note: input.summary };
    if (input.missing?.length)
      evidence.missing_events = { token: 'absent', expected: input.missing };
    for (const e of input.failures ?? []) evidence[e.eventType] = row(e);
    return [...stated(input.failures ?? []), { code: 'tokens_not_issued', said: [], evidence }];
  }
  const events = forApp(input, clientId);
  const failures = events.filter(
    (e) => OAUTH2.test(e.eventType) && BAD.has(e.outcome?.result ?? ''),
  );
  const grants = events.filter((e) => GRANT.test(e.eventType) && !BAD.has(e.outcome?.result ?? ''));
  // A grant for the app means tokens were issued, even after an earlier failed attempt.
  if (grants.length > 0) return [];
  const evidence: NonNullable<Finding['evidence']> = {};
  for (const e of failures) evidence[e.eventType] = row(e);

  if (grants.length === 0) {
    evidence.token_grant = {
      token: 'absent',
      expected: 'app.oauth2[.as].token.grant.id_token / .access_token (or authorize.implicit.*)',
      note: `${events.length} event(s) read${clientId ? ` for client id ${clientId}` : ''}`,
    };
  }
  return [...stated(failures), { code: 'tokens_not_issued', said: [], evidence }];
}
