/**
 * What a 400 from `/authorize` says, whatever its markup: Okta's page ("Error Code : …",
 * "Description : …"), a page that keeps only its `#error-summary`, a JSON error, or an empty
 * body. Okta answers with a page instead of redirecting only when it cannot trust where it
 * would redirect to, so even an empty page is an authorize error, never "no error".
 */
import type { Entry } from 'har-format';
import { htmlToText, isHtml, responseJson, responseText } from './entry.js';

const ERROR_CODE = /Error Code\s*:\s*([A-Za-z0-9_.-]+)/;
const DESCRIPTION = /Description\s*:\s*(.+)/;
const SUMMARY = /<[^>]*\bid=["']?error-summary["']?[^>]*>([\s\S]*?)<\/[a-z0-9]+>/i;
const BARE_CODE =
  /\b(invalid_request|invalid_client|unauthorized_client|invalid_scope|access_denied|unsupported_response_type|server_error|temporarily_unavailable|login_required|consent_required)\b/;
const MAX_DESCRIPTION = 400;

/** The error and description a 400 page from `/authorize` shows (or `invalid_request` alone). */
export function authorizePageError(e: Entry): { error: string; error_description?: string } {
  const json = responseJson(e);
  if (json && typeof json.error === 'string') {
    const d = json.error_description ?? json.errorSummary ?? json.message;
    return { error: json.error, ...(typeof d === 'string' && d ? { error_description: d } : {}) };
  }
  const raw = responseText(e) ?? '';
  const text = isHtml(e, raw) ? htmlToText(raw) : raw.trim();
  const summary = SUMMARY.exec(raw)?.[1];
  const error = ERROR_CODE.exec(text)?.[1] ?? BARE_CODE.exec(text)?.[1] ?? 'invalid_request';
  const description =
    DESCRIPTION.exec(text)?.[1]?.trim() ??
    (summary ? htmlToText(summary) : undefined) ??
    (text ? text.replace(/\s+/g, ' ').slice(0, MAX_DESCRIPTION) : undefined);
  return description ? { error, error_description: description } : { error };
}
