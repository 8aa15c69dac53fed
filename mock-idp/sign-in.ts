/**
 * The sign-in interaction: oidc-provider sends the browser here (`interactions.url`) when there
 * is no session; the user identifies, gives a password, and the interaction finishes with a login
 * (no consent screen, as for Okta first-party apps). A wrong password re-renders the form with
 * Okta's error; a user not assigned to the app is sent back with Okta's `access_denied`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { findUserByLogin, isAssigned } from './claims.js';
import type { ResolvedConfig, ResolvedUser } from './config.js';
import { tooManyGroupsRefusal } from './groups.js';
import { continueSecondFactor, enrolledFactors, startSecondFactor } from './second-factor.js';
import { readBody } from '../src/net/http.js';
import { BODY_LIMIT, formParams } from './http-util.js';
import { AUTHORIZE_ERRORS } from './okta-errors.js';
import type { ServerSpec } from './provider.js';
import { classicPage, expiredPage, identifyPage, passwordPage } from './sign-in-pages.js';

/** What the sign-in handler needs from the emulator. */
export interface SignInContext {
  provider: Provider;
  spec: ServerSpec;
  config: ResolvedConfig;
  /** A sign-in attempt, for the System Log (`user.session.start`). */
  onSignIn(req: IncomingMessage, login: string, user: ResolvedUser | undefined, ok: boolean): void;
  /** The user is signed in but not assigned to the app. */
  onNotAssigned(req: IncomingMessage, user: ResolvedUser): void;
  /** A second-factor code was checked (`user.authentication.auth_via_mfa`). */
  onSecondFactor(req: IncomingMessage, user: ResolvedUser, ok: boolean): void;
}

/** Okta's messages on the form. */
export const SIGN_IN_ERRORS = {
  identityEngine: 'Password is incorrect',
  classic: 'Unable to sign in',
  unknownUser: 'Unable to sign in',
} as const;

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** Handles `GET|POST /signin/{server}/{uid}[/{step}]`. */
export async function handleSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  step: string | undefined,
  sc: SignInContext,
): Promise<void> {
  const base = `/signin/${sc.spec.id}/${uid}`;
  try {
    const details = await sc.provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
  } catch {
    sendHtml(res, 400, expiredPage());
    return;
  }
  const classic = sc.config.signInWidget === 'classic';
  if (req.method === 'GET') {
    sendHtml(res, 200, classic ? classicPage(`${base}/classic`) : identifyPage(`${base}/identify`));
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }
  const form = formParams(req, await readBody(req, BODY_LIMIT));
  const factorStep = {
    key: `${sc.spec.id}/${uid}`,
    base,
    classic,
    send: (r: ServerResponse, html: string) => sendHtml(r, 200, html),
  };
  if (step === 'select' || step === 'factor') {
    const out = continueSecondFactor(res, factorStep, step, form, (id) =>
      sc.config.users.find((u) => u.id === id),
    );
    if (out.checked) sc.onSecondFactor(req, out.checked, !!out.passed);
    if (!out.handled) sendHtml(res, 400, expiredPage());
    else if (out.passed) await finishSignIn(req, res, sc, out.passed, ['pwd', 'otp', 'mfa']);
    return;
  }
  if (step === 'identify') {
    const identifier = (form.get('identifier') ?? '').trim();
    if (!identifier) {
      sendHtml(res, 200, identifyPage(`${base}/identify`, 'This field cannot be left blank'));
      return;
    }
    sendHtml(res, 200, passwordPage(`${base}/verify`, identifier));
    return;
  }
  const login = ((step === 'classic' ? form.get('username') : form.get('identifier')) ?? '').trim();
  const password =
    (step === 'classic' ? form.get('password') : form.get('credentials.passcode')) ?? '';
  const user = findUserByLogin(sc.config, login);
  const ok = !!user && user.password === password;
  sc.onSignIn(req, login, user, ok);
  if (!ok || !user) {
    const page = classic
      ? classicPage(`${base}/classic`, SIGN_IN_ERRORS.classic, login)
      : user
        ? passwordPage(`${base}/verify`, login, SIGN_IN_ERRORS.identityEngine)
        : passwordPage(`${base}/verify`, login, SIGN_IN_ERRORS.unknownUser);
    sendHtml(res, 200, page);
    return;
  }
  if (!isAssigned(sc.config, user)) {
    sc.onNotAssigned(req, user);
    await sc.provider.interactionFinished(
      req,
      res,
      {
        error: AUTHORIZE_ERRORS.userNotAssigned.error,
        error_description: AUTHORIZE_ERRORS.userNotAssigned.description,
      },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  // A sign-on policy asking for a second factor: the user's enrolled factors decide the page.
  if (enrolledFactors(user).length > 0) {
    startSecondFactor(res, factorStep, user);
    return;
  }
  await finishSignIn(req, res, sc, user, ['pwd']);
}

/**
 * Ends a sign-in that passed every factor: Okta's groups limit may still refuse the request
 * (tokens straight from /authorize), else the user is logged in with the factors used (`amr`).
 */
export async function finishSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  sc: SignInContext,
  user: ResolvedUser,
  amr: string[],
): Promise<void> {
  const details = await sc.provider.interactionDetails(req, res);
  const refusal = tooManyGroupsRefusal(sc.config, user, details.params);
  const result = refusal ?? { login: { accountId: user.id, amr } };
  await sc.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}
