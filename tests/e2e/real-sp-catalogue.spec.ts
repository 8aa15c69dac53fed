/**
 * The real-SP catalogue (`cases/real-sp/`): each case runs through the same executor as the
 * emulator catalogue, against a real SP started on loopback for this worker and trusting the
 * worker's emulator — passport-jwt, Okta's jwt-verifier (with and without its messages), and
 * Apache httpd with mod_auth_openidc as a bearer API and as a relying party (SP-initiated
 * sign-in in the browser). Where the SP gives no reason, the diagnosis must still be right: from
 * the case file's `sp.expect` when it has one, otherwise by differential probing, whose winning
 * change is asserted here case by case.
 */
import { fileURLToPath } from 'node:url';
import { attachRun, expect, test as base } from '../../fixtures/index.js';
import {
  startApacheRp,
  startAuth0BearerApi,
  startExpressJwtApi,
  startOktaVerifierApi,
  startPassportApi,
  type RunningApacheRp,
  type RunningSp,
} from '../../real-sp/index.js';
import { loadCases } from '../../src/case/load.js';
import { executeCase, type CaseEnvironment } from '../../src/harness/execute.js';
import { apacheInstalled, requireApache } from '../support/requires-apache.js';

/** The real SPs of one worker, by the name case files use in `${sp.urls.<name>}`. */
interface RealSps {
  urls: Record<string, string>;
  /** The redirect URI of each relying party (registered with the app by the case's prepare). */
  redirectUris: Record<string, string>;
}

const AUDIENCE = 'api://default';

