/**
 * The second factor a sign-on policy demands after the password (the emulated user's
 * `totpSecret` enrols Google Authenticator, alongside Okta Verify push; `pushOnly` enrols only
 * push). Identity Engine lists the authenticators when there is a choice; Classic shows the
 * default factor. Codes are checked as RFC 6238 TOTP (30 s, 6 digits, one step either side).
 */
import type { ServerResponse } from 'node:http';
import { Secret, TOTP } from 'otpauth';
import type { ResolvedUser } from './config.js';
import {
  FACTOR_ERRORS,
  classicFactorPage,
  pushChallengePage,
  selectFactorPage,
  totpChallengePage,
  type Factor,
} from './factor-pages.js';

/** Users who passed the password and owe a factor, by interaction (`{server}/{uid}`). */
const pending = new Map<string, string>();

/** The factors the user has enrolled; empty when the policy asks for none. */
export function enrolledFactors(user: ResolvedUser): Factor[] {
  if (user.totpSecret) return ['google_otp', 'okta_verify_push'];
  if (user.pushOnly) return ['okta_verify_push'];
  return [];
}

/** True when `code` is the user's current TOTP code (RFC 6238, ±1 step). */
export function validTotp(secret: string, code: string): boolean {
  const totp = new TOTP({ secret: Secret.fromBase32(secret.replace(/=+$/, '').toUpperCase()) });
  return totp.validate({ token: code.replace(/\s+/g, ''), window: 1 }) !== null;
}

/** What the sign-in handler hands over. */
export interface FactorStep {
  key: string;
  base: string;
  classic: boolean;
  send(res: ServerResponse, html: string): void;
}

/** After the password: remember the user and show the first factor page. */
export function startSecondFactor(res: ServerResponse, step: FactorStep, user: ResolvedUser) {
  const factors = enrolledFactors(user);
  pending.set(step.key, user.id);
  if (step.classic) {
    step.send(res, classicFactorPage(`${step.base}/factor`, factors[0]!));
  } else if (factors.length > 1) {
    step.send(res, selectFactorPage(`${step.base}/select`, factors));
  } else {
    step.send(res, factorPage(step, factors[0]!));
  }
}

function factorPage(step: FactorStep, factor: Factor, error?: string): string {
  if (step.classic) return classicFactorPage(`${step.base}/factor`, factor, error);
  return factor === 'google_otp'
    ? totpChallengePage(`${step.base}/factor`, error)
    : pushChallengePage();
}

/**
 * A factor step's POST (`select` or `factor`): the chosen factor's page, a wrong code's error on
 * the form, or the user who passed (then forgotten). Undefined user = nothing pending; `checked`:
 * a code was checked for this user (passed or not), for the System Log.
 */
export function continueSecondFactor(
  res: ServerResponse,
  step: FactorStep,
  stepName: string,
  form: URLSearchParams,
  findUser: (id: string) => ResolvedUser | undefined,
): { passed?: ResolvedUser; checked?: ResolvedUser; handled: boolean } {
  const id = pending.get(step.key);
  const user = id ? findUser(id) : undefined;
  if (!user) return { handled: false };
  if (stepName === 'select') {
    const chosen = form.get('authenticator') === 'google_otp' ? 'google_otp' : 'okta_verify_push';
    step.send(res, factorPage(step, chosen));
    return { handled: true };
  }
  const code = form.get('credentials.passcode') ?? form.get('answer') ?? '';
  if (!user.totpSecret || !validTotp(user.totpSecret, code)) {
    const error = step.classic ? FACTOR_ERRORS.classic : FACTOR_ERRORS.identityEngine;
    step.send(res, factorPage(step, user.totpSecret ? 'google_otp' : 'okta_verify_push', error));
    return { checked: user, handled: true };
  }
  pending.delete(step.key);
  return { passed: user, checked: user, handled: true };
}
