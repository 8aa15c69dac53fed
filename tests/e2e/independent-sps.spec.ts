/**
 * SPs configured on their own: two third-party verifiers from npm — Auth0's
 * `express-oauth2-jwt-bearer` and `express-jwt` with `jwks-rsa` — are started first, each with a
 * fixed issuer on a port nothing listens on yet, exactly as a customer's SP is configured once.
 * Cases pinning that port (`idp.port`) then run through `oidc-harness run` (one worker and four),
 * through the fixtures and through `reproduce`: all of them sign in at an emulator on that port,
 * so the SPs trust what they get. A pinned port something else holds is exit 2 naming it.
 */
import { test, expect } from '../../fixtures/index.js';
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuth0BearerApi, startExpressJwtApi, type RunningSp } from '../../real-sp/index.js';
import { freeLoopbackPort } from '../../src/net/loopback.js';
import { loadCases } from '../../src/case/load.js';
import type { RunResult } from '../../src/harness/result.js';
import { runBin } from '../support/run-node.js';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let port: number;
let dir: string;
const sps: RunningSp[] = [];
const urls: Record<string, string> = {};

/** A browser sign-in at the pinned emulator, its token sent to `url`. */
function caseYaml(o: {
  name: string;
  url: string;
  send: 'access_token' | 'id_token';
  outcome: 'accepted' | 'rejected';
  diagnosis?: string;
}): string {
  return [
    `name: ${o.name}`,
    'idp:',
    '  server: default',
    `  port: ${port}`,
    'client:',
    '  flow: code',
    '  scopes: [openid, profile, email]',
    'sp:',
    '  type: url',
    `  url: ${o.url}`,
    `  send: ${o.send}`,
    'expect:',
    `  outcome: ${o.outcome}`,
    ...(o.outcome === 'rejected' ? ['  status: 401', `  diagnosis: [${o.diagnosis}]`] : []),
    '',
  ].join('\n');
}

test.beforeAll(async () => {
  port = await freeLoopbackPort();
  const issuer = `http://127.0.0.1:${port}/oauth2/default`;
  // Started before any emulator exists on the port, with the issuer fixed, as a customer's SP is.
  const auth0 = await startAuth0BearerApi({ issuerBaseURL: issuer, audience: 'api://default' });
  sps.push(auth0);
  const auth0Orders = await startAuth0BearerApi({
    issuerBaseURL: issuer,
    audience: 'api://orders',
  });
  sps.push(auth0Orders);
  const expressJwt = await startExpressJwtApi({ issuer, audience: 'api://default' });
  sps.push(expressJwt);
  Object.assign(urls, {
    auth0: auth0.url,
    auth0Orders: auth0Orders.url,
    expressJwt: expressJwt.url,
  });

  dir = await mkdtemp(join(tmpdir(), 'oidc-harness-independent-'));
  const cases = {
    'auth0-accepted.yaml': caseYaml({
      name: 'express-oauth2-jwt-bearer accepts the pinned emulator access token',
      url: auth0.url,
      send: 'access_token',
      outcome: 'accepted',
    }),
    'auth0-audience.yaml': caseYaml({
      name: 'express-oauth2-jwt-bearer expecting api://orders refuses an api://default token',
      url: auth0Orders.url,
      send: 'access_token',
      outcome: 'rejected',
      diagnosis: 'audience_mismatch',
    }),
    'express-jwt-accepted.yaml': caseYaml({
      name: 'express-jwt with jwks-rsa accepts the pinned emulator access token',
      url: expressJwt.url,
      send: 'access_token',
      outcome: 'accepted',
    }),
    'express-jwt-id-token.yaml': caseYaml({
      name: 'express-jwt refuses the ID token sent as the access token',
      url: expressJwt.url,
      send: 'id_token',
      outcome: 'rejected',
      diagnosis: 'audience_mismatch',
    }),
  };
  for (const [file, text] of Object.entries(cases)) await writeFile(join(dir, file), text);
});

test.afterAll(async () => {
  for (const sp of sps.reverse()) await sp.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

for (const workers of ['1', '4']) {
  test(`oidc-harness run --workers ${workers}: every case against the SPs started first passes`, async () => {
    const r = await runBin(['run', dir, '--json', '--workers', workers]);
    const doc = JSON.parse(r.stdout) as RunResult;
    expect(
      doc.cases.filter((c) => !c.passed),
      r.stderr,
    ).toEqual([]);
    expect(doc).toMatchObject({ passed: 4, failed: 0 });
    expect(r.code).toBe(0);
    // The tokens came from the pinned port, the issuer the SPs were configured with.
    for (const c of doc.cases) {
      expect(JSON.stringify(c.observed)).not.toContain('issuer_mismatch');
    }
  });
}

test('the fixtures run the same cases against the pinned port', async ({ harness }) => {
  for (const loaded of await loadCases([dir])) {
    const run = await harness.runCase(loaded);
    expect(run, loaded.definition.name).toMatchCase();
    const iss = run.evidence.tokens.access_token?.payload?.iss;
    expect(iss).toBe(`http://127.0.0.1:${port}/oauth2/default`);
  }
});

test('reproduce signs in at the pinned port as run does', async () => {
  const r = await runBin(['reproduce', join(dir, 'express-jwt-accepted.yaml'), '--json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { case: { passed: boolean } };
  expect(doc.case.passed).toBe(true);
});

test('a pinned port another process holds: exit 2 naming the case, the port and the holder, before any browser', async () => {
  const squatter = createServer((_req, res) => res.end('not an IdP'));
  await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
  try {
    for (const command of ['run', 'reproduce']) {
      const file = join(dir, 'auth0-accepted.yaml');
      const r = await runBin([command, file]);
      expect(r.code, `${command}: ${r.stderr}`).toBe(2);
      const line = r.stderr.trim();
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toContain(`${file}: idp.port ${port} is already in use`);
      expect(line).toMatch(new RegExp(`held by pid ${process.pid} \\(`));
    }
  } finally {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  }
});
