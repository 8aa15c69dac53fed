/**
 * The contract between the flow runner and a sign-in page driver (the page objects in
 * `fixtures/pages/` implement it): sign a user in on an IdP's hosted sign-in page and return once
 * the browser has been sent on.
 */
import type { Page, TestInfo } from '@playwright/test';

/** The user's credentials. The password is typed into the page and never logged or reported. */
export interface Credentials {
  username: string;
  password: string;
  /**
   * The user's TOTP factor (base32), when the sign-on policy asks for a second factor: the driver
   * enters the current RFC 6238 code. Never logged or reported.
   */
  totpSecret?: string;
}

/** Runs `body` as a named step (Playwright's `test.step` signature). */
export type StepFn = <T>(name: string, body: () => Promise<T>) => Promise<T>;

/** How a driver waits, reports and knows the flow has ended. */
export interface SignInOptions {
  /**
   * Settles when the authorization response has reached the callback (the flow runner passes its
   * callback promise). A driver returns as soon as it settles, which also covers silent SSO; without
   * it, a driver waits for the browser to leave the sign-in page after the last submit.
   */
  done?: Promise<unknown>;
  /** How long a field may take to appear before the page is declared wrong. Default 5000 ms. */
  fieldTimeoutMs?: number;
  /** How long the redirect away from the sign-in page may take after the last submit. Default 10000 ms. */
  redirectTimeoutMs?: number;
  /** Runs each page-object step; default `test.step` when a test is running, else a plain call. */
  step?: StepFn;
  /** Where a failure screenshot goes (`testInfo.outputPath`); default the running test's, else a temp dir. */
  testInfo?: TestInfo;
}

/** A page object that knows one sign-in page layout. */
export interface SignInDriver {
  /** A short name for reports, e.g. `okta-identity-engine`. */
  readonly name: string;
  /**
   * Signs in on the page currently shown. Resolves once the browser has been sent on (or
   * `options.done` settled); throws `SignInError` — never a bare timeout — when it can't.
   */
  signIn(page: Page, credentials: Credentials, options?: SignInOptions): Promise<void>;
}
