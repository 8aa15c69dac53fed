/**
 * A hostile run for the report tests: real signed tokens, a client secret, a password and an API
 * token planted in every field where they could sneak into a report (SP body and headers, error
 * messages, userinfo, System Log events, skip reasons), plus claims that try HTML injection.
 * The diagnoses come from the real engine, so the report shows what a real run would.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { diagnose } from '../../src/diagnosis/engine.js';
import type { CaseEvidence } from '../../src/harness/execute.js';
import { compareResult, type CaseResult, type ObservedResult } from '../../src/harness/result.js';
import type { LogEvent } from '../../src/okta/system-log-types.js';
import { decodeForDisplay } from '../../src/token/redact.js';
import type { ReportInput } from '../../src/report-files/write.js';
import type { SpExpectation } from '../../src/expectation.js';

export const CLIENT_SECRET = 'gS3cr3tCl1entS3cret0123456789abcdefABCDEF';
export const PASSWORD = 'Tr0ub4dor&3-correct<horse>';
export const API_TOKEN = '00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd';
export const SECRETS = [CLIENT_SECRET, PASSWORD, API_TOKEN];

/** A claim that would run script if the report did not escape it. */
export const SCRIPT_CLAIM = '<script>window.__pwned = 1</script>';
/** An attribute-borne injection. */
export const IMG_CLAIM = '<img src=x onerror="window.__pwned = 2">';

const ISSUER = 'https://dev-133337.okta.com';
const CLIENT_ID = '0oa1abcdefgHIJKLmn5d7';

export interface Sample {
  input: ReportInput;
  /** Every compact JWT minted (their signatures must never be written). */
  jwts: string[];
}

function logEvent(
  eventType: string,
  result: LogEvent['outcome']['result'],
  reason: string,
): LogEvent {
  return {
    uuid: `uuid-${eventType}`,
    published: '2026-01-02T03:04:05.678Z',
    eventType,
    version: '0',
    severity: result === 'SUCCESS' ? 'INFO' : 'WARN',
    displayMessage: `OIDC request with password=${PASSWORD}`,
    actor: { id: '00u1', type: 'User', alternateId: 'alice@example.com', displayName: 'Alice' },
    client: { userAgent: null, ipAddress: '127.0.0.1' },
    outcome: { result, reason },
    target: [{ id: CLIENT_ID, type: 'AppInstance', alternateId: 'My App', displayName: 'My App' }],
    transaction: { type: 'WEB', id: 'tx1' },
    debugContext: { debugData: { requestUri: `/token?client_secret=${CLIENT_SECRET}` } },
    authenticationContext: {},
  };
}

