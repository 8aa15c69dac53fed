/**
 * The ONE translation table (architecture.md ideas 2-3; issue item 7): what libraries, SPs and
 * Okta itself say → stable diagnosis codes, with the values they captured. Nothing else in the
 * codebase branches on message text: callers hand text here and act on the codes.
 *
 * Every pattern cites where its wording comes from. Patterns are case-insensitive and match
 * anywhere in the text, so a log line with a prefix or a stack trace still translates. The file
 * is longer than most on purpose: one table, in one place, is the point.
 */
import type { DiagnosisCode } from './codes.js';
import { isDiagnosisCode } from './codes.js';
import { ORG_CLIENT_CREDENTIALS_REFUSALS, TOO_MANY_GROUPS } from './grants.js';

/** Who said it. */
export type MessageSource =
  | 'jose'
  | 'okta-jwt-verifier'
  | 'jwks-rsa'
  | 'express-oauth2-jwt-bearer'
  | 'spring-security'
  | 'dotnet'
  | 'mod_auth_openidc'
  | 'rfc6750'
  | 'okta'
  | 'mock-sp';

/** One translated statement: the code, and what the statement itself revealed. */
export interface Translation {
  code: DiagnosisCode;
  source: MessageSource;
  /** The claim or header field the statement is about (`aud`, `iss`, `email`, `kid`…). */
  claim?: string;
  /** The token's value, when the statement quotes it. */
  token?: string;
  /** The expected value, when the statement quotes it. */
  expected?: string;
  /** The words that matched, for the evidence. */
  matched: string;
}

type Capture = number | ((m: RegExpExecArray) => string | undefined);

interface Rule {
  source: MessageSource;
  pattern: RegExp;
  /** A fixed code, or one derived from the captured claim name. */
  code: DiagnosisCode | ((m: RegExpExecArray) => DiagnosisCode);
  claim?: string | Capture;
  token?: Capture;
  expected?: Capture;
}

/**
 * Claim named by a generic "claim X failed" statement → code. Used for jose's
 * `JWTClaimValidationFailed.claim`, express-oauth2-jwt-bearer's `Unexpected 'X' value` and
 * Spring's `The X claim is not valid`.
 */
const CLAIM_TO_CODE: Readonly<Record<string, DiagnosisCode>> = {
  iss: 'issuer_mismatch',
  aud: 'audience_mismatch',
  azp: 'audience_mismatch',
  exp: 'token_expired',
  nbf: 'token_not_yet_valid',
  iat: 'token_not_yet_valid',
  typ: 'access_token_profile_mismatch',
  alg: 'algorithm_not_allowed',
  nonce: 'nonce_mismatch',
  scp: 'insufficient_scope',
  scope: 'insufficient_scope',
  cnf: 'dpop_binding_mismatch',
};

/** The code for a statement about `claim`; an unknown claim is one the SP needs and lacks. */
export function codeForClaim(claim: string): DiagnosisCode {
  return CLAIM_TO_CODE[claim.toLowerCase()] ?? 'missing_claim';
}

const byClaim = (group: number) => (m: RegExpExecArray) => codeForClaim(m[group] ?? '');

