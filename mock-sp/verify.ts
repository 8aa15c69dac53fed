/**
 * The mock SP's verdict on a token: the pure checks of src/checks (every claim failure) plus the
 * signature, verified with jose against the SP's own keys only. Everything found is reported
 * together — a wrong `aud` and a missing `email` come back side by side — because the point of
 * the harness is to explain a 401 completely (architecture.md idea 4: pure core, thin I/O).
 */
import { compactVerify, errors } from 'jose';
import type { JWTVerifyGetKey } from 'jose';
import { DEFAULT_ALGORITHMS, checkToken } from '../src/checks/claims.js';
import { isCheckFailure, parseCompactJwt } from '../src/checks/decode.js';
import { translateLibraryError, type LibraryError } from '../src/diagnosis/translate/index.js';
import type { CheckFailure, Presentation, TokenParts } from '../src/checks/types.js';
import type { SpExpectation } from '../src/expectation.js';
import { verifyDpopProof, type DpopRequest } from '../src/checks/dpop-proof.js';
import { KeySourceError, resolveKeys, type KeyCache, type KeyInput } from './keys.js';

/** The SP's answer: accepted with the claims and the user, or rejected with every failure. */
export type Verdict =
  | { accepted: true; claims: Record<string, unknown>; user: string }
  | {
      accepted: false;
      failures: CheckFailure[];
      status: 401 | 403;
      error: 'invalid_token' | 'insufficient_scope' | 'invalid_request' | undefined;
    };

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** Keys to verify with; default: `expectation.jwksUri`, else the issuer's discovery. */
  keys?: KeyInput;
  /** Where remote keys are cached; default a process-wide cache. The mock SP passes its own. */
  keyCache?: KeyCache;
  /** The SP's clock, epoch seconds. Default: now. */
  now?: number;
  /** How the token came. Default `dpop` when a proof is given, else `bearer`. */
  presentation?: Presentation;
  /** The DPoP proof that came with the request, and the request it must describe. */
  dpop?: DpopRequest;
}

function header(parts: TokenParts, name: string): unknown {
  return parts.header[name];
}

/** Runs jose's signature check with the resolver, trying each candidate when several keys match. */
async function verifySignature(token: string, getKey: JWTVerifyGetKey, algorithms: string[]) {
  try {
    await compactVerify(token, getKey, { algorithms });
  } catch (err) {
    if (!(err instanceof errors.JWKSMultipleMatchingKeys)) throw err;
    let last: unknown = new errors.JWSSignatureVerificationFailed();
    for await (const key of err as errors.JWKSMultipleMatchingKeys & AsyncIterable<CryptoKey>) {
      try {
        await compactVerify(token, key, { algorithms });
        return;
      } catch (inner) {
        last = inner;
      }
    }
    throw last;
  }
}

/**
 * Words jose's failure in the SP's terms. The code comes from the one translation table
 * (src/diagnosis/translate), so the mock SP and `diagnose --jwks` agree on what jose means.
 */
function signatureFailure(err: unknown, parts: TokenParts, source: string): CheckFailure {
  const kid = header(parts, 'kid');
  const alg = header(parts, 'alg');
  if (err instanceof KeySourceError) {
    return { code: 'unknown_signing_key', message: err.message, claim: 'kid', token: kid };
  }
  const e = err as LibraryError;
  const code =
    err instanceof errors.JOSEError
      ? (translateLibraryError({ code: e.code, message: e.message })[0]?.code ??
        'signature_invalid')
      : 'signature_invalid';
  switch (code) {
    case 'unknown_signing_key':
      return err instanceof errors.JWKSNoMatchingKey
        ? {
            code,
            message: `no key in the SP's key set (${source}) matches kid ${kid === undefined ? '(absent)' : JSON.stringify(kid)} and alg ${JSON.stringify(alg)}`,
            claim: 'kid',
            token: kid,
            expected: `a key from ${source}`,
          }
        : {
            code,
            message: `the SP could not use its key set (${source}): ${e.message ?? ''}`,
            claim: 'kid',
            token: kid,
          };
    case 'algorithm_not_allowed':
      return {
        code,
        message: `alg ${JSON.stringify(alg)} cannot be verified with the SP's keys`,
        claim: 'alg',
        token: alg,
      };
    case 'malformed_token':
      return { code, message: `the JWS is invalid: ${e.message ?? ''}` };
    default:
      return {
        code: 'signature_invalid',
        message: `the signature does not verify with the SP's key${kid === undefined ? '' : ` for kid ${JSON.stringify(kid)}`}`,
        claim: 'signature',
      };
  }
}

