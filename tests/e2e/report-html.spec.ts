/**
 * The HTML report in a real browser, opened from file:// as a support engineer would open an
 * attachment: the summary, a failing case open from the start with its mismatching claim highlighted, and a
 * `<script>` claim that stays text.
 */
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReports } from '../../src/report-files/write.js';
import { hostileRun, SCRIPT_CLAIM, IMG_CLAIM, SECRETS } from '../unit/report-sample.js';

let dir = '';
let url = '';

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-e2e-'));
  const { input } = await hostileRun();
  await writeReports(dir, input, { secrets: SECRETS });
  url = pathToFileURL(join(dir, 'report.html')).href;
});

test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the report opens from file://, shows the summary, and highlights the mismatching claim', async ({
  page,
}) => {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(r.url()));

  await page.goto(url);
  await expect(page).toHaveTitle('oidc-harness report: 2 passed, 2 failed, 1 skipped');
  await expect(page.locator('#count-passed')).toHaveText('2');
  await expect(page.locator('#count-failed')).toHaveText('2');
  await expect(page.locator('#count-skipped')).toHaveText('1');
  await expect(page.locator('#count-total')).toHaveText('5');
  await expect(page.locator('table.cases tbody tr')).toHaveCount(5);

  // The summary table names each failed case's cause and its fix.
  const row = page.locator('table.cases tbody tr[data-status="failed"]').first();
  await expect(row.locator('td').nth(5)).toContainText('Fix:');

  // Failed cases are open from the start, passing and skipped ones closed.
  await expect(page.locator('details.case[data-status="failed"]:not([open])')).toHaveCount(0);
  await expect(page.locator('details.case[data-status="passed"][open]')).toHaveCount(0);
  const failing = page.locator('details.case[data-status="failed"]').filter({
    hasText: 'cases/missing-claim-email.yaml',
  });
  const emailRow = failing.locator('table.claims tr[data-claim="email"]').first();
  await expect(emailRow).toBeVisible();
  // The cause and its fix come before the evidence: a reader sees them without scrolling.
  const top = (l: typeof emailRow) => l.evaluate((el) => el.getBoundingClientRect().top);
  expect(await top(failing.locator('.diagnosis .fix').first())).toBeLessThan(
    await top(failing.locator('table.claims').first()),
  );
  await failing.locator('summary').click();
  await expect(emailRow).toBeHidden();
  await failing.locator('summary').click();
  await expect(emailRow).toHaveClass(/mismatch/);
  await expect(emailRow).toContainText('✗ mismatch');
  await expect(emailRow).toContainText('(absent)');
  // The highlight is visible, not only a class: the row's background differs from a plain row's.
  const issRow = failing.locator('table.claims tr[data-claim="iss"]').first();
  await expect(issRow).not.toHaveClass(/mismatch/);
  const bg = (l: typeof emailRow) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await bg(emailRow)).not.toBe(await bg(issRow));

  // The `<script>` and `<img onerror>` claims rendered as text and never ran.
  const nameCell = failing.locator('table.claims tr[data-claim="name"] td').first();
  await expect(nameCell).toHaveText(SCRIPT_CLAIM);
  await expect(failing.locator('table.claims tr[data-claim="nickname"] td').first()).toHaveText(
    IMG_CLAIM,
  );
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
    undefined,
  );
  await expect(page.locator('img')).toHaveCount(0);

  // The diagnosis and its fix are there.
  await expect(failing.locator('.diagnosis[data-code="user_claim_mismatch"] .fix')).toContainText(
    'email',
  );

  // The report's own script runs (CSP hash right): "Expand all" opens every case.
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(page.locator('details.case:not([open])')).toHaveCount(0);
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(page.locator('details.case[open]')).toHaveCount(0);

  // Nothing was fetched but the file itself, and the CSP blocked nothing of the report's own.
  expect(requests).toEqual([url]);
  expect(problems).toEqual([]);
});

test('a link from the case table opens that case, and printing shows every case', async ({
  page,
}) => {
  await page.goto(url);
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page.locator('table.cases a', { hasText: 'User not assigned' }).click();
  const opened = page.locator('details.case[open]');
  await expect(opened).toHaveCount(1);
  await expect(opened).toContainText('access_denied');
  await page.emulateMedia({ media: 'print' });
  // Print media alone already shows closed cases' content (CSS), before any script runs.
  const closed = page.locator('details.case:not([open])').filter({ hasText: 'Sign-in timed out' });
  await expect(closed.locator('.mismatches')).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(page.locator('details.case:not([open])')).toHaveCount(0);
  await expect(page.locator('.controls')).toBeHidden();
});