const RULES: readonly Rule[] = [
  // --- Okta /authorize and /token (okta-behavior.md section 3, exact strings) ---
  ...ORG_CLIENT_CREDENTIALS_REFUSALS.map((pattern) => ({
    source: 'okta' as const,
    pattern,
    code: 'client_credentials_on_org_server' as const,
  })),
  { source: 'okta', pattern: TOO_MANY_GROUPS, code: 'too_many_groups', claim: 'groups' },
  {
    source: 'okta',
    pattern: /Custom scopes are not allowed for this request/i,
    code: 'custom_scope_on_org_server',
  },
  {
    source: 'okta',
    pattern: /One or more scopes are not configured for the authorization server resource/i,
    code: 'scope_not_configured',
  },
  {
    source: 'okta',
    pattern: /does not have any configured default scopes, 'scope' must be provided/i,
    code: 'scope_not_configured',
    claim: 'scope',
  },
  {
    source: 'okta',
    pattern: /User is not assigned to the client application/i,
    code: 'user_not_assigned',
  },
  {
    source: 'okta',
    pattern:
      /The 'redirect_uri' parameter must be a Login redirect URI in the client app settings/i,
    code: 'redirect_uri_not_registered',
  },
  // --- Okta resource servers and /userinfo (section 3) ---
  {
    source: 'okta',
    pattern: /The access token provided is not intended for Okta/i,
    code: 'audience_mismatch',
    claim: 'aud',
  },
  {
    source: 'okta',
    pattern: /The access token provided has an invalid issuer/i,
    code: 'issuer_mismatch',
    claim: 'iss',
  },
  {
    source: 'okta',
    pattern: /must use the DPoP authentication scheme when using a DPoP bound token/i,
    code: 'dpop_binding_mismatch',
    claim: 'cnf.jkt',
  },
  {
    source: 'okta',
    pattern: /The access token must provide access to at least one of these scopes - ([^"]+)/i,
    code: 'insufficient_scope',
    claim: 'scp',
    expected: 1,
  },

  // --- @okta/jwt-verifier 4.x (lib.js) and its njwt messages (njwt/properties.json) ---
  {
    source: 'okta-jwt-verifier',
    pattern: /audience claim (\S+) does not match expected (?:audience|client id): (\S+)/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  {
    source: 'okta-jwt-verifier',
    pattern:
      /audience claims? (.+?) do(?:es)? not (?:match one of|include)(?: the)? expected audiences?: (.+)/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /issuer (\S+) does not match expected issuer: (\S+)/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    token: 1,
    expected: 2,
  },
  { source: 'okta-jwt-verifier', pattern: /Jwt is expired/i, code: 'token_expired', claim: 'exp' },
  {
    source: 'okta-jwt-verifier',
    pattern: /Jwt not active/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
  },
  { source: 'okta-jwt-verifier', pattern: /Jwt cannot be parsed/i, code: 'malformed_token' },
  {
    source: 'okta-jwt-verifier',
    pattern: /Error while resolving signing key for kid "([^"]*)"/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /Unexpected signature algorithm|Unsupported signing algorithm/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /nonce claim is missing but expected: (\S+)/i,
    code: 'nonce_mismatch',
    claim: 'nonce',
    expected: 1,
  },
  {
    source: 'okta-jwt-verifier',
    pattern: /nonce claim (\S+) does not match expected nonce: (\S+)/i,
    code: 'nonce_mismatch',
    claim: 'nonce',
    token: 1,
    expected: 2,
  },
  {
    // assertClaims: "claim 'scp' value 'openid' does not include expected value 'orders:read'"
    source: 'okta-jwt-verifier',
    pattern: /claim '([^']+)' value '([^']*)' does not include expected value '([^']*)'/i,
    code: byClaim(1),
    claim: 1,
    token: 2,
    expected: 3,
  },
  // jwks-rsa (used by @okta/jwt-verifier): src/JwksClient.js
  {
    source: 'jwks-rsa',
    pattern: /Unable to find a signing key that matches '([^']*)'/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },

  // --- jose 6 (dist/webapi/util/errors.js codes, lib/jwt_claims_set.js messages) ---
  {
    source: 'jose',
    pattern: /ERR_JWT_EXPIRED|"exp" claim timestamp check failed/i,
    code: 'token_expired',
    claim: 'exp',
  },
  {
    source: 'jose',
    pattern: /"iat" claim timestamp check failed \(too far in the past\)/i,
    code: 'token_expired',
    claim: 'iat',
  },
  {
    source: 'jose',
    pattern:
      /"(nbf)" claim timestamp check failed|"(iat)" claim timestamp check failed \(it should be in the past\)/i,
    code: 'token_not_yet_valid',
    claim: (m) => m[1] ?? m[2],
  },
  { source: 'jose', pattern: /unexpected "(\w+)" claim value/i, code: byClaim(1), claim: 1 },
  {
    source: 'jose',
    pattern: /unexpected "typ" JWT header value/i,
    code: 'access_token_profile_mismatch',
    claim: 'typ',
  },
  { source: 'jose', pattern: /missing required "(\w+)" claim/i, code: byClaim(1), claim: 1 },
  {
    source: 'jose',
    pattern:
      /ERR_JWKS_NO_MATCHING_KEY|no applicable key found in the JSON Web Key Set|ERR_JWKS_MULTIPLE_MATCHING_KEYS/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  {
    source: 'jose',
    pattern: /ERR_JWS_SIGNATURE_VERIFICATION_FAILED|\bsignature verification failed/i,
    code: 'signature_invalid',
  },
  {
    source: 'jose',
    pattern: /ERR_JOSE_ALG_NOT_ALLOWED|"alg" \(Algorithm\) Header Parameter value not allowed/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
  },
  {
    source: 'jose',
    pattern:
      /ERR_JWS_INVALID|ERR_JWT_INVALID|Invalid Compact JWS|JWTs must use Compact JWS serialization|JWT Claims Set must be a top-level JSON object/i,
    code: 'malformed_token',
  },

  // --- express-oauth2-jwt-bearer (packages/access-token-jwt/src/validate.ts) ---
  {
    source: 'express-oauth2-jwt-bearer',
    pattern: /Unexpected ['"](\w+)['"] value/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'express-oauth2-jwt-bearer',
    pattern: /\bInsufficient Scope\b/i,
    code: 'insufficient_scope',
    claim: 'scp',
  },

  // --- Spring Security (oauth2-jose: JwtClaimValidator, JwtTimestampValidator; the audience
  //     validator of Spring's resource-server docs; Nimbus via NimbusJwtDecoder) ---
  {
    source: 'spring-security',
    pattern: /The required audience is missing/i,
    code: 'audience_mismatch',
    claim: 'aud',
  },
  {
    source: 'spring-security',
    pattern: /The (\w+) claim is not valid/i,
    code: byClaim(1),
    claim: 1,
  },
  {
    source: 'spring-security',
    pattern: /Jwt expired at (\S+)/i,
    code: 'token_expired',
    claim: 'exp',
    token: 1,
  },
  {
    source: 'spring-security',
    pattern: /Jwt used before (\S+)/i,
    code: 'token_not_yet_valid',
    claim: 'nbf',
    token: 1,
  },
  {
    source: 'spring-security',
    pattern: /Signed JWT rejected: Invalid signature/i,
    code: 'signature_invalid',
  },
  {
    source: 'spring-security',
    pattern: /Another algorithm expected, or no matching key\(s\) found/i,
    code: 'unknown_signing_key',
    claim: 'kid',
  },
  {
    source: 'spring-security',
    pattern: /Unsupported algorithm of (\w+)/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
    token: 1,
  },
  {
    source: 'spring-security',
    pattern: /attempting to decode the Jwt: Malformed|Invalid JWT serialization/i,
    code: 'malformed_token',
  },

  // --- .NET Microsoft.IdentityModel.Tokens (LogMessages.cs) ---
  {
    source: 'dotnet',
    pattern: /IDX10214\b(?:[^\n]*?Audiences: '([^']*)')?(?:[^\n]*?ValidAudiences?: '([^']*)')?/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  { source: 'dotnet', pattern: /IDX10206|IDX10207/i, code: 'audience_mismatch', claim: 'aud' },
  {
    source: 'dotnet',
    pattern: /IDX10205\b(?:[^\n]*?Issuer: '([^']*)')?(?:[^\n]*?ValidIssuers?: '([^']*)')?/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    token: 1,
    expected: 2,
  },
  { source: 'dotnet', pattern: /IDX10223/i, code: 'token_expired', claim: 'exp' },
  { source: 'dotnet', pattern: /IDX10222/i, code: 'token_not_yet_valid', claim: 'nbf' },
  { source: 'dotnet', pattern: /IDX10225/i, code: 'missing_claim', claim: 'exp' },
  {
    source: 'dotnet',
    pattern: /IDX10501\b(?:[\s\S]{0,200}?kid: '([^']*)')?/i,
    code: 'unknown_signing_key',
    claim: 'kid',
    token: 1,
  },
  { source: 'dotnet', pattern: /IDX10503|IDX10511|IDX10504|IDX10508/i, code: 'signature_invalid' },
  {
    source: 'dotnet',
    pattern: /IDX10256|IDX10257/i,
    code: 'access_token_profile_mismatch',
    claim: 'typ',
  },
  // Microsoft.IdentityModel.JsonWebTokens: IDX14100 "JWT is not well formed", IDX12741 (3 segments)
  { source: 'dotnet', pattern: /IDX14100|IDX12741|IDX12709/i, code: 'malformed_token' },

  // --- mod_auth_openidc (src/proto/jwt.c, proto.c) and mod_oauth2 / liboauth2 (src/jose.c) ---
  {
    source: 'mod_auth_openidc',
    pattern:
      /requested issuer \(([^)]*)\) does not match received "iss" value in (?:id_token|JWT) \(([^)]*)\)/i,
    code: 'issuer_mismatch',
    claim: 'iss',
    expected: 1,
    token: 2,
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /our configured client_id \(([^)]*)\) could not be found in the array of values for "aud" claim/i,
    code: 'audience_mismatch',
    claim: 'aud',
    expected: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /"aud" claim value \(([^)]*)\)[^\n]*client_id \(([^)]*)\)|did not contain an "aud" claim/i,
    code: 'audience_mismatch',
    claim: 'aud',
    token: 1,
    expected: 2,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /"exp" validation failure \((\d+)\): JWT expired/i,
    code: 'token_expired',
    claim: 'exp',
    token: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern:
      /"iat" validation failure \((\d+)\): JWT was issued more than \d+ seconds in the future/i,
    code: 'token_not_yet_valid',
    claim: 'iat',
    token: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /"iat" validation failure \((\d+)\): JWT was issued more than \d+ seconds ago/i,
    code: 'token_expired',
    claim: 'iat',
    token: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /JWT did not contain an? "(\w+)" (?:string|number)/i,
    code: 'missing_claim',
    claim: 1,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /JWT signature verification failed/i,
    code: 'signature_invalid',
  },
  {
    source: 'mod_auth_openidc',
    pattern: /JWT was not signed with the expected configured algorithm: (\S+) != (\S+)/i,
    code: 'algorithm_not_allowed',
    claim: 'alg',
    token: 1,
    expected: 2,
  },
  {
    source: 'mod_auth_openidc',
    pattern: /the nonce value \(([^)]*)\) in the id_token did not match/i,
    code: 'nonce_mismatch',
    claim: 'nonce',
    token: 1,
  },
];

