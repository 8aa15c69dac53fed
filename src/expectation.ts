/**
 * What a service provider expects of a token: the vocabulary shared by the mock SP's verify(),
 * the diagnosis engine, case files (`sp.expect`) and the `diagnose` flags.
 */

/** Which token the SP wants: an OAuth access token (resource server) or an ID token (RP). */
export type TokenUse = 'access_token' | 'id_token';

/**
 * `okta`: the SP accepts Okta's access-token shape (no `typ`, `scp` array).
 * `rfc9068`: the SP demands RFC 9068 JWT access tokens (`typ: at+jwt`, a `scope` string).
 */
export type AccessTokenProfile = 'okta' | 'rfc9068';

/** How the SP treats DPoP: `required` demands `Authorization: DPoP`; `allowed` takes both. */
export type DpopPolicy = 'required' | 'allowed' | 'disabled';

export interface SpExpectation {
  /** Trusted issuer(s): `iss` must equal one of them exactly. */
  issuer?: string | string[];
  /** Accepted audience(s): `aud` (string or array) must contain one of them. */
  audience?: string | string[];
  /** The client id, for an RP checking an ID token's `aud` (and `azp`). */
  clientId?: string;
  /** Which token the SP wants. Default `access_token`. */
  tokenUse?: TokenUse;
  /** Claims that must be present (e.g. `email`). */
  requireClaims?: string[];
  /** Scopes the access token must carry (`scp` array, or `scope` string). */
  requireScopes?: string[];
  /** The claim that identifies the user (e.g. `email`, `sub`, `preferred_username`). */
  userClaim?: string;
  /** Allowed JWS algorithms. Default `['RS256']`. */
  algorithms?: string[];
  /** Clock tolerance for `exp`, `nbf`, `iat`, in seconds. Default 0 (as jose). */
  clockToleranceSeconds?: number;
  /** Where the SP fetches keys; default: the issuer's discovery document's `jwks_uri`. */
  jwksUri?: string;
  /** Accept ORG authorization server access tokens (`typ: application/okta-internal-at+jwt`). Default false. */
  acceptOrgAccessTokens?: boolean;
  /** Access token profile. Default `okta`. */
  accessTokenProfile?: AccessTokenProfile;
  /** DPoP policy. Default `allowed` (a DPoP-bound token must come with a DPoP proof). */
  dpop?: DpopPolicy;
  /** The nonce the RP sent, checked against the ID token's `nonce`. */
  nonce?: string;
}
