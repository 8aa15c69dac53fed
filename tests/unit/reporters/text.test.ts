/**
 * Text laid out for a terminal: width from the terminal or COLUMNS (80 when piped), wrapping at
 * spaces and, for a word wider than a line, at `_` `.` `/` boundaries; cutting with `…`.
 */
import { test, expect } from '@playwright/test';
import stringWidth from 'string-width';
import {
  NARROW_SYMBOLS,
  displayWidth,
  terminalWidth,
  truncate,
  wrapText,
} from '../../../src/reporters/text.js';

const TEXT =
  'the SP trusts https://dev-123456.okta.com/oauth2/default and reads user.authentication.sso; ' +
  'set OKTA_DOMAIN, expected missing_claim or audience_mismatch';

test('the width: the terminal on a TTY, COLUMNS when piped, else 80', () => {
  expect(terminalWidth({ isTTY: true, columns: 123 }, { COLUMNS: '60' })).toBe(123);
  expect(terminalWidth({ isTTY: false }, { COLUMNS: '200' })).toBe(200);
  expect(terminalWidth({ isTTY: false }, {})).toBe(80);
  expect(terminalWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBe(80);
});

for (const width of [24, 40, 80, 200]) {
  test(`wrapping at ${width} columns keeps every line within it and every word whole`, () => {
    const lines = wrapText(TEXT, width, '  ', '  ');
    expect(lines.every((l) => displayWidth(l) <= width)).toBe(true);
    const joined = lines.map((l) => l.trim()).join('\n');
    // Words fit whole on a line of 24 except the URL, which breaks after a `/` or `.`.
    for (const word of ['missing_claim', 'audience_mismatch', 'OKTA_DOMAIN'])
      expect(joined).toContain(word);
    for (const line of lines.map((l) => l.trim())) {
      expect(line).not.toMatch(/^(im|smatch|TA_DOMAIN|m\b)/);
    }
    expect(
      lines
        .map((l) => l.trim())
        .join(' ')
        .replace(/([/._-]) /g, '$1'),
    ).toBe(TEXT);
  });
}

test('a word wider than the line breaks after `_`, `.` or `/`, never inside a name', () => {
  const lines = wrapText('user.authentication.sso', 16);
  expect(lines).toEqual(['user.', 'authentication.', 'sso']);
  expect(wrapText('https://dev-123456.okta.com/oauth2/default', 30)).toEqual([
    'https://dev-123456.okta.com/',
    'oauth2/default',
  ]);
});

test('a piece with no boundary wider than the line is cut with …, never split mid-word', () => {
  const kid = '65kx4eDKjgMPn7SCKNHu3tsDnYeMT_IUJlCzwFvJrNE';
  const lines = wrapText(`kid ${kid} RS256`, 20);
  expect(lines).toEqual(['kid', '65kx4eDKjgMPn7SCKNH…', 'RS256']);
  expect(lines.every((l) => displayWidth(l) <= 20)).toBe(true);
});

test('truncating ends with … within the width, at a word when one is near', () => {
  const cut = truncate('SP keys users by email, the token carries only preferred_username', 30);
  expect(displayWidth(cut)).toBeLessThanOrEqual(30);
  expect(cut).toBe('SP keys users by email, the…');
  expect(truncate('short', 30)).toBe('short');
  expect(displayWidth(truncate('日本語のケース名がとても長い場合', 9))).toBeLessThanOrEqual(9);
});

test('a 200 kB value beside non-ASCII text is measured, wrapped and cut without blowing up', () => {
  const huge = `1. audience_mismatch — aud is "${'x'.repeat(200_000)}"`;
  expect(displayWidth(huge)).toBe(huge.length);
  const lines = wrapText(huge, 80);
  expect(lines.every((l) => displayWidth(l) <= 80)).toBe(true);
  expect(lines[lines.length - 1]).toMatch(/x…$/);
  expect(displayWidth(truncate(huge, 40))).toBeLessThanOrEqual(40);
});

test('the symbols counted without string-width are one column in its reckoning too', () => {
  for (const symbol of NARROW_SYMBOLS) expect(stringWidth(symbol), symbol).toBe(1);
});

test('displayWidth agrees with string-width on plain, coloured, wide and emoji text', () => {
  const samples = [
    '  ✓ 2 SP requires email (4.26 s)',
    '\x1b[32m✓\x1b[39m case — audience → aud … done',
    'ID トークン', // wide
    'ok ✅ done', // an emoji in the symbols' block, two columns
    'e\u0301', // a combining accent
    '',
  ];
  for (const sample of samples) expect(displayWidth(sample), sample).toBe(stringWidth(sample));
});
