/**
 * The shape every real service provider shares, so the suite and `sp.type: url` cases start,
 * use and stop them alike (okta-behavior.md §7: the SPs whose 401s the harness must explain).
 */

/** A real SP running on 127.0.0.1 and an ephemeral port. */
export interface RunningSp {
  /** The protected resource (`…/api/me`) or, for a relying party, the protected app page. */
  url: string;
  /** Stops the SP and waits until its port is closed (and, for a process, until it has exited). */
  close(): Promise<void>;
  /** What the SP logged: request lines and its reasons, never a token or a secret. */
  logs?(): string;
}

/** Options common to the two resource-server APIs (express + a JWT library). */
export interface ApiSpOptions {
  /** The issuer the API trusts: `iss` must equal it. */
  issuer: string;
  /** The audience the API expects in `aud` (an access token's, or the client id for ID tokens). */
  audience: string;
  /** Where the library fetches keys. Default: the library's own default (see each SP). */
  jwksUri?: string;
  /**
   * Answer a bare `401 Unauthorized` with no `WWW-Authenticate` reason, as many real SPs do.
   * Default false for the Okta verifier API; the passport API is always bare (its real behaviour).
   */
  bareErrors?: boolean;
  /** Claims the application requires to be present after the library accepted the token. */
  requireClaims?: string[];
}
