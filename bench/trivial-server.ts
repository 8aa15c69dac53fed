/**
 * The benchmarks' trivial sign-in server: the floor the harness's sign-ins are measured against.
 * It serves the emulator's own sign-in markup and does no OIDC work; `bareSignIn` is the floor's
 * steps on it, as bare Playwright calls. Both catalogue floors use them:
 * the per-case one in `catalogue.bench.ts` and the bare Playwright Test project of
 * `catalogue-floor.ts`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright';
import { identifyPage, passwordPage } from '../mock-idp/sign-in-pages.js';
import { IDENTITY_ENGINE } from '../src/flow/pages/selectors.js';

/** A server that does nothing but redirect, serve the two sign-in forms and redirect back. */
export async function startTrivialServer(callbackUri: string) {
  const body = async (req: IncomingMessage) => {
    let data = '';
    for await (const chunk of req) data += chunk;
    return new URLSearchParams(data);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const html = (text: string) => {
      res.setHeader('content-type', 'text/html');
      res.end(text);
    };
    if (url.pathname === '/authorize') {
      res.writeHead(302, { location: `/signin?state=${url.searchParams.get('state')}` }).end();
    } else if (url.pathname === '/signin') {
      html(identifyPage(`/identify?state=${url.searchParams.get('state')}`));
    } else if (url.pathname === '/identify') {
      void body(req).then((form) =>
        html(
          passwordPage(
            `/verify?state=${url.searchParams.get('state')}`,
            form.get('identifier') ?? '',
          ),
        ),
      );
    } else if (url.pathname === '/verify') {
      void body(req).then(() =>
        res
          .writeHead(302, {
            location: `${callbackUri}?code=floor&state=${url.searchParams.get('state')}`,
          })
          .end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

/**
 * The bare sign-in steps on the trivial server, as a plain Playwright user writes them: goto,
 * fill, click, fill, click (up to the redirect to the callback). `step` times each one.
 */
export async function bareSignIn(
  page: Page,
  serverUrl: string,
  state: string,
  step: (name: string, body: () => Promise<unknown>) => Promise<unknown> = (_name, body) => body(),
): Promise<void> {
  await step('goto /authorize', () =>
    page.goto(`${serverUrl}/authorize?state=${state}`, { waitUntil: 'domcontentloaded' }),
  );
  await step('fill username', () =>
    page.locator(IDENTITY_ENGINE.username).fill('alice@example.com'),
  );
  await step('click Next', () => page.locator(IDENTITY_ENGINE.submit).click());
  await step('fill password (waits for it)', () =>
    page.locator(IDENTITY_ENGINE.password).fill('x'),
  );
  await step('click Verify', () => page.locator(IDENTITY_ENGINE.submit).click());
}