/** How much of a message or body the table reads. */
const MAX_TEXT = 64 * 1024;

function capture(m: RegExpExecArray, c: Capture | undefined): string | undefined {
  if (c === undefined) return undefined;
  const v = typeof c === 'number' ? m[c] : c(m);
  // .NET hides values unless PII logging is on: "[PII of type '…' is hidden…]" reveals nothing.
  return v === undefined || v === '' || v.startsWith('[PII') ? undefined : v;
}

/**
 * Translates free text (an SP's error message, a log line, an `error_description`) into every
 * diagnosis code it states, in the order the table lists them, one per code and claim.
 */
export function translateMessage(input: string): Translation[] {
  // An SP's reason is short; a huge body (an HTML error page, a dump) is read only in part.
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const out: Translation[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    const m = rule.pattern.exec(text);
    if (!m) continue;
    const code = typeof rule.code === 'function' ? rule.code(m) : rule.code;
    const claim = typeof rule.claim === 'string' ? rule.claim : capture(m, rule.claim);
    const key = `${code}|${claim ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const t: Translation = { code, source: rule.source, matched: m[0].trim() };
    if (claim) t.claim = claim;
    const token = capture(m, rule.token);
    if (token) t.token = token;
    const expected = capture(m, rule.expected);
    if (expected) t.expected = expected;
    out.push(t);
  }
  return out;
}

/** A jose-style error object: `code` (`ERR_…`), and for claim failures `claim` and `reason`. */
export interface LibraryError {
  code?: string;
  claim?: string;
  reason?: string;
  message?: string;
}

/**
 * Translates a thrown library error by its stable fields first (jose's `code`/`claim`/`reason`),
 * then by its message.
 */
export function translateLibraryError(err: LibraryError): Translation[] {
  if (err.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && err.claim) {
    const code =
      err.claim === 'iat' && err.reason === 'check_failed' && /past/.test(err.message ?? '')
        ? 'token_expired'
        : codeForClaim(err.claim);
    return [{ code, source: 'jose', claim: err.claim, matched: err.message ?? err.code }];
  }
  return translateMessage([err.code, err.message].filter(Boolean).join(' '));
}

/** One challenge of a `WWW-Authenticate` header (RFC 7235 §4.1, RFC 6750 §3). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="x", error="invalid_token", error_description="…", DPoP algs="ES256"`. */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const re = /\s*,?\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/gy;
  let current: AuthChallenge | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header)) !== null && m[0].length > 0) {
    const name = m[1] ?? '';
    const hasValue = m[2] !== undefined || m[3] !== undefined;
    if (!hasValue) {
      current = { scheme: name, params: {} };
      challenges.push(current);
    } else if (current) {
      current.params[name.toLowerCase()] =
        m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    }
  }
  return challenges;
}

