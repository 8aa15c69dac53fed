/**
 * Test keys, an Okta-shaped issuer (discovery + JWKS on a loopback port 0 server) and a token
 * minter for the mock SP's tests. Tokens are signed by hand (the shared factory's `sign`) so a test
 * can put anything in the header (alg none, crit, jku, kid injection) the way an attacker would.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oktaAccessClaims, oktaIdClaims, sign, type TestKey } from '../../support/tokens.js';

export const CLIENT_ID = '0oa1testclient';
export const AUDIENCE = 'api://default';

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  keys: TestKey[];
  /** Requests the issuer served, by path. */
  hits: string[];
  /** An Okta-shaped access token signed by the first key, with claims and header overrides. */
  accessToken(claims?: Record<string, unknown>, header?: Record<string, unknown>): string;
  /** An Okta-shaped ID token signed by the first key. */
  idToken(claims?: Record<string, unknown>, header?: Record<string, unknown>): string;
  close(): Promise<void>;
}

/** Starts an issuer at `http://127.0.0.1:{port}/oauth2/default` with discovery and `/v1/keys`. */
export async function startTestIssuer(keys: TestKey[]): Promise<TestIssuer> {
  const hits: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.url === '/oauth2/default/.well-known/openid-configuration') {
      res.end(
        JSON.stringify({
          issuer: `${base}/oauth2/default`,
          jwks_uri: `${base}/oauth2/default/v1/keys`,
        }),
      );
    } else if (req.url === '/oauth2/default/v1/keys') {
      res.end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/oauth2/default`;
  const signer = keys[0]!;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    issuer,
    jwksUri: `${issuer}/v1/keys`,
    keys,
    hits,
    accessToken: (claims = {}, header = {}) =>
      sign(
        { kid: signer.kid, alg: 'RS256', ...header },
        oktaAccessClaims(
          {
            jti: `AT.${Math.random().toString(36).slice(2)}`,
            aud: AUDIENCE,
            iat: now() - 5,
            exp: now() + 3600,
            uid: '00u1alice',
            scp: ['openid', 'email', 'orders:read'],
            ...claims,
          },
          { issuer, clientId: CLIENT_ID },
        ),
        signer.privateKey,
      ),
    idToken: (claims = {}, header = {}) =>
      sign(
        { kid: signer.kid, alg: 'RS256', ...header },
        oktaIdClaims(
          {
            jti: `ID.${Math.random().toString(36).slice(2)}`,
            iat: now() - 5,
            exp: now() + 3600,
            sub: '00u1alice',
            idp: '00o1org',
            email: 'alice@example.com',
            preferred_username: 'alice@example.com',
            ...claims,
          },
          { issuer, clientId: CLIENT_ID },
        ),
        signer.privateKey,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What an HTTP request to the SP got back. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): Record<string, unknown>;
}

/**
 * Sends a request with headers exactly as given (node:http does not trim them, unlike fetch),
 * so an empty or whitespace Bearer value reaches the SP as a client would send it.
 */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
