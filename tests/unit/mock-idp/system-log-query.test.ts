import { test, expect } from '@playwright/test';
import {
  OktaApiError,
  SystemLog,
  oidcEvents,
  type LogEvent,
  type OidcEventContext,
} from '../../../mock-idp/system-log/index.js';

const BASE = 'http://127.0.0.1:9';
const T0 = Date.parse('2025-03-01T10:00:00.000Z');

/** A store on a hand-driven clock. */
function clockedLog(start = T0) {
  let now = start;
  const log = new SystemLog({ now: () => now });
  return { log, tick: (ms = 1000) => (now += ms), at: () => now };
}

function query(log: SystemLog, qs: string) {
  return log.query(new URLSearchParams(qs), BASE);
}

function types(events: LogEvent[]): string[] {
  return events.map((e) => e.eventType);
}

function fourEvents() {
  const c = clockedLog();
  c.log.record({ eventType: 'user.session.start', actor: actor('00u1', 'ann@example.com') });
  c.tick();
  c.log.record({
    eventType: 'user.authentication.sso',
    actor: actor('00u1', 'ann@example.com'),
    target: [
      { id: '0oaApp', type: 'AppInstance', alternateId: 'Portal', displayName: 'Portal' },
      { id: '0uaX', type: 'AppUser', alternateId: 'ann@example.com', displayName: 'Ann' },
    ],
    client: { ipAddress: '10.0.0.7', userAgent: { rawUserAgent: 'Mozilla/5.0 Chrome' } },
  });
  c.tick();
  c.log.record({
    eventType: 'app.oauth2.as.authorize',
    outcome: { result: 'FAILURE', reason: 'invalid_scope' },
    actor: actor('00u2', 'bob@example.com'),
    debugContext: { debugData: { requestUri: '/oauth2/default/v1/authorize' } },
  });
  c.tick();
  c.log.record({
    eventType: 'app.oauth2.as.token.grant.access_token',
    severity: 'DEBUG',
    authenticationContext: { authenticationStep: 2 },
  });
  return c;
}

function actor(id: string, login: string) {
  return { id, type: 'User', alternateId: login, displayName: login.split('@')[0] ?? null };
}

test.describe('System Log store', () => {
  test('record fills uuid, published with ms, version "0" and Okta defaults', () => {
    const { log } = clockedLog(T0 + 123);
    const e = log.record({ eventType: 'user.session.start' });
    expect(e.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.published).toBe('2025-03-01T10:00:00.123Z');
    expect(e.version).toBe('0');
    expect(e.severity).toBe('INFO');
    expect(e.displayMessage).toBe('User login to Okta');
    expect(e.outcome).toEqual({ result: 'SUCCESS', reason: null });
    expect(e.actor.type).toBe('SystemPrincipal');
    expect(e.target).toEqual([]);
    expect(e.transaction.type).toBe('WEB');
    expect(log.events()).toHaveLength(1);
  });

  test('a failure defaults to severity WARN; bad input is a TypeError naming the field', () => {
    const { log } = clockedLog();
    expect(log.record({ eventType: 'x', outcome: { result: 'FAILURE' } }).severity).toBe('WARN');
    expect(() => log.record({ eventType: '' })).toThrow(/eventType must be a non-empty string/);
    expect(() => log.record({ eventType: 'x', outcome: { result: 'NOPE' as 'SUCCESS' } })).toThrow(
      /outcome.result must be one of/,
    );
  });

  test('a recorded event is a frozen copy: neither the caller nor a query result can change it', () => {
    const { log } = clockedLog();
    const shared = actor('00u1', 'ann@example.com');
    const e = log.record({ eventType: 'user.session.start', actor: shared });
    shared.alternateId = 'changed@example.com';
    expect(log.events()[0]?.actor.alternateId).toBe('ann@example.com');
    expect(Object.isFrozen(e.actor)).toBe(true);
    const [first] = query(log, '').events;
    expect(() => {
      (first as LogEvent).eventType = 'x';
    }).toThrow();
  });

  test('clear forgets every event', () => {
    const { log } = fourEvents();
    log.clear();
    expect(log.events()).toHaveLength(0);
    expect(query(log, '').events).toHaveLength(0);
  });
});

