/**
 * A real Okta tenant as the case executor's IdentityProvider port: nothing is configured (a
 * tenant is set up in Okta's admin console), `prepare` checks the case's authorization server is
 * there with the issuer Okta gives that kind of server, and the System Log is read with the API
 * token when there is one — the 401 article's check (okta-behavior.md sections 1 and 5).
 */
import { isLoopbackHttpUrl } from '../../net/loopback.js';
import { issuerOf } from '../../okta/issuers.js';
import type { CaseDefinition, SymbolValues } from '../../case/types.js';
import type { IdentityProvider } from '../ports.js';
import { fetchSystemLog } from '../../okta/system-log-client.js';
import type { LogEvent } from '../../okta/system-log-types.js';
import { checkTokenIssuance, type TokenIssuanceCheck } from '../../okta/token-issuance.js';
import { discoverServer, type DiscoveredServer } from '../../okta/tenant-discovery.js';
import { tenantSecrets, type OktaTenantSettings } from '../../okta/tenant-settings.js';

/** Options of the port. */
export interface OktaIdentityProviderOptions {
  /**
   * How long to keep reading the System Log for the sign-in's events. Okta writes them a few
   * seconds late; a loopback stand-in writes them at once. Default: 0 on loopback, 15 000 else.
   */
  systemLogWaitMs?: number;
  /** Pause between reads while waiting, ms. Default 2 000. */
  systemLogPollMs?: number;
}

/** The event concerns the app: its actor, a target, or `debugData.clientId` is the client id. */
function concernsApp(event: LogEvent, clientId: string): boolean {
  return (
    event.actor?.id === clientId ||
    (Array.isArray(event.target) && event.target.some((t) => t?.id === clientId)) ||
    event.debugContext?.debugData?.clientId === clientId
  );
}

/**
 * Per tenant and app, the newest event an earlier case of this process has read. The executor
 * reads from a second before its case began, for clock skew; back-to-back cases on one app would
 * otherwise take in the previous case's events (its successful token grant, say) as their own.
 */
const readUpTo = new Map<string, number>();

/** The window start for a case: `since`, but never before events an earlier case has read. */
function windowStart(key: string, since: Date): Date {
  const seen = readUpTo.get(key);
  return seen !== undefined && seen >= since.getTime() ? new Date(seen + 1) : since;
}

function rememberRead(key: string, events: LogEvent[]): void {
  for (const event of events) {
    const at = Date.parse(event.published);
    if (Number.isFinite(at) && at > (readUpTo.get(key) ?? -Infinity)) readUpTo.set(key, at);
  }
}

/** A real Okta tenant (or a stand-in at the same URLs) as the executor's IdP. */
export class OktaIdentityProvider implements IdentityProvider {
  readonly kind = 'okta' as const;
  /** Absent without an API token: then no System Log evidence, rather than an empty log. */
  readonly systemLog?: (since: Date) => Promise<LogEvent[]>;
  private readonly discovered = new Map<string, DiscoveredServer>();
  private lastDefinition?: CaseDefinition;

  constructor(
    readonly settings: OktaTenantSettings,
    private readonly options: OktaIdentityProviderOptions = {},
  ) {
    if (settings.apiToken) this.systemLog = (since) => this.readSystemLog(since);
  }

  /**
   * The tenant's server for a case's `idp.server`. A case always names one (`default` when it
   * says nothing), so `OKTA_AUTH_SERVER` set to a custom server id stands in for `default`: the
   * tenant's own custom server takes the built-in one's place. `org` and other ids are kept.
   */
  serverFor(server: string): string {
    const configured = this.settings.authServer;
    return server === 'default' && configured !== 'org' ? configured : server;
  }

  async prepare(definition: CaseDefinition): Promise<void> {
    this.lastDefinition = definition;
    const server = this.serverFor(definition.idp.server);
    if (!this.discovered.has(server)) {
      this.discovered.set(server, await discoverServer(this.settings.orgUrl, server));
    }
  }

  /** The discovered server, after prepare. */
  discoveredServer(server: string): DiscoveredServer | undefined {
    return this.discovered.get(this.serverFor(server));
  }

  symbols(): SymbolValues['idp'] {
    const { orgUrl, clientId } = this.settings;
    const issuers: Record<string, string> = { default: this.issuer('default') };
    for (const [id, d] of this.discovered) if (id !== 'org') issuers[id] = d.issuer;
    const caseServer = this.lastDefinition?.idp.server;
    if (caseServer && caseServer !== 'org') issuers[caseServer] = this.issuer(caseServer);
    return { url: orgUrl, orgIssuer: orgUrl, issuers, clientId };
  }

  issuer(server: string): string {
    return issuerOf(this.settings.orgUrl, this.serverFor(server));
  }

  client(): { clientId: string; clientSecret?: string } {
    const { clientId, clientSecret } = this.settings;
    return clientSecret ? { clientId, clientSecret } : { clientId };
  }

  credentials(): { username: string; password: string; totpSecret?: string } {
    return {
      username: this.settings.username,
      password: this.settings.password,
      ...(this.settings.totpSecret ? { totpSecret: this.settings.totpSecret } : {}),
    };
  }

  /** The 401 article's check over events read for this app (okta-behavior.md section 5). */
  tokenIssuance(events: LogEvent[], definition: CaseDefinition): TokenIssuanceCheck {
    return checkTokenIssuance(events, {
      clientId: this.settings.clientId,
      server: this.serverFor(definition.idp.server),
      ...(definition.client.flow === 'implicit' ? { flow: 'implicit' as const } : {}),
    });
  }

  secrets(): string[] {
    return tenantSecrets(this.settings);
  }

  /**
   * Reads the app's events since `since`. Okta's log lags: keep reading until the sign-in's
   * token grant (or a failure) is there, or the wait is over.
   */
  private async readSystemLog(caseSince: Date): Promise<LogEvent[]> {
    const { orgUrl, apiToken, clientId } = this.settings;
    const key = `${orgUrl} ${clientId}`;
    const since = windowStart(key, caseSince);
    const waitMs = this.options.systemLogWaitMs ?? (isLoopbackHttpUrl(orgUrl) ? 0 : 15_000);
    const pollMs = this.options.systemLogPollMs ?? 2_000;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const events = (
        await fetchSystemLog({
          baseUrl: orgUrl,
          apiToken: apiToken as string,
          since,
          limit: 1000,
          maxPages: 5,
        })
      ).filter((e) => concernsApp(e, clientId));
      const definition = this.lastDefinition;
      const settled =
        !definition ||
        (() => {
          const check = this.tokenIssuance(events, definition);
          return check.issued || check.failures.length > 0;
        })();
      if (settled || Date.now() + pollMs > deadline) {
        rememberRead(key, events);
        return events;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
