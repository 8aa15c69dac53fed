/**
 * The second-factor pages a sign-on policy adds after the password, as Okta's widgets draw them:
 * Identity Engine's "Verify it's you with a security method" list (select-authenticator), its
 * Google Authenticator code challenge and its Okta Verify push challenge; Classic Engine's
 * "Enter Code" (`answer`) and "Send Push" forms. Server-rendered: no script is needed.
 *
 * Wording: Classic's wrong-code message is the widget's own ("Your code doesn't match our
 * records. Please try again.", okta-signin-widget's TOTP tests); Identity Engine's
 * ("Invalid code. Try again.") is not confirmed in Okta's published sources.
 */
import { escapeHtml } from '../src/net/http.js';
import { errorBox, frame } from './sign-in-pages.js';

/** A factor a user can be challenged with. */
export type Factor = 'google_otp' | 'okta_verify_push';

/** Okta's wrong-code messages on the form. */
export const FACTOR_ERRORS = {
  identityEngine: 'Invalid code. Try again.',
  classic: "Your code doesn't match our records. Please try again.",
} as const;

const LABEL: Record<Factor, { name: string; hint: string; key: string }> = {
  google_otp: { name: 'Google Authenticator', hint: 'Enter a code', key: 'google_otp' },
  okta_verify_push: { name: 'Okta Verify', hint: 'Get a push notification', key: 'okta_verify' },
};

function form(action: string, inner: string, extraClass = ''): string {
  return `<form method="POST" action="${escapeHtml(action)}" data-se="o-form" class="ion-form o-form o-form-edit-mode${extraClass}" novalidate>${inner}</form>`;
}

/** Identity Engine: the list of enrolled authenticators (factor selection). */
export function selectFactorPage(action: string, factors: readonly Factor[]): string {
  const rows = factors
    .map((f) => {
      const l = LABEL[f];
      return `<div class="authenticator-row clearfix" data-se="${l.key}">
<div class="authenticator-description"><h3 class="authenticator-label no-translate">${l.name}</h3><p class="authenticator-description--text">${l.hint}</p></div>
<div class="authenticator-button" data-se="authenticator-button"><button type="submit" name="authenticator" value="${f}" class="button select-factor link-button" data-se="button">Select</button></div>
</div>`;
    })
    .join('\n');
  return frame(
    "Verify it's you with a security method",
    `<div class="siw-main-view select-authenticator-authenticate">
${form(
  action,
  `<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Verify it's you with a security method</h2>
<p class="okta-form-subtitle o-form-explain" data-se="o-form-explain">Select from the following options</p>
<div class="authenticator-list" data-se="authenticator-list">${rows}</div></div>`,
)}</div>`,
  );
}

/** Identity Engine: the code challenge (`credentials.passcode`, Verify). */
export function totpChallengePage(action: string, error?: string): string {
  return frame(
    'Verify with Google Authenticator',
    `<div class="siw-main-view challenge-authenticator--google_otp mfa-verify-totp">
${form(
  action,
  `<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Verify with Google Authenticator</h2>
<p class="okta-form-subtitle o-form-explain" data-se="o-form-explain">Enter the temporary code generated in your Google Authenticator app</p>
${errorBox(error)}
<div class="o-form-fieldset-container" data-se="o-form-fieldset-container">
<div class="o-form-fieldset o-form-label-top" data-se="o-form-fieldset-credentials.passcode">
<div class="okta-form-label o-form-label"><label for="input70">Enter code</label></div>
<div class="o-form-input" data-se="o-form-input-credentials.passcode"><span class="o-form-input-name-credentials.passcode o-form-control okta-form-input-field input-fix"><input type="text" placeholder="" name="credentials.passcode" id="input70" value="" autocomplete="one-time-code" inputmode="numeric" aria-required="true" required></span></div>
</div></div></div>
<div class="o-form-button-bar"><input class="button button-primary" type="submit" value="Verify" data-type="save"></div>`,
)}</div>`,
  );
}

/** Identity Engine: Okta Verify push sent, polling (nothing on the page can answer it). */
export function pushChallengePage(): string {
  return frame(
    'Get a push notification',
    `<div class="siw-main-view challenge-authenticator--okta_verify challenge-poll" data-se="okta_verify-push">
<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Get a push notification</h2>
<div class="okta-verify-push-challenge" data-se="o-form-explain"><p>Push notification sent</p><p>Respond on your mobile device to continue.</p></div></div></div>`,
  );
}

/** Classic Engine: the factor's verify form (`answer`, Verify; or Send Push). */
export function classicFactorPage(action: string, factor: Factor, error?: string): string {
  if (factor === 'okta_verify_push') {
    return frame(
      'Okta Verify',
      `<div class="mfa-verify">${form(
        action,
        `<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Okta Verify</h2>
<div class="o-form-button-bar"><input class="button button-primary" type="submit" value="Send Push" data-se="okta_verify-push"></div></div>`,
        ' mfa-verify-push',
      )}</div>`,
    );
  }
  return frame(
    'Google Authenticator',
    `<div class="mfa-verify verify-totp">${form(
      action,
      `<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Google Authenticator</h2>
${errorBox(error)}
<div class="o-form-fieldset-container" data-se="o-form-fieldset-container">
<div class="o-form-fieldset o-form-label-top" data-se="o-form-fieldset-answer">
<div class="okta-form-label o-form-label"><label for="input71">Enter Code</label></div>
<div class="o-form-input" data-se="o-form-input-answer"><span class="o-form-input-name-answer o-form-control okta-form-input-field input-fix"><input type="tel" placeholder="" name="answer" id="input71" value="" autocomplete="off" aria-required="true"></span></div>
</div></div></div>
<div class="o-form-button-bar"><input class="button button-primary" type="submit" value="Verify" data-type="save"></div>`,
      ' mfa-verify-totp',
    )}</div>`,
  );
}