test.describe('System Log filter', () => {
  const cases: [string, string[]][] = [
    ['eventType eq "user.session.start"', ['user.session.start']],
    [
      'eventType ne "user.session.start"',
      [
        'user.authentication.sso',
        'app.oauth2.as.authorize',
        'app.oauth2.as.token.grant.access_token',
      ],
    ],
    [
      'eventType co "oauth2"',
      ['app.oauth2.as.authorize', 'app.oauth2.as.token.grant.access_token'],
    ],
    ['eventType sw "user."', ['user.session.start', 'user.authentication.sso']],
    ['eventType ew "access_token"', ['app.oauth2.as.token.grant.access_token']],
    ['client.ipAddress pr', ['user.authentication.sso']],
    ['outcome.result eq "FAILURE"', ['app.oauth2.as.authorize']],
    ['actor.alternateId eq "ann@example.com"', ['user.session.start', 'user.authentication.sso']],
    ['target.id eq "0uaX"', ['user.authentication.sso']],
    ['target.id eq "0oaApp" and target.id eq "0uaX"', ['user.authentication.sso']],
    ['client.ipAddress eq "10.0.0.7"', ['user.authentication.sso']],
    ['severity gt "INFO"', ['app.oauth2.as.authorize']],
    [
      'severity ge "INFO"',
      ['user.session.start', 'user.authentication.sso', 'app.oauth2.as.authorize'],
    ],
    ['severity lt "INFO"', ['app.oauth2.as.token.grant.access_token']],
    ['severity le "DEBUG"', ['app.oauth2.as.token.grant.access_token']],
    ['authenticationContext.authenticationStep gt 1', ['app.oauth2.as.token.grant.access_token']],
    ['outcome.reason eq null and eventType sw "app."', ['app.oauth2.as.token.grant.access_token']],
    [
      'eventType eq "user.session.start" or outcome.result eq "FAILURE"',
      ['user.session.start', 'app.oauth2.as.authorize'],
    ],
    [
      '(eventType sw "user" or eventType sw "app") and not (actor.alternateId eq "ann@example.com")',
      ['app.oauth2.as.authorize', 'app.oauth2.as.token.grant.access_token'],
    ],
    ['EVENTTYPE EQ "USER.SESSION.START"', ['user.session.start']],
    ['debugContext.debugData.requestUri sw "/oauth2/"', ['app.oauth2.as.authorize']],
  ];
  for (const [filter, expected] of cases) {
    test(`filter ${filter}`, () => {
      const { log } = fourEvents();
      expect(types(query(log, `filter=${encodeURIComponent(filter)}`).events)).toEqual(expected);
    });
  }

  const bad: [string, number, string, RegExp][] = [
    [
      'eventType eqq "x"',
      400,
      'E0000053',
      /Invalid filter 'eventType eqq "x"': Unrecognized attribute operator 'eqq' at position 10\. Expected: eq,ne,co,sw,ew,pr/,
    ],
    ['eventType eq "x', 400, 'E0000053', /Unterminated string starting at position 13/],
    [
      'eventType eq',
      400,
      'E0000053',
      /Expected a value .* after 'eq', found the end of the filter/,
    ],
    ['eventType', 400, 'E0000053', /Missing attribute operator after 'eventType'/],
    ['(eventType eq "x"', 400, 'E0000053', /Expected '\)' to close the '\(' at position 0/],
    [
      'eventType eq "x" eventType eq "y"',
      400,
      'E0000053',
      /Unexpected 'eventType' at position 17\. Expected 'and', 'or'/,
    ],
    ['eventType eq "x" and', 400, 'E0000053', /Expected an attribute path, found the end/],
    ['eventType eq "x" & y', 400, 'E0000053', /Unexpected character '&' at position 17/],
    ['nonsense eq "x"', 400, 'E0000053', /^field is not valid: nonsense$/],
    ['published gt "2020-01-01T00:00:00Z"', 400, 'E0000053', /'published' attribute can't be used/],
    ['eventType co 5', 400, 'E0000053', /Operator 'co' needs a double-quoted string/],
    ['severity gt null', 400, 'E0000053', /Operator 'gt' needs a string or a number/],
    [
      'debugContext.debugData.url co "/oauth/"',
      400,
      'E0000031',
      /Operator: co, Field: debugContext\.debugData\.url/,
    ],
    [
      '('.repeat(40) + 'eventType pr' + ')'.repeat(40),
      400,
      'E0000053',
      /nested more than 32 levels/,
    ],
    ['eventType eq "' + 'x'.repeat(2100) + '"', 400, 'E0000053', /longer than 2000 characters/],
  ];
  for (const [filter, status, code, summary] of bad) {
    test(`bad filter ${filter.slice(0, 40)} → ${status} ${code}`, () => {
      const { log } = fourEvents();
      let err: unknown;
      try {
        query(log, `filter=${encodeURIComponent(filter)}`);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OktaApiError);
      const api = err as OktaApiError;
      expect(api.status).toBe(status);
      expect(api.body.errorCode).toBe(code);
      expect(api.body.errorSummary).toMatch(summary);
      expect(api.body.errorId).toMatch(/^oae[\w-]{19}$/);
    });
  }
});

test.describe('System Log query parameters', () => {
  test('since is inclusive, until exclusive; default since is 7 days before now', () => {
    const c = fourEvents(); // published T0, T0+1s, T0+2s, T0+3s
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(query(c.log, `since=${iso(T0 + 1000)}`).events).toHaveLength(3);
    expect(query(c.log, `until=${iso(T0 + 1000)}`).events).toHaveLength(1);
    expect(query(c.log, `since=${iso(T0 + 1000)}&until=${iso(T0 + 3000)}`).events).toHaveLength(2);
    // an offset written unencoded (`+` decoded as a space) still reads as the offset meant
    expect(query(c.log, `since=2025-03-01T11:00:01+01:00`).events).toHaveLength(3);
    c.tick(8 * 24 * 3600 * 1000);
    expect(query(c.log, '').events).toHaveLength(0);
    expect(query(c.log, `since=${iso(T0)}`).events).toHaveLength(4);
  });

  test('bad since/until → 400 E0000001 naming the parameter, with Okta causes', () => {
    const { log } = fourEvents();
    for (const [qs, param] of [
      ['since=foobar', 'since'],
      ['until=01-01-2017', 'until'],
      ['since=2025-13-45T00:00:00Z', 'since'],
    ] as const) {
      let err: OktaApiError | undefined;
      try {
        query(log, qs);
      } catch (e) {
        err = e as OktaApiError;
      }
      expect(err?.status).toBe(400);
      expect(err?.body.errorCode).toBe('E0000001');
      expect(err?.body.errorSummary).toBe(
        `Api validation failed: '${param}': The date format in your query is not recognized. Please enter dates using ISO8601 string format.. '${param}': must be a valid date-time or empty.`,
      );
      expect(err?.body.errorCauses.map((c) => c.errorSummary)).toEqual([
        `${param}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.`,
        `${param}: must be a valid date-time or empty.`,
      ]);
    }
    expect(() => query(log, 'since=2025-03-02T00:00:00Z&until=2025-03-01T00:00:00Z')).toThrow(
      /'since': must not be later than until/,
    );
  });

  test('limit: default 100, 0 and 1000 allowed, out of range or not a number → 400', () => {
    const c = clockedLog();
    for (let i = 0; i < 120; i++) c.log.record({ eventType: `e.${i}` });
    expect(query(c.log, '').events).toHaveLength(100);
    expect(query(c.log, 'limit=0').events).toHaveLength(0);
    expect(query(c.log, 'limit=0').links.next).toBeUndefined();
    expect(query(c.log, 'limit=1000').events).toHaveLength(120);
    for (const bad of ['1001', '-1', 'ten', '1.5', '99999999999']) {
      expect(() => query(c.log, `limit=${bad}`)).toThrow(
        /Api validation failed: 'limit': must be an integer between 0 and 1000/,
      );
    }
  });

  test('sortOrder ASCENDING by default, DESCENDING reverses; anything else → 400', () => {
    const { log } = fourEvents();
    const asc = types(query(log, '').events);
    expect(asc[0]).toBe('user.session.start');
    expect(types(query(log, 'sortOrder=DESCENDING').events)).toEqual([...asc].reverse());
    expect(() => query(log, 'sortOrder=down')).toThrow(
      /'sortOrder': must be ASCENDING or DESCENDING/,
    );
  });

  test('events are ordered by published, not by when they were recorded', () => {
    const c = clockedLog();
    c.log.record({ eventType: 'later', published: '2025-03-01T10:00:05.000Z' });
    c.log.record({ eventType: 'earlier', published: '2025-03-01T10:00:01.000Z' });
    expect(types(query(c.log, '').events)).toEqual(['earlier', 'later']);
  });

  test('q: every keyword must occur, case-insensitively, in some text field', () => {
    const { log } = fourEvents();
    expect(types(query(log, 'q=ANN@EXAMPLE.COM').events)).toEqual([
      'user.session.start',
      'user.authentication.sso',
    ]);
    expect(types(query(log, 'q=ann@example.com chrome').events)).toEqual([
      'user.authentication.sso',
    ]);
    expect(types(query(log, 'q=invalid_scope').events)).toEqual(['app.oauth2.as.authorize']);
    expect(query(log, 'q=nobody').events).toHaveLength(0);
    expect(() => query(log, `q=${'x'.repeat(41)}`)).toThrow(
      /'q': Freeform search cannot contain items longer than 40 characters/,
    );
    expect(() => query(log, `q=${'a '.repeat(11)}`)).toThrow(/more than 10 items/);
  });

  test('after pages forward (and backward with DESCENDING) with no gaps or repeats', () => {
    const c = clockedLog();
    for (let i = 0; i < 7; i++) {
      c.log.record({ eventType: `e.${i}` });
      if (i % 2) c.tick(); // pairs share a millisecond: the cursor must still separate them
    }
    for (const order of ['ASCENDING', 'DESCENDING']) {
      const seen: string[] = [];
      let qs = `limit=3&sortOrder=${order}`;
      for (let page = 0; page < 5; page++) {
        const r = query(c.log, qs);
        seen.push(...types(r.events));
        if (!r.links.next) break;
        expect(r.links.next).toMatch(/^http:\/\/127\.0\.0\.1:9\/api\/v1\/logs\?.*after=\d+_\d+/);
        qs = new URL(r.links.next).search.slice(1);
      }
      const all = [0, 1, 2, 3, 4, 5, 6].map((i) => `e.${i}`);
      expect(seen).toEqual(order === 'ASCENDING' ? all : all.reverse());
    }
    expect(() => query(c.log, 'after=garbage')).toThrow(
      /'after': is not a cursor this server issued/,
    );
  });

  test('the self link repeats the query; no next link on the last page', () => {
    const { log } = fourEvents();
    const r = query(log, 'limit=10&filter=eventType+pr');
    expect(r.links.self).toBe(`${BASE}/api/v1/logs?limit=10&filter=eventType+pr`);
    expect(r.links.next).toBeUndefined();
  });
});

test.describe('OIDC event builders', () => {
  const ctx = (server: string): OidcEventContext => ({
    server,
    user: { id: '00uAnn', login: 'ann@example.com', displayName: 'Ann Example' },
    app: { clientId: '0oaPortal', name: 'Portal' },
    ip: '127.0.0.1',
    userAgent: 'Mozilla/5.0',
    requestUri: '/oauth2/v1/authorize?client_id=0oaPortal',
  });

  test('ORG server events have no .as., custom server events do', () => {
    const log = new SystemLog();
    const names = (server: string) => {
      const c = ctx(server);
      return [
        oidcEvents.authorizeCode(c),
        oidcEvents.tokenGrant(c, 'id_token'),
        oidcEvents.tokenGrant(c, 'access_token'),
        oidcEvents.tokenGrant(c, 'refresh_token'),
        oidcEvents.implicitGrant(c, 'id_token'),
        oidcEvents.implicitGrant(c, 'access_token'),
        oidcEvents.authorizeFailure(c, 'x'),
        oidcEvents.tokenGrantFailure(c, 'x'),
        oidcEvents.scopeDenied(c, ['custom']),
      ].map((input) => log.record(input).eventType);
    };
    expect(names('org')).toEqual([
      'app.oauth2.authorize.code',
      'app.oauth2.token.grant.id_token',
      'app.oauth2.token.grant.access_token',
      'app.oauth2.token.grant.refresh_token',
      'app.oauth2.authorize.implicit.id_token',
      'app.oauth2.authorize.implicit.access_token',
      'app.oauth2.authorize',
      'app.oauth2.token.grant',
      'app.oauth2.authorize.scope_denied',
    ]);
    expect(names('default')).toEqual([
      'app.oauth2.as.authorize.code',
      'app.oauth2.as.token.grant.id_token',
      'app.oauth2.as.token.grant.access_token',
      'app.oauth2.as.token.grant.refresh_token',
      'app.oauth2.as.authorize.implicit.id_token',
      'app.oauth2.as.authorize.implicit.access_token',
      'app.oauth2.as.authorize',
      'app.oauth2.as.token.grant',
      'app.oauth2.as.authorize.scope_denied',
    ]);
  });

  test('session start and SSO: Okta display messages, SSO targets the app instance and app user', () => {
    const log = new SystemLog();
    const start = log.record(oidcEvents.sessionStart(ctx('org')));
    expect(start.eventType).toBe('user.session.start');
    expect(start.displayMessage).toBe('User login to Okta');
    expect(start.actor).toMatchObject({
      id: '00uAnn',
      type: 'User',
      alternateId: 'ann@example.com',
    });
    const sso = log.record(oidcEvents.sso(ctx('org')));
    expect(sso.displayMessage).toBe('User single sign on to app');
    expect(sso.target.map((t) => [t.type, t.id])).toEqual([
      ['AppInstance', '0oaPortal'],
      ['AppUser', '0uaAnn'],
    ]);
    expect(sso.client).toMatchObject({
      ipAddress: '127.0.0.1',
      userAgent: { rawUserAgent: 'Mozilla/5.0' },
    });
    expect(sso.debugContext.debugData.requestUri).toBe('/oauth2/v1/authorize');
  });

  test('token grant: the client is the actor, the token the target; display messages by server', () => {
    const log = new SystemLog();
    const org = log.record(oidcEvents.tokenGrant(ctx('org'), 'access_token'));
    expect(org.displayMessage).toBe('OIDC access token is granted');
    expect(org.actor).toMatchObject({ id: '0oaPortal', displayName: 'Portal' });
    // the client is a target too, so readers that look for the app among targets find it
    expect(org.target.map((t) => t.type)).toEqual(['PublicClientApp', 'access_token']);
    expect(org.target[0]?.id).toBe('0oaPortal');
    expect(org.target[1]?.id).toMatch(/^AT\./);
    const custom = log.record(oidcEvents.tokenGrant(ctx('default'), 'id_token'));
    expect(custom.displayMessage).toBe('OAuth2 id token is granted');
    expect(custom.debugContext.debugData.authorizationServerId).toBe('default');
    const failed = log.record(oidcEvents.authorizeFailure(ctx('org'), 'invalid_scope'));
    expect(failed.outcome).toEqual({ result: 'FAILURE', reason: 'invalid_scope' });
    expect(failed.severity).toBe('WARN');
  });
});
