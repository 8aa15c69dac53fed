import { test, expect } from '@playwright/test';
import {
  AUTHORIZE_ERRORS,
  PAGE_ERRORS,
  TOKEN_ERRORS,
  USERINFO_ERRORS,
  unsupportedResponseType,
} from '../../../../mock-idp/okta-errors.js';
import { translateMessage } from '../../../../src/diagnosis/translate/index.js';

// Every string the Okta emulator says (okta-behavior.md section 3) must be recognised by the one
// translation table: a new emulator string without a rule fails here. Read from the emulator's
// own constants, so the list cannot drift from what it sends.
const STRINGS: Array<[string, string]> = [
  ...Object.entries(AUTHORIZE_ERRORS).map(([k, v]): [string, string] => [
    `authorize ${k}`,
    v.description,
  ]),
  ...Object.entries(PAGE_ERRORS).map(([k, v]): [string, string] => [`page ${k}`, v.description]),
  ...Object.entries(TOKEN_ERRORS).map(([k, v]): [string, string] => [`token ${k}`, v]),
  ...Object.entries(USERINFO_ERRORS).map(([k, v]): [string, string] => [`userinfo ${k}`, v]),
  ['unsupportedResponseType', unsupportedResponseType(['code']).description],
];

// Okta's /userinfo says only "The access token is invalid": it names no cause, so nothing is read.
const STATES_NO_CAUSE = new Set(['userinfo invalidToken']);

for (const [name, text] of STRINGS) {
  test(`the emulator's ${name} string is recognised`, () => {
    const ts = translateMessage(text);
    if (STATES_NO_CAUSE.has(name)) {
      expect(ts).toEqual([]);
      return;
    }
    expect(ts.length, text).toBeGreaterThan(0);
    expect(ts[0]?.source, text).toBe('okta');
  });
}

test('every emulator string was listed', () => {
  expect(STRINGS.length).toBe(
    Object.keys(AUTHORIZE_ERRORS).length +
      Object.keys(PAGE_ERRORS).length +
      Object.keys(TOKEN_ERRORS).length +
      Object.keys(USERINFO_ERRORS).length +
      1,
  );
});