/** A key lookup that failed for a reason other than jose's own (a refused connection) names its source. */
function guardKeyLookup(getKey: JWTVerifyGetKey, source: string): JWTVerifyGetKey {
  return async (protectedHeader, token) => {
    try {
      return await getKey(protectedHeader, token);
    } catch (err) {
      if (err instanceof errors.JOSEError) throw err;
      throw new KeySourceError(
        `the SP could not load its key set (${source}): ${(err as Error).message}`,
      );
    }
  };
}

function keySourceName(expectation: SpExpectation, options: VerifyOptions): string {
  if (options.keys) return 'the given keys';
  if (expectation.jwksUri) return expectation.jwksUri;
  return "the issuer's discovery jwks_uri";
}

/**
 * Verifies the signature with the keys the SP trusts (its JWKS URI, the issuer's discovery or keys
 * it was given), unlike `diagnose --jwks`'s offline check (src/token/signature.ts). Only when the
 * header allows it: a header the claim checks already refused (no alg, `none`, an algorithm the
 * SP does not allow, an unknown `crit`) is not verified again.
 */
async function verifyWithSpKeys(
  token: string,
  parts: TokenParts,
  expectation: SpExpectation,
  options: VerifyOptions,
): Promise<CheckFailure[]> {
  const alg = header(parts, 'alg');
  const allowed = expectation.algorithms?.length ? expectation.algorithms : [...DEFAULT_ALGORITHMS];
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || !allowed.includes(alg)) return [];
  if (header(parts, 'crit') !== undefined) return [];
  // HS256 "signed" with the RSA public key is the key-confusion attack (RFC 8725 §2.1): the SP
  // holds public keys only, so a MAC algorithm can never be verified here.
  if (/^HS\d+$/i.test(alg)) {
    return [
      {
        code: 'algorithm_not_allowed',
        message: `alg "${alg}" is a shared-secret MAC; the SP verifies with the issuer's public keys only`,
        claim: 'alg',
        token: alg,
        expected: allowed.filter((a) => !/^HS/i.test(a)),
      },
    ];
  }
  const source = keySourceName(expectation, options);
  try {
    const getKey = await resolveKeys(
      expectation,
      parts.payload.iss,
      options.keys,
      options.keyCache,
    );
    await verifySignature(token, guardKeyLookup(getKey, source), allowed);
    return [];
  } catch (err) {
    return [signatureFailure(err, parts, source)];
  }
}

/** The user the SP would sign in: the user claim, else email, preferred_username, sub. */
function userOf(claims: Record<string, unknown>, expectation: SpExpectation): string {
  for (const name of [expectation.userClaim, 'email', 'preferred_username', 'sub']) {
    const value = name === undefined ? undefined : claims[name];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return '';
}

function rejected(failures: CheckFailure[]): Verdict {
  // RFC 6750 §3.1: 403 insufficient_scope only when the token is otherwise good.
  const onlyScope = failures.every((f) => f.code === 'insufficient_scope');
  return onlyScope
    ? { accepted: false, failures, status: 403, error: 'insufficient_scope' }
    : { accepted: false, failures, status: 401, error: 'invalid_token' };
}

/**
 * Verifies a token as an SP configured with `expectation` would, and reports every failure:
 * the signature (with the SP's keys only: `jku`, `x5u` and embedded `jwk` headers are ignored)
 * and all the claim checks of {@link checkToken}. Never throws for a bad token.
 */
export async function verify(
  token: string,
  expectation: SpExpectation,
  options: VerifyOptions = {},
): Promise<Verdict> {
  const parts = parseCompactJwt(token);
  if (isCheckFailure(parts)) return rejected([parts]);
  const raw = token.trim();
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const presentation = options.presentation ?? (options.dpop ? 'dpop' : 'bearer');
  const failures: CheckFailure[] = [];
  let dpopJkt: string | undefined;
  if (options.dpop && presentation === 'dpop') {
    const proof = await verifyDpopProof(options.dpop, raw, now, expectation.clockToleranceSeconds);
    if ('jkt' in proof) dpopJkt = proof.jkt;
    else failures.push(proof);
  }
  failures.push(...(await verifyWithSpKeys(raw, parts, expectation, options)));
  const claimFailures = checkToken(parts, expectation, {
    now,
    presentation,
    ...(dpopJkt !== undefined ? { dpopJkt } : {}),
  });
  // A bad proof is already reported; the "no valid proof" binding failure would only repeat it.
  const proofFailed = failures.some((f) => f.code === 'dpop_binding_mismatch');
  failures.push(
    ...claimFailures.filter((f) => !(proofFailed && f.code === 'dpop_binding_mismatch')),
  );
  if (failures.length > 0) return rejected(failures);
  return { accepted: true, claims: parts.payload, user: userOf(parts.payload, expectation) };
}
