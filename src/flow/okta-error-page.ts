/**
 * Okta's own HTTP 400 page, shown instead of a redirect when the `redirect_uri` is not registered
 * or the `client_id` is unknown (okta-behavior.md section 3): "Your request resulted in an
 * error.", `Error Code : invalid_request` and the description.
 */
import type { Page } from '@playwright/test';

/** What Okta's 400 page says. */
export interface OktaErrorPage {
  error: string;
  error_description?: string;
}

/** The page's tell-tale sentence. */
export const OKTA_ERROR_PAGE_TEXT = 'Your request resulted in an error.';

/** Reads the error and its description from the text of an Okta error page. */
export function parseOktaErrorPage(text: string): OktaErrorPage | undefined {
  if (!text.includes(OKTA_ERROR_PAGE_TEXT)) return undefined;
  const error = /Error Code\s*:\s*([A-Za-z0-9_.-]+)/.exec(text)?.[1] ?? 'invalid_request';
  const description = /Description\s*:\s*(.+)/.exec(text)?.[1]?.trim();
  return description ? { error, error_description: description } : { error };
}

/** The error on the page shown now, when it is Okta's error page. */
export async function readOktaErrorPage(page: Page): Promise<OktaErrorPage | undefined> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 2000 })
    .catch(() => '');
  return parseOktaErrorPage(text);
}
