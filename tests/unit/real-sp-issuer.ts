/**
 * A stand-in issuer for the real-SP unit tests: a discovery document and one RSA key published at
 * `{issuer}/v1/keys` (an Okta custom server's layout) and a minting function, so the SPs are exercised with real
 * signatures without the full emulator.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';

export interface StandInIssuer {
  issuer: string;
  jwksUri: string;
  /** Signs `payload` (merged over an Okta-shaped access token) with the published key. */
  mint(payload?: JWTPayload, opts?: { expiresInSeconds?: number; kid?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 and an ephemeral port, issuer `…/oauth2/default`. */
export async function startStandInIssuer(): Promise<StandInIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'standin-1', alg: 'RS256', use: 'sig' };
  const server = createServer((req, res) => {
    if (req.url === '/oauth2/default/v1/keys') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else if (req.url === '/oauth2/default/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(discovery()));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/oauth2/default`;
  // The fields a relying party reads, in an Okta custom server's layout (okta-behavior.md §1).
  const discovery = () => ({
    issuer,
    authorization_endpoint: `${issuer}/v1/authorize`,
    token_endpoint: `${issuer}/v1/token`,
    userinfo_endpoint: `${issuer}/v1/userinfo`,
    jwks_uri: `${issuer}/v1/keys`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
  });
  return {
    issuer,
    jwksUri: `${issuer}/v1/keys`,
    async mint(payload = {}, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        ver: 1,
        jti: `AT.${now}`,
        iss: issuer,
        aud: 'api://default',
        cid: '0oaclient',
        uid: '00uuser',
        scp: ['openid', 'email'],
        sub: 'alice@example.com',
        iat: now,
        exp: now + (opts.expiresInSeconds ?? 3600),
        ...payload,
      })
        .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? jwk.kid })
        .sign(privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
