/**
 * `diagnose --har` output. JSON keeps interface.md's top-level `{"diagnoses":[…]}` and adds
 * `"har": {"rejections":[…], "sanitized": bool}`; text prints one section per rejection or
 * authorize error. Both go through `redactSecrets`, and neither ever holds a signature, a code,
 * a cookie or a secret: URLs were redacted when read, tokens are shown decoded.
 */
import { renderText } from '../reporters/diagnose-output.js';
import { redactSecrets } from '../token/redact.js';
import type { HarReport, HarSection } from './diagnose.js';
import type { TokenSource } from './extract.js';

/** `diagnose --har --json`. */
export function renderHarJson(report: HarReport): string {
  const rejections = report.sections.map((s) => ({
    kind: s.kind,
    request: s.request,
    status: s.status,
    ...(s.wwwAuthenticate ? { wwwAuthenticate: s.wwwAuthenticate } : {}),
    ...(s.error ? { error: s.error } : {}),
    ...(s.token ? { token: s.token } : {}),
    ...(s.note ? { note: s.note } : {}),
    diagnoses: s.diagnoses,
  }));
  const out = {
    diagnoses: report.diagnoses,
    har: {
      entries: report.entries,
      sanitized: report.sanitized,
      ...(report.missing ? { missing: report.missing } : {}),
      rejections,
    },
  };
  return `${redactSecrets(JSON.stringify(out, null, 2))}\n`;
}

const SOURCE_WORDS: Record<TokenSource, string> = {
  authorization_header: 'sent in the Authorization header',
  form_post: 'posted to the callback (form_post)',
  form_body: 'sent in the form body',
  json_body: 'sent in the JSON request body',
  query: 'sent in the URL query',
  fragment: 'sent in the URL fragment',
  inferred: 'inferred (the HAR is sanitized)',
  none: 'none',
};

function sectionText(s: HarSection, n: number, signatureChecked: boolean, columns?: number) {
  const lines: string[] = [];
  const what = s.kind === 'authorize_error' ? 'authorize error' : 'SP rejection';
  lines.push(`── ${n}. ${what}: ${s.request.method} ${s.request.url} → ${s.status}`);
  lines.push(`   at ${s.request.startedDateTime}`);
  if (s.wwwAuthenticate) lines.push(`   WWW-Authenticate: ${s.wwwAuthenticate}`);
  if (s.error) {
    lines.push(
      `   error: ${s.error.error}${s.error.error_description ? ` — ${s.error.error_description}` : ''}`,
    );
  }
  if (s.token) {
    lines.push(
      `   Token used: ${s.token.use ?? 'a token'}, ${SOURCE_WORDS[s.token.source]}${s.token.issuedAt ? `, issued at ${s.token.issuedAt}` : ''}`,
    );
    lines.push(`     header:  ${JSON.stringify(s.token.header ?? null)}`);
    lines.push(`     payload: ${JSON.stringify(s.token.payload ?? null)}`);
  } else if (s.kind === 'sp_rejection') {
    lines.push('   Token used: none found');
  }
  if (s.note) lines.push(`   Note: ${s.note}`);
  lines.push('');
  const body = renderText(s.diagnoses, {
    signatureChecked,
    ...(columns ? { columns } : {}),
  })
    // renderText opens with a line about a single token; the section above already said it.
    .replace(/^.*\n\n/, '');
  lines.push(body);
  return lines.join('\n');
}

/** `diagnose --har` as readable text. */
export function renderHarText(
  report: HarReport,
  file: string,
  info: { signatureChecked: boolean; columns?: number },
): string {
  const rejections = report.sections.filter((s) => s.kind === 'sp_rejection').length;
  const errors = report.sections.length - rejections;
  const head = [
    `HAR ${file}: ${report.entries} entr${report.entries === 1 ? 'y' : 'ies'}, ${rejections} SP rejection${rejections === 1 ? '' : 's'}, ${errors} authorize error${errors === 1 ? '' : 's'}.`,
  ];
  if (report.sanitized) {
    head.push(
      `The HAR is sanitized: ${report.missing ?? 'Authorization and cookie headers were removed'}. A rejection whose request shows no token is tied to the tokens issued just before it.`,
    );
  }
  if (!info.signatureChecked) head.push('Signatures not checked (no keys given: --jwks FILE).');
  if (report.sections.length === 0) {
    head.push(
      '',
      'Nothing was rejected: no SP answered 401 or 403 (nor 400/5xx to a sign-in callback), and /authorize reported no error.',
    );
    return `${redactSecrets(head.join('\n'))}\n`;
  }
  const parts = report.sections.map((s, i) =>
    sectionText(s, i + 1, info.signatureChecked, info.columns),
  );
  return redactSecrets(`${head.join('\n')}\n\n${parts.join('\n')}`);
}