/** What an SP's HTTP answer says, translated. */
export interface SpResponseTranslation {
  challenges: AuthChallenge[];
  translations: Translation[];
  /** RFC 6750 `error`, when given. */
  error?: string;
  errorDescription?: string;
}

function bodyText(body: string): string[] {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') {
      const o = json as Record<string, unknown>;
      return ['error_description', 'message', 'detail', 'error', 'title', 'errorSummary']
        .map((k) => o[k])
        .filter((v): v is string => typeof v === 'string');
    }
  } catch {
    // not JSON: the whole body is the message
  }
  return [body];
}

function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * What an SP that speaks this project's vocabulary states in its JSON body: the mock SP's
 * `{"diagnosis":[codes…], "failures":[{code, claim, token, expected, message}…]}`, or a list
 * under `codes`/`diagnoses`. Structural: stable codes, no message text.
 */
function bodyStatements(body: string): Translation[] {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return [];
  }
  if (o === null || typeof o !== 'object') return [];
  const out: Translation[] = [];
  if (Array.isArray(o.failures)) {
    for (const f of o.failures as Array<Record<string, unknown>>) {
      if (!f || !isDiagnosisCode(f.code)) continue;
      const t: Translation = {
        code: f.code,
        source: 'mock-sp',
        matched: asText(f.message) ?? f.code,
      };
      const claim = asText(f.claim);
      const token = asText(f.token);
      const expected = asText(f.expected);
      if (claim) t.claim = claim;
      if (token) t.token = token;
      if (expected) t.expected = expected;
      out.push(t);
    }
  }
  const list = o.diagnosis ?? o.codes ?? o.diagnoses;
  if (Array.isArray(list)) {
    for (const x of list) {
      const code = typeof x === 'object' && x !== null ? (x as { code?: unknown }).code : x;
      if (isDiagnosisCode(code) && !out.some((t) => t.code === code)) {
        out.push({ code, source: 'mock-sp', matched: `body names ${code}` });
      }
    }
  }
  return out;
}

