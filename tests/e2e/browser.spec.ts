import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The browser the suite found launches and renders a loopback page: the floor every e2e test stands on.
test('the discovered browser renders a loopback page', async ({ page }) => {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<title>ok</title><h1 id="greeting">hello from 127.0.0.1</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await expect(page.locator('#greeting')).toHaveText('hello from 127.0.0.1');
  } finally {
    server.close();
  }
});