const test = base.extend<object, { realSps: RealSps }>({
  realSps: [
    async ({ emulator }, use) => {
      const issuer = emulator.issuer('default');
      const running: Array<RunningSp | RunningApacheRp> = [];
      const start = async <T extends RunningSp>(sp: Promise<T>): Promise<T> => {
        const started = await sp;
        running.push(started);
        return started;
      };
      try {
        const rp = { issuer, clientId: emulator.app.clientId };
        const clientSecret = emulator.app.clientSecret ?? '';
        const passport = await start(startPassportApi({ issuer, audience: AUDIENCE }));
        const passportEmail = await start(
          startPassportApi({ issuer, audience: AUDIENCE, requireClaims: ['email'] }),
        );
        const verifier = await start(startOktaVerifierApi({ issuer, audience: AUDIENCE }));
        const verifierBare = await start(
          startOktaVerifierApi({ issuer, audience: AUDIENCE, bareErrors: true }),
        );
        // Key rotation: jose's 30 s cooldown (the library's default), none, and jwks-rsa's
        // refetch on an unknown kid. Each is used by one case only, so its cache starts empty.
        const auth0 = await start(
          startAuth0BearerApi({ issuerBaseURL: issuer, audience: AUDIENCE }),
        );
        const auth0Refetch = await start(
          startAuth0BearerApi({ issuerBaseURL: issuer, audience: AUDIENCE, cooldownDuration: 0 }),
        );
        const expressJwt = await start(startExpressJwtApi({ issuer, audience: AUDIENCE }));
        const urls: Record<string, string> = {
          auth0: auth0.url,
          auth0Refetch: auth0Refetch.url,
          expressJwt: expressJwt.url,
          passport: passport.url,
          passportEmail: passportEmail.url,
          verifier: verifier.url,
          verifierBare: verifierBare.url,
        };
        const redirectUris: Record<string, string> = {};
        // The other SPs never depend on Apache: where it is missing, only its cases are not run.
        if (apacheInstalled()) {
          const apache = await start(startApacheRp({ ...rp, clientSecret, bearerApi: {} }));
          const apacheGroups = await start(
            startApacheRp({ ...rp, clientSecret, requireClaims: ['groups'] }),
          );
          Object.assign(urls, {
            apache: apache.url,
            apacheApi: apache.apiUrl!,
            apacheGroups: apacheGroups.url,
          });
          Object.assign(redirectUris, {
            apache: apache.redirectUri,
            apacheGroups: apacheGroups.redirectUri,
          });
        }
        await use({ urls, redirectUris });
      } finally {
        for (const sp of running.reverse()) await sp.close();
      }
      // No process left behind: nothing answers on any SP's port any more.
      for (const sp of running) {
        const answered = await fetch(sp.url, { signal: AbortSignal.timeout(2000) }).then(
          () => true,
          () => false,
        );
        if (answered) throw new Error(`${sp.url} still answers after close()`);
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

test.describe.configure({ timeout: 60_000 });

const cases = await loadCases([fileURLToPath(new URL('../../cases/real-sp/', import.meta.url))]);

/** The single change differential probing must find, per case id. */
const WINNERS: Record<string, { field: string; to?: (idp: { issuer: string }) => unknown }> = {
  'passport-id-token-audience': { field: 'aud', to: () => AUDIENCE },
  'passport-expectation-known': { field: 'aud', to: () => AUDIENCE },
  'passport-org-issuer': { field: 'iss', to: ({ issuer }) => issuer },
  'passport-missing-email': { field: 'email' },
  'passport-expired': { field: 'exp' },
  'okta-verifier-bare-expired': { field: 'exp' },
  'okta-verifier-bare-audience': { field: 'aud', to: () => AUDIENCE },
  'apache-api-audience': { field: 'aud', to: () => AUDIENCE },
};

test('every differential expectation names a case that exists', () => {
  const ids = cases.map((c) => c.id);
  for (const id of Object.keys(WINNERS)) expect(ids).toContain(id);
});

for (const loaded of cases) {
  const { definition } = loaded;
  const tag = definition.tags.map((t) => `@${t}`);
  test(definition.name, { tag }, async ({ harness, realSps, emulator }, testInfo) => {
    const spName = /\$\{sp\.urls\.([^}]+)\}/.exec(definition.sp?.url ?? '')?.[1];
    if (spName?.startsWith('apache')) requireApache();
    // The harness's own ports (browserSpFlow included), with the real SPs' URLs bound.
    const env: CaseEnvironment = { ...harness.environment(), spUrls: realSps.urls };
    // A relying party's own redirect URI is what the app must have registered.
    const rpRedirect = spName ? realSps.redirectUris[spName] : undefined;
    if (rpRedirect) env.redirectUri = rpRedirect;

    const run = await executeCase(loaded, env);
    await attachRun(testInfo, run);
    if (run.evidence.differential) {
      await testInfo.attach('differential probing', {
        body: JSON.stringify(run.evidence.differential, null, 2),
        contentType: 'application/json',
      });
    }
    const probing = run.evidence.timings.find((t) => t.step === 'differential');
    if (probing) {
      console.log(
        `${loaded.id}: differential probing ${probing.ms} ms, ${run.evidence.differential?.tried.length} probe(s)`,
      );
    }
    expect(run).toMatchCase();

    const want = WINNERS[loaded.id];
    const differential = run.evidence.differential;
    if (want) {
      expect(differential?.winner?.field, JSON.stringify(differential?.tried)).toBe(want.field);
      if (want.to) {
        expect(differential?.winner?.to).toEqual(want.to({ issuer: emulator.issuer('default') }));
      }
      expect(differential!.tried.length).toBeLessThanOrEqual(24);
      // Every probe before the winner was refused by the SP.
      for (const probe of differential!.tried.slice(0, -1)) expect(probe.accepted).toBe(false);
      const first = run.result.observed!.diagnosis[0]!;
      expect(Object.values(first.evidence).map((row) => row.note)).toContainEqual(
        expect.stringContaining('found by differential probing'),
      );
    } else if (definition.expect.outcome === 'rejected' && differential) {
      // Probing ran without being expected to win: it must not have claimed a cause.
      expect(differential.winner).toBeUndefined();
    }
    if (definition.token?.afterIssue?.replayBefore) {
      // Before the rotation the SP accepted the token (and cached the keys it fetched then).
      expect(run.evidence.beforeAfterIssue?.status).toBe(200);
    }
    if (definition.sp?.via === 'browser') {
      // The tokens come from the IdP side: the ID token the emulator issued to the SP.
      expect(run.evidence.tokens.id_token?.payload?.aud).toBe(emulator.app.clientId);
    }
  });
}