/**
 * Translates an SP's answer: RFC 6750 `error`/`error_description`/`scope` of every challenge, a
 * `DPoP` challenge without a `Bearer` one (RFC 9449 §7.1: the SP demands DPoP), and the body.
 */
export function translateSpResponse(res: {
  status?: number;
  wwwAuthenticate?: string;
  body?: string;
}): SpResponseTranslation {
  const challenges = res.wwwAuthenticate ? parseWwwAuthenticate(res.wwwAuthenticate) : [];
  const out: SpResponseTranslation = { challenges, translations: [] };
  const add = (ts: Translation[]) => {
    for (const t of ts) {
      if (!out.translations.some((o) => o.code === t.code && o.claim === t.claim))
        out.translations.push(t);
    }
  };
  for (const c of challenges) {
    const { error, error_description: description, scope } = c.params;
    if (error && !out.error) out.error = error;
    if (description && !out.errorDescription) out.errorDescription = description;
    if (error === 'insufficient_scope') {
      const t: Translation = {
        code: 'insufficient_scope',
        source: 'rfc6750',
        claim: 'scp',
        matched: `error="${error}"`,
      };
      if (scope) t.expected = scope;
      add([t]);
    }
    if (description) add(translateMessage(description));
  }
  const schemes = challenges.map((c) => c.scheme.toLowerCase());
  if (schemes.includes('dpop') && !schemes.includes('bearer')) {
    add([
      {
        code: 'dpop_binding_mismatch',
        source: 'rfc6750',
        claim: 'cnf.jkt',
        expected: 'a DPoP-bound token (Authorization: DPoP)',
        matched: 'WWW-Authenticate: DPoP',
      },
    ]);
  }
  if (res.body) {
    add(bodyStatements(res.body));
    for (const text of bodyText(res.body)) add(translateMessage(text));
  }
  return out;
}

/** Translates an `/authorize` (or `/token`) error into the codes Okta's exact strings state. */
export function translateAuthorizeError(error: string, description = ''): Translation[] {
  void error; // Okta's descriptions are specific; the error code alone (invalid_scope) is not.
  return translateMessage(description).filter((t) => t.source === 'okta');
}
