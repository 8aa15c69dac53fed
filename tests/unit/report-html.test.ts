import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { claimRows } from '../../src/report-files/claims.js';
import { renderHtml } from '../../src/report-files/html.js';
import { reportDocument } from '../../src/report-files/model.js';
import { redactDeep } from '../../src/token/redact.js';
import { hostileRun, SECRETS } from './report-sample.js';

async function html(): Promise<string> {
  const { input } = await hostileRun();
  return renderHtml(redactDeep(reportDocument(input), SECRETS));
}

/** The `<tr>` of claim `claim` inside the table captioned `caption`. */
function claimRow(page: string, caption: string, claim: string): string {
  const table = page.split('<table').find((t) => t.includes(`<caption>${caption}</caption>`));
  expect(table, caption).toBeDefined();
  const row = table!.split('<tr').find((r) => r.includes(`data-claim="${claim}"`));
  expect(row, `${caption}: ${claim}`).toBeDefined();
  return row!;
}

test('claim values that are markup are escaped, and the only script is the report’s own', async () => {
  const page = await html();
  expect(page.match(/<script\b/g)).toHaveLength(1);
  expect(page).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  expect(page).toContain('&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;');
  expect(page).not.toContain('<img');
  expect(page).not.toMatch(/onerror="/);
});

test('the page loads nothing from the network and its CSP allows exactly its own style and script', async () => {
  const page = await html();
  // No src/href other than in-page anchors.
  const refs = [...page.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  expect(refs.length).toBeGreaterThan(0);
  for (const r of refs) expect(r).toMatch(/^#case-\d+$/);
  expect(page).not.toMatch(/@import|url\(/);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1] ?? '';
  const hash = (s: string) => `sha256-${createHash('sha256').update(s).digest('base64')}`;
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
  expect(csp).toContain('default-src &#39;none&#39;');
  expect(csp).toContain(`style-src &#39;${hash(style)}&#39;`);
  expect(csp).toContain(`script-src &#39;${hash(script)}&#39;`);
});

test('summary counts, a row per case, accessible tables', async () => {
  const page = await html();
  expect(page).toMatch(/id="count-passed" data-count="passed">2</);
  expect(page).toMatch(/id="count-failed" data-count="failed">2</);
  expect(page).toMatch(/id="count-skipped" data-count="skipped">1</);
  expect(page).toContain('<html lang="en">');
  const body = page.slice(page.indexOf('<table class="cases">'), page.indexOf('</table>'));
  expect(body.match(/<tr class="(passed|failed|skipped)"/g)).toEqual([
    '<tr class="passed"',
    '<tr class="failed"',
    '<tr class="passed"',
    '<tr class="skipped"',
    '<tr class="failed"',
  ]);
  expect(page.match(/<details id="case-\d+"/g)).toHaveLength(5);
  // Every header cell says what it heads.
  expect(page.match(/<th\b(?![^>]*scope=)[^>]*>/g) ?? []).toEqual([]);
});

test('the presented token’s claims table marks the diagnosed claims and shows the expectation', async () => {
  const page = await html();
  const email = claimRow(page, 'id_token claims', 'email');
  expect(email).toContain('class="mismatch"');
  expect(email).toContain('data-codes="user_claim_mismatch"');
  expect(email).toContain('(absent)');
  expect(email).toContain('<td>present</td>');
  const iss = claimRow(page, 'id_token claims', 'iss');
  expect(iss).not.toContain('mismatch');
  expect(iss).toContain('<td>https://dev-133337.okta.com</td>');
  expect(claimRow(page, 'id_token claims', 'preferred_username')).toContain('class="related"');
  // The date beside the seconds stays on one line (a browser would break it after a hyphen).
  expect(claimRow(page, 'id_token claims', 'exp')).toMatch(
    /\d+ \(<span class="nowrap">\d{4}-\d\d-\d\dT[\d:.]+Z<\/span>\)/,
  );
  // The access token was not sent: no comparison column, nothing marked.
  const at = claimRow(page, 'access_token claims', 'scp');
  expect(at).not.toContain('mismatch');
  expect(at.match(/<td>/g)).toHaveLength(1);
  // The timeline, the SP's answer, the System Log and the fix are there.
  expect(page).toContain('<th scope="row">sign-in</th><td class="num">610 ms</td>');
  expect(page).toContain('WWW-Authenticate');
  expect(page).toContain('app.oauth2.token.grant.id_token');
  expect(page).toMatch(/<p class="fix"><strong>Fix:<\/strong> Request the &quot;email&quot; scope/);
});

test('claimRows: absent expected claims are listed, header parameters stay in the header table', () => {
  const diagnoses = [
    {
      code: 'audience_mismatch' as const,
      summary: 's',
      fix: 'f',
      evidence: {
        aud: { token: 'api://default', expected: 'api://orders' },
        typ: { token: undefined, expected: 'at+jwt' },
        'app.oauth2.as.token.grant': { token: 'FAILURE' },
      },
    },
  ];
  const compare = {
    use: 'access_token' as const,
    expectation: { audience: 'api://orders', requireClaims: ['groups'] },
    diagnoses,
  };
  const payload = claimRows('payload', { aud: 'api://default', sub: 'x' }, compare);
  expect(payload.map((r) => [r.claim, r.present, r.mismatch, r.expected])).toEqual([
    ['aud', true, true, 'api://orders'],
    ['sub', true, false, ''],
    ['groups', false, false, 'required'],
  ]);
  const header = claimRows('header', { alg: 'RS256' }, compare);
  // What is wrong comes first.
  expect(header.map((r) => [r.claim, r.present, r.mismatch])).toEqual([
    ['typ', false, true],
    ['alg', true, false],
  ]);
});
