/** The shapes shared by the translation table's rules, matcher and callers. */
import type { DiagnosisCode } from '../codes.js';

/** Who said it: a library, a gateway, Okta, or the vocabulary when no exact rule matched. */
export type MessageSource =
  | 'jose'
  | 'jsonwebtoken'
  | 'okta-jwt-verifier'
  | 'jwks-rsa'
  | 'express-oauth2-jwt-bearer'
  | 'passport-jwt'
  | 'pyjwt'
  | 'authlib'
  | 'nimbus'
  | 'spring-security'
  | 'okta-jwt-verifier-java'
  | 'dotnet'
  | 'go'
  | 'php-jwt'
  | 'mod_auth_openidc'
  | 'gateway'
  | 'rfc6750'
  | 'okta'
  | 'mock-sp'
  | 'vocabulary';

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

/** A capture group number, or a function picking the value from the match. */
export type Capture = number | ((m: RegExpExecArray) => string | undefined);

/** One exact pattern of one library: data, read by the one matcher in match.ts. */
export interface Rule {
  source: MessageSource;
  pattern: RegExp;
  /** A fixed code, or one derived from the captured claim name. */
  code: DiagnosisCode | ((m: RegExpExecArray) => DiagnosisCode);
  claim?: string | Capture;
  token?: Capture;
  expected?: Capture;
}
