import { test, expect } from '@playwright/test';
import { applyDefaults } from '../../../src/case/defaults.js';
import type { LoadedCase } from '../../../src/case/types.js';
import { UsageError } from '../../../src/cli/context.js';
import { checkSpUrlsGiven, parseSpUrls, spNamesUsed } from '../../../src/cli/sp-urls.js';

const loaded = (sp: Record<string, unknown>): LoadedCase =>
  ({
    id: 'x',
    file: 'cases/x.yaml',
    definition: applyDefaults({
      name: 'x',
      idp: { server: 'default' },
      sp,
      expect: { outcome: 'accepted' },
    } as never),
  }) as LoadedCase;

test('NAME=URL pairs become a map; the URL may hold = and a query', () => {
  expect(
    parseSpUrls(['api=http://127.0.0.1:3000/x?a=b', 'rp=https://app.example.com/login']),
  ).toEqual({ api: 'http://127.0.0.1:3000/x?a=b', rp: 'https://app.example.com/login' });
  expect(parseSpUrls(undefined)).toEqual({});
});

test('a malformed pair, a non-http URL or one name given two URLs is a usage error naming it', () => {
  expect(() => parseSpUrls(['http://x'])).toThrow(/--sp http:\/\/x: expected NAME=URL/);
  expect(() => parseSpUrls(['api='])).toThrow(UsageError);
  expect(() => parseSpUrls(['a b=http://x'])).toThrow(/expected NAME=URL/);
  expect(() => parseSpUrls(['api=ftp://x'])).toThrow(/not an http:\/\/ or https:\/\/ URL/);
  expect(() => parseSpUrls(['api=http://a', 'api=http://b'])).toThrow(/given twice/);
});

test('the names a case uses are found with their field; a missing one names file, field and flag', () => {
  const c = loaded({ type: 'url', url: '${sp.urls.orders}/v1', send: 'access_token' });
  expect([...spNamesUsed(c)]).toEqual([['orders', 'sp.url']]);
  expect(() => checkSpUrlsGiven([c], {})).toThrow(
    'cases/x.yaml: sp.url uses ${sp.urls.orders}, the URL of a real SP: pass --sp orders=URL',
  );
  expect(() => checkSpUrlsGiven([c], { orders: 'http://127.0.0.1:1' })).not.toThrow();
  expect(spNamesUsed(loaded({ send: 'access_token' })).size).toBe(0);
});