/** Builds the sample run (async: it signs real tokens). */
export async function hostileRun(): Promise<Sample> {
  const { privateKey } = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  const idToken = await new SignJWT({
    sub: '00u1abcdEFGH',
    name: SCRIPT_CLAIM,
    nickname: IMG_CLAIM,
    preferred_username: 'alice@example.com',
    nonce: 'n-0S6_WzA2Mj',
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  const accessToken = await new SignJWT({ scp: ['openid', 'profile'], uid: '00u1', cid: CLIENT_ID })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  // A JWS whose header is spelled with a space: `{ "alg"` encodes as `eyAi…`, not `eyJ…`.
  const spacedHeader = Buffer.from('{ "alg": "RS256" }').toString('base64url');
  const oddJwt = `${spacedHeader}.${idToken.split('.')[1]}.${idToken.split('.')[2]}`;

  const expectation: SpExpectation = {
    issuer: ISSUER,
    audience: CLIENT_ID,
    clientId: CLIENT_ID,
    tokenUse: 'id_token',
    requireClaims: ['email'],
    userClaim: 'email',
  };
  const systemLog = [
    logEvent('user.authentication.sso', 'SUCCESS', `signed in with ${PASSWORD}`),
    logEvent('app.oauth2.token.grant.id_token', 'SUCCESS', `token ${accessToken}`),
  ];
  const userinfo = {
    sub: '00u1abcdEFGH',
    email: 'alice@example.com',
    [`x_${API_TOKEN}`]: 'a key holding the API token',
    echoed: `Bearer ${accessToken}`,
  };
  const wwwAuthenticate = `Bearer error="invalid_token", error_description="email claim missing; saw ${oddJwt}"`;
  const body = `<html>401: token ${idToken} rejected; client_secret=${CLIENT_SECRET}; api ${API_TOKEN}</html>`;
  const diagnoses = diagnose({
    token: idToken,
    tokens: { id_token: idToken, access_token: accessToken },
    presented: 'id_token',
    presentation: 'form_post',
    expectation,
    spResponse: { status: 401, wwwAuthenticate, body },
    userinfo,
    systemLog,
    now,
  });
  const observed: ObservedResult = { outcome: 'rejected', status: 401, diagnosis: diagnoses };
  const expected = { outcome: 'accepted' as const };
  const failing: CaseResult = {
    name: `SP maps users by email ${SCRIPT_CLAIM}`,
    file: 'cases/missing-claim-email.yaml',
    passed: false,
    expected,
    observed,
    durationMs: 1234,
    mismatches: [...compareResult(expected, observed), `sp said: ${idToken} with ${PASSWORD}`],
  };
  const evidence: CaseEvidence = {
    tokens: { id_token: decodeForDisplay(idToken), access_token: decodeForDisplay(accessToken) },
    presented: 'id_token',
    expectation,
    sp: {
      url: `http://127.0.0.1:9000/callback?token=${accessToken}`,
      status: 401,
      headers: {
        'www-authenticate': wwwAuthenticate,
        'set-cookie': `session=${CLIENT_SECRET}`,
        authorization: `Bearer ${accessToken}`,
      },
      wwwAuthenticate,
      body,
    },
    userinfo,
    systemLog,
    diagnoses,
    timings: [
      { step: 'prepare', ms: 12 },
      { step: 'authorize', ms: 240 },
      { step: 'sign-in', ms: 610 },
      { step: 'token', ms: 88 },
      { step: 'replay', ms: 14 },
    ],
  };

  const passing: CaseResult = {
    name: 'Accepted access token from the default server',
    file: 'cases/accepted-default-access-token-api.yaml',
    passed: true,
    expected: { outcome: 'accepted' },
    observed: { outcome: 'accepted', status: 200, diagnosis: [] },
    durationMs: 456,
  };
  const authorizeFailure: CaseResult = {
    name: 'User not assigned',
    file: 'cases/user-not-assigned.yaml',
    passed: true,
    expected: { outcome: 'authorize_error', diagnosis: ['user_not_assigned'] },
    observed: { outcome: 'authorize_error', error: 'access_denied', diagnosis: [] },
    durationMs: 321,
  };
  const authorizeEvidence: CaseEvidence = {
    tokens: {},
    authorizeError: {
      error: 'access_denied',
      error_description: `User is not assigned to the client application. (api token ${API_TOKEN})`,
    },
    systemLog: [
      logEvent(
        'app.oauth2.authorize',
        'FAILURE',
        'User is not assigned to the client application.',
      ),
    ],
    diagnoses: [],
    timings: [{ step: 'authorize', ms: 150 }],
  };
  const skipped: CaseResult = {
    name: 'Real Okta: default server',
    file: 'cases/okta/default.yaml',
    passed: false,
    expected: { outcome: 'accepted' },
    durationMs: 0,
    skipped: `OKTA_DOMAIN is not set (OKTA_API_TOKEN=${API_TOKEN} is)`,
  };
  const diedEarly: CaseResult = {
    name: 'Sign-in timed out',
    file: 'cases/token-expired.yaml',
    passed: false,
    expected: { outcome: 'rejected', status: 401, diagnosis: ['token_expired'] },
    durationMs: 30_000,
    mismatches: [`Timeout 30000ms exceeded while typing ${PASSWORD}\u0000\u001b[31m]]>`],
  };

  return {
    jwts: [idToken, accessToken, oddJwt],
    input: {
      startedAt: '2026-01-02T03:04:00.000Z',
      durationMs: 33_011,
      tool: { name: 'oidc-harness', version: '0.1.0' },
      runs: [
        { result: passing },
        { result: failing, evidence },
        { result: authorizeFailure, evidence: authorizeEvidence },
        { result: skipped },
        { result: diedEarly },
      ],
    },
  };
}
