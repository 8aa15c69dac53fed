import { test, expect } from '@playwright/test';
import {
  SystemLog,
  oidcEvents,
  type OidcEventContext,
} from '../../../mock-idp/system-log/index.js';
import { checkTokenIssuance } from '../../../src/okta/system-log-client.js';

const CLIENT = '0oaPortal';

function ctx(server: string, clientId = CLIENT): OidcEventContext {
  return {
    server,
    user: { id: '00uAnn', login: 'ann@example.com', displayName: 'Ann Example' },
    app: { clientId, name: 'Portal' },
  };
}

/** The events of a complete authorization code sign-in on `server`. */
function codeFlow(log: SystemLog, server: string) {
  const c = ctx(server);
  log.record(oidcEvents.sessionStart(c));
  log.record(oidcEvents.sso(c));
  log.record(oidcEvents.authorizeCode(c));
  log.record(oidcEvents.tokenGrant(c, 'id_token'));
  log.record(oidcEvents.tokenGrant(c, 'access_token'));
}

test.describe('checkTokenIssuance (the 401 article System Log check)', () => {
  for (const server of ['org', 'default']) {
    test(`code flow on ${server}: every step found, nothing missing`, () => {
      const log = new SystemLog();
      codeFlow(log, server);
      const r = checkTokenIssuance(log.events(), { clientId: CLIENT, server });
      const as = server === 'org' ? '' : '.as';
      expect(r.flow).toBe('authorization_code');
      expect(r.issued).toBe(true);
      expect(r.missing).toEqual([]);
      expect(r.failures).toEqual([]);
      expect(r.found).toEqual([
        'user.authentication.sso',
        `app.oauth2${as}.authorize.code`,
        `app.oauth2${as}.token.grant.id_token`,
        `app.oauth2${as}.token.grant.access_token`,
      ]);
      expect(r.tokensIssued).toEqual(['id_token', 'access_token']);
      expect(r.summary).toMatch(/^Okta recorded SSO, the authorization code and the token grant/);
    });
  }

  test('no token grant: the token-grant step is missing and the summary says so', () => {
    const log = new SystemLog();
    const c = ctx('default');
    log.record(oidcEvents.sso(c));
    log.record(oidcEvents.authorizeCode(c));
    const r = checkTokenIssuance(log.events(), { clientId: CLIENT, server: 'default' });
    expect(r.issued).toBe(false);
    expect(r.missing).toEqual([
      'app.oauth2.as.token.grant.id_token',
      'app.oauth2.as.token.grant.access_token',
    ]);
    expect(r.steps.map((s) => [s.step, s.satisfied])).toEqual([
      ['sso', true],
      ['authorize', true],
      ['token_grant', false],
    ]);
    expect(r.summary).toContain('no app.oauth2.as.token.grant.id_token or');
    expect(r.summary).toContain('Okta issued no token');
  });

  test('an empty log: every step missing', () => {
    const r = checkTokenIssuance([], { clientId: CLIENT, server: 'org' });
    expect(r.issued).toBe(false);
    expect(r.missing).toEqual([
      'user.authentication.sso',
      'app.oauth2.authorize.code',
      'app.oauth2.token.grant.id_token',
      'app.oauth2.token.grant.access_token',
    ]);
  });

  test('a refused /authorize is reported as a failure with its reason', () => {
    const log = new SystemLog();
    const c = ctx('org');
    log.record(oidcEvents.sso(c));
    log.record(
      oidcEvents.authorizeFailure(
        c,
        'invalid_scope: Custom scopes are not allowed for this request.',
      ),
    );
    log.record(oidcEvents.scopeDenied(c, ['orders:read']));
    const r = checkTokenIssuance(log.events(), { clientId: CLIENT, server: 'org' });
    expect(r.issued).toBe(false);
    expect(r.failures.map((f) => [f.eventType, f.result, f.reason])).toEqual([
      [
        'app.oauth2.authorize',
        'FAILURE',
        'invalid_scope: Custom scopes are not allowed for this request.',
      ],
      ['app.oauth2.authorize.scope_denied', 'FAILURE', 'Scopes denied: orders:read'],
    ]);
    expect(r.summary).toMatch(
      /^Okta refused the request: app\.oauth2\.authorize FAILURE \(invalid_scope/,
    );
    // failures keep Okta's outcome object, so LogEvent readers see the same values
    expect(r.failures[0]?.outcome).toEqual({
      result: 'FAILURE',
      reason: 'invalid_scope: Custom scopes are not allowed for this request.',
    });
  });

  test('a failed /token is a failure; events of another app are ignored', () => {
    const log = new SystemLog();
    codeFlow(log, 'default');
    const other = ctx('default', '0oaOther');
    log.record(oidcEvents.tokenGrantFailure(other, 'invalid_grant'));
    const mine = checkTokenIssuance(log.events(), { clientId: CLIENT, server: 'default' });
    expect(mine.failures).toEqual([]);
    const theirs = checkTokenIssuance(log.events(), { clientId: '0oaOther', server: 'default' });
    expect(theirs.failures.map((f) => f.eventType)).toEqual(['app.oauth2.as.token.grant']);
    expect(theirs.issued).toBe(false);
  });

  test('tokens from another authorization server do not count, and are pointed out', () => {
    const log = new SystemLog();
    codeFlow(log, 'org');
    const r = checkTokenIssuance(log.events(), { clientId: CLIENT, server: 'default' });
    expect(r.issued).toBe(false);
    expect(r.found).toEqual(['user.authentication.sso']);
    expect(r.otherServers.map((o) => o.server)).toContain('org');
    expect(r.summary).toContain('on authorization server org instead');
    const other = new SystemLog();
    codeFlow(other, 'custom2');
    const r2 = checkTokenIssuance(other.events(), { clientId: CLIENT, server: 'default' });
    expect(r2.issued).toBe(false);
    expect(r2.otherServers[0]?.server).toBe('custom2');
  });

  test('implicit flow: SSO plus implicit grants, no code or token-grant events needed', () => {
    const log = new SystemLog();
    const c = ctx('default');
    log.record(oidcEvents.sso(c));
    log.record(oidcEvents.implicitGrant(c, 'id_token'));
    log.record(oidcEvents.implicitGrant(c, 'access_token'));
    const r = checkTokenIssuance(log.events(), { clientId: CLIENT, server: 'default' });
    expect(r.flow).toBe('implicit');
    expect(r.issued).toBe(true);
    expect(r.tokensIssued).toEqual(['id_token', 'access_token']);
    const forced = checkTokenIssuance(log.events(), {
      clientId: CLIENT,
      server: 'default',
      flow: 'authorization_code',
    });
    expect(forced.issued).toBe(false);
    expect(forced.missing).toContain('app.oauth2.as.authorize.code');
  });

  test('real-Okta events without the emulator’s authorizationServerId still match a custom server', () => {
    const log = new SystemLog();
    codeFlow(log, 'default');
    const events = log.events().map((e) => {
      const copy = structuredClone(e);
      delete copy.debugContext.debugData.authorizationServerId;
      return copy;
    });
    expect(checkTokenIssuance(events, { clientId: CLIENT, server: 'aus123' }).issued).toBe(true);
  });
});
