/**
 * The hosted sign-in page's markup (okta-behavior.md section 6): the Identity Engine widget
 * (identifier → Next → password → Verify) and the Classic Engine layout, with the selectors
 * browser automation relies on. Server-rendered forms; no script is needed to sign in.
 */
import { escapeHtml } from '../src/net/http.js';

const STYLE = `body{font-family:-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f6f6;margin:0}
#okta-sign-in{width:400px;margin:60px auto;background:#fff;border:1px solid #ddd;border-radius:3px;padding:0 0 24px}
.okta-sign-in-header{padding:24px;border-bottom:1px solid #ddd;text-align:center}
.o-form{padding:0 42px}.o-form-head{font-size:1.3em;text-align:center}
.o-form-fieldset{margin-bottom:16px}.o-form-fieldset label{display:block;margin-bottom:4px}
.o-form-input input{width:100%;box-sizing:border-box;padding:8px}
.button-primary{width:100%;padding:10px;background:#1662dd;color:#fff;border:0;border-radius:3px}
.o-form-error-container .infobox-error{background:#fff0f0;border:1px solid #e34843;padding:8px;margin-bottom:12px}`;

export function frame(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body class="auth okta-container">
<main id="okta-login-container" role="main">
<div id="okta-sign-in" class="auth-container main-container no-beacon">
<div class="okta-sign-in-header auth-header"><h1 class="okta-sign-in-header-title">Okta Emulator</h1></div>
<div class="auth-content"><div class="auth-content-inner">
${body}
</div></div></div></main></body></html>`;
}

export function errorBox(error: string | undefined): string {
  const inner = error
    ? `<div class="okta-form-infobox-error infobox infobox-error" role="alert"><span class="icon error-16"></span><p>${escapeHtml(error)}</p></div>`
    : '';
  return `<div class="o-form-error-container${error ? ' o-form-has-errors' : ''}" data-se="o-form-error-container" role="alert">${inner}</div>`;
}

/** Identity Engine, identify step: `input[name="identifier"]`, submit `Next`. */
export function identifyPage(action: string, error?: string, identifier = ''): string {
  return frame(
    'Sign In',
    `<div class="siw-main-view identify primary-auth">
<form method="POST" action="${escapeHtml(action)}" data-se="o-form" class="ion-form o-form o-form-edit-mode" novalidate>
<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Sign In</h2>
${errorBox(error)}
<div class="o-form-fieldset-container" data-se="o-form-fieldset-container">
<div class="o-form-fieldset o-form-label-top" data-se="o-form-fieldset-identifier">
<div class="okta-form-label o-form-label"><label for="input28">Username</label></div>
<div class="o-form-input" data-se="o-form-input-identifier"><span class="o-form-input-name-identifier o-form-control okta-form-input-field input-fix"><input type="text" placeholder="" name="identifier" id="input28" value="${escapeHtml(identifier)}" aria-label="" autocomplete="username" aria-required="true" required></span></div>
</div></div></div>
<div class="o-form-button-bar"><input class="button button-primary" type="submit" value="Next" data-type="save"></div>
</form></div>`,
  );
}

/** Identity Engine, password step: `input[name="credentials.passcode"]`, submit `Verify`. */
export function passwordPage(action: string, identifier: string, error?: string): string {
  return frame(
    'Verify with your password',
    `<div class="siw-main-view challenge-authenticator--okta_password mfa-verify-password">
<form method="POST" action="${escapeHtml(action)}" data-se="o-form" class="ion-form o-form o-form-edit-mode" novalidate>
<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Verify with your password</h2>
<div class="identifier-container"><span class="identifier no-translate" data-se="identifier">${escapeHtml(identifier)}</span></div>
${errorBox(error)}
<input type="hidden" name="identifier" value="${escapeHtml(identifier)}">
<div class="o-form-fieldset-container" data-se="o-form-fieldset-container">
<div class="o-form-fieldset o-form-label-top" data-se="o-form-fieldset-credentials.passcode">
<div class="okta-form-label o-form-label"><label for="input61">Password</label></div>
<div class="o-form-input" data-se="o-form-input-credentials.passcode"><span class="o-form-input-name-credentials.passcode o-form-control okta-form-input-field input-fix"><input type="password" placeholder="" name="credentials.passcode" id="input61" value="" aria-label="" autocomplete="current-password" aria-required="true" required></span></div>
</div></div></div>
<div class="o-form-button-bar"><input class="button button-primary" type="submit" value="Verify" data-type="save"></div>
</form></div>`,
  );
}

/** Classic Engine: `#okta-signin-username`, `#okta-signin-password`, `#okta-signin-submit`. */
export function classicPage(action: string, error?: string, username = ''): string {
  return frame(
    'Sign In',
    `<div class="primary-auth">
<form method="POST" action="${escapeHtml(action)}" data-se="o-form" class="primary-auth-form o-form o-form-edit-mode" id="form19" novalidate>
<div class="o-form-content o-form-theme clearfix"><h2 class="okta-form-title o-form-head" data-se="o-form-head">Sign In</h2>
${errorBox(error)}
<div class="o-form-fieldset-container" data-se="o-form-fieldset-container">
<div class="o-form-fieldset o-form-label-top" data-se="o-form-fieldset">
<div class="okta-form-label o-form-label"><label for="okta-signin-username">Username</label></div>
<div class="o-form-input"><span class="o-form-input-name-username o-form-control okta-form-input-field input-fix"><input type="text" placeholder="" name="username" id="okta-signin-username" value="${escapeHtml(username)}" aria-label="" autocomplete="username" aria-required="true"></span></div>
</div>
<div class="o-form-fieldset o-form-label-top" data-se="o-form-fieldset">
<div class="okta-form-label o-form-label"><label for="okta-signin-password">Password</label></div>
<div class="o-form-input"><span class="o-form-input-name-password o-form-control okta-form-input-field input-fix"><input type="password" placeholder="" name="password" id="okta-signin-password" value="" aria-label="" autocomplete="current-password" aria-required="true"></span></div>
</div></div></div>
<div class="o-form-button-bar" id="form19-button-bar"><input class="button button-primary" type="submit" value="Sign In" id="okta-signin-submit" data-type="save"></div>
</form></div>`,
  );
}

/** Okta's page for a sign-in link that expired or was opened without its cookie. */
export function expiredPage(): string {
  return frame(
    'Sign In',
    `<div class="siw-main-view terminal">${errorBox('The sign-in session has expired. Go back to the application and sign in again.')}</div>`,
  );
}
