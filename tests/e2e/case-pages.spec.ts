import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestInfo } from '@playwright/test';
import { CasePagePool } from '../../fixtures/case-pages.js';

// The worker's reused case page: nothing one case stored may reach the next.

let server: Server;
let origin: string;
let onCallback: (() => void) | undefined;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url === '/set') res.setHeader('set-cookie', 'sid=abc; Path=/');
    // The callback listener's moment: the response is read (and a flow's reset starts) before
    // the browser has the page.
    if (req.url === '/callback') onCallback?.();
    res.end('<!doctype html><title>store</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** What the origin has stored, read from a page on it. */
async function stored(pool: CasePagePool) {
  const lease = pool.lease();
  const page = await lease.page();
  await page.goto(`${origin}/read`);
  const state = await page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.getItem('k'),
    session: sessionStorage.getItem('k'),
    databases: (await indexedDB.databases()).map((d) => d.name),
  }));
  return { page, lease, state };
}

test('a case that needs no browser opens no page', async ({ browser }) => {
  const pool = new CasePagePool(browser);
  const before = browser.contexts().length;
  const lease = pool.lease();
  await lease.release();
  expect(lease.used).toBe(false);
  expect(browser.contexts().length).toBe(before);
  await pool.close();
});

test('cookies, local storage and IndexedDB do not survive into the next case', async ({
  browser,
}) => {
  const pool = new CasePagePool(browser);
  try {
    const first = pool.lease();
    const page = await first.page();
    await page.goto(`${origin}/set`);
    await page.evaluate(async () => {
      localStorage.setItem('k', 'local');
      await new Promise((resolve) => {
        const open = indexedDB.open('case-db');
        open.onsuccess = () => {
          open.result.close();
          resolve(null);
        };
      });
    });
    // The same page still sees it all, so the reads below would catch a leak.
    const seen = await page.evaluate(async () => ({
      cookie: document.cookie,
      local: localStorage.getItem('k'),
      databases: (await indexedDB.databases()).map((d) => d.name),
    }));
    expect(seen).toEqual({ cookie: 'sid=abc', local: 'local', databases: ['case-db'] });
    await first.release();

    const next = await stored(pool);
    expect(next.page).toBe(page); // reused, not reopened
    expect(next.state).toEqual({ cookie: '', local: null, session: null, databases: [] });
    await next.lease.release();
  } finally {
    await pool.close();
  }
});

test('a reset started while the callback page is still loading keeps the page', async ({
  browser,
}) => {
  const pool = new CasePagePool(browser);
  try {
    const first = pool.lease();
    const page = await first.page();
    await page.goto(`${origin}/set`);
    // The flow calls done() as the response reaches the listener, before the browser commits it.
    onCallback = () => first.done();
    const arrived = page.waitForURL(`${origin}/callback`).catch(() => null);
    await page.evaluate((url) => {
      location.href = url;
    }, `${origin}/callback`);
    await arrived;
    onCallback = undefined;
    await first.release();
    const { page: next, lease, state } = await stored(pool);
    // Reset, not thrown away: a new context would cost a renderer start per case.
    expect(next).toBe(page);
    expect(state.cookie).toBe('');
    await lease.release();
  } finally {
    await pool.close();
  }
});

test('a case that wrote session storage gets a new page next time, with none of it', async ({
  browser,
}) => {
  const pool = new CasePagePool(browser);
  try {
    const first = pool.lease();
    const page = await first.page();
    await page.goto(`${origin}/a`);
    await page.evaluate(() => sessionStorage.setItem('k', 'session'));
    // Left for another document before the case ends: no protocol call reaches it there.
    await page.goto(`${origin.replace('127.0.0.1', 'localhost')}/b`);
    await first.release();

    const next = await stored(pool);
    expect(next.page).not.toBe(page);
    expect(next.state.session).toBeNull();
    await next.lease.release();
  } finally {
    await pool.close();
  }
});

test('a failed case leaves a screenshot and its page is thrown away', async ({ browser }, info) => {
  const pool = new CasePagePool(browser);
  try {
    const lease = pool.lease();
    const page = await lease.page();
    await page.goto(`${origin}/set`);
    const failed = {
      status: 'failed',
      expectedStatus: 'passed',
      attachments: [] as TestInfo['attachments'],
      outputPath: (name: string) => info.outputPath(name),
    } as unknown as TestInfo;
    await lease.release(failed);
    expect(failed.attachments.map((a) => a.name)).toEqual(['screenshot']);
    expect(page.isClosed()).toBe(true);

    const next = await stored(pool);
    expect(next.page).not.toBe(page);
    expect(next.state.cookie).toBe('');
    await next.lease.release();
  } finally {
    await pool.close();
  }
});
