/**
 * One case's details in the HTML report (issue item 4): the timeline, the tokens beside what the
 * SP expected with mismatches highlighted, the SP's answer, the System Log events, and each
 * diagnosis with its evidence and fix. Every value goes through `esc`/`show`.
 */
import type { Diagnosis } from '../diagnosis/types.js';
import { differentialHeadline, differentialRows } from '../harness/differential-render.js';
import type { CaseEvidence } from '../harness/execute.js';
import type { DisplayedToken } from '../token/redact.js';
import { claimRows, type ClaimRow } from './claims.js';
import { esc, prose, show } from './html-escape.js';
import { statusOf, type ReportCase } from './model.js';

/** The SP body excerpt's length: enough for an error page's message, short enough to scan. */
const BODY_EXCERPT = 2000;

const th = (...cols: string[]) =>
  `<thead><tr>${cols.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>`;

function timeline(timings: CaseEvidence['timings']): string {
  if (timings.length === 0) return '';
  const max = Math.max(1, ...timings.map((t) => t.ms));
  const rows = timings
    .map(
      (t) =>
        `<tr><th scope="row">${esc(t.step)}</th><td class="num">${esc(Math.round(t.ms))} ms</td>` +
        `<td><meter min="0" max="${max}" value="${esc(t.ms)}" aria-label="${esc(t.step)}">${esc(t.ms)} ms</meter></td></tr>`,
    )
    .join('');
  return `<h4>Timeline</h4><table class="timeline">${th('Step', 'Time', '')}<tbody>${rows}</tbody></table>`;
}

function claimTable(caption: string, rows: ClaimRow[], compared: boolean): string {
  if (rows.length === 0) return '';
  const body = rows
    .map((r) => {
      const value = r.present ? show(r.value, r.claim) : '<em class="absent">(absent)</em>';
      const mark = r.mismatch
        ? ` <strong class="flag" title="${esc(r.codes.join(', '))}">✗ mismatch</strong>`
        : r.related
          ? ' <span class="flag related">related</span>'
          : '';
      const attrs = r.mismatch
        ? ` class="mismatch" data-mismatch="true" data-codes="${esc(r.codes.join(' '))}"`
        : r.related
          ? ' class="related"'
          : '';
      const expected = compared ? `<td>${esc(r.expected)}</td>` : '';
      return `<tr data-claim="${esc(r.claim)}"${attrs}><th scope="row"><code>${esc(r.claim)}</code>${mark}</th><td><code>${value}</code></td>${expected}</tr>`;
    })
    .join('');
  const head = compared ? th('Claim', 'Token value', 'Expected') : th('Claim', 'Token value');
  return `<table class="claims"><caption>${esc(caption)}</caption>${head}<tbody>${body}</tbody></table>`;
}

function tokenSection(
  kind: 'id_token' | 'access_token',
  token: DisplayedToken,
  evidence: CaseEvidence,
): string {
  const presented = evidence.presented === kind;
  const compare = presented
    ? { use: kind, expectation: evidence.expectation, diagnoses: evidence.diagnoses }
    : undefined;
  const title = `${kind}${presented ? ' (sent to the SP)' : ''}`;
  const error = token.error ? `<p class="note">${esc(token.error)}</p>` : '';
  return (
    `<section class="token" data-token="${esc(kind)}"><h4>${esc(title)}</h4>${error}` +
    claimTable(`${kind} header`, claimRows('header', token.header, compare), presented) +
    claimTable(`${kind} claims`, claimRows('payload', token.payload, compare), presented) +
    `<p class="note">Signature removed: the report shows header and payload only.</p></section>`
  );
}

function kv(caption: string, entries: Array<[string, unknown]>): string {
  const rows = entries
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td><code>${show(v)}</code></td></tr>`)
    .join('');
  return rows ? `<table class="kv"><caption>${esc(caption)}</caption>${rows}</table>` : '';
}

function expectationTable(e: CaseEvidence['expectation']): string {
  if (!e) return '';
  return kv(
    'What the SP expects',
    Object.entries(e).map(([k, v]) => [k, v] as [string, unknown]),
  );
}

function spSection(evidence: CaseEvidence): string {
  const parts: string[] = [];
  if (evidence.authorizeError) {
    const a = evidence.authorizeError;
    parts.push(
      kv('Authorize error', [
        ['error', a.error],
        ['error_description', a.error_description],
        ['status', a.status],
      ]),
    );
  }
  if (evidence.sp) {
    const sp = evidence.sp;
    const body = sp.body.length > BODY_EXCERPT ? `${sp.body.slice(0, BODY_EXCERPT)}…` : sp.body;
    parts.push(
      kv("The SP's answer", [
        ['URL', sp.url],
        ['status', sp.status],
        ['WWW-Authenticate', sp.wwwAuthenticate ?? '(none)'],
      ]) + (body ? `<h5>Body (excerpt)</h5><pre class="body">${esc(body)}</pre>` : ''),
    );
  }
  return parts.length ? `<h4>Service provider</h4>${parts.join('')}` : '';
}

function systemLog(events: CaseEvidence['systemLog']): string {
  if (events.length === 0) return '<h4>System Log</h4><p class="note">No events read.</p>';
  const rows = events
    .map(
      (e) =>
        `<tr><td><time>${esc(e.published)}</time></td><td><code>${esc(e.eventType)}</code></td>` +
        `<td>${esc(e.outcome?.result)}</td><td>${esc(e.outcome?.reason ?? '')}</td></tr>`,
    )
    .join('');
  return `<h4>System Log</h4><table class="log">${th('Published', 'Event type', 'Outcome', 'Reason')}<tbody>${rows}</tbody></table>`;
}

/** What differential probing tried: each change and the SP's answer, the winner marked. */
function differentialSection(result: CaseEvidence['differential']): string {
  if (!result) return '';
  const rows = differentialRows(result)
    .map(
      (r) =>
        `<tr${r.accepted ? ' class="winner"' : ''}><td>${esc(r.change)}</td><td>${esc(r.answer)}</td></tr>`,
    )
    .join('');
  return (
    `<h4>Differential probing</h4><p class="note">${esc(differentialHeadline(result))}</p>` +
    `<table class="differential">${th('Change', 'SP status')}<tbody>${rows}</tbody></table>`
  );
}

/** An evidence value; none is a dash, not a blank cell that reads as a rendering fault. */
const cell = (v: unknown) =>
  v === undefined ? '<span class="absent">—</span>' : `<code>${show(v)}</code>`;

/** One diagnosis: code, summary, the evidence side by side, and the fix. */
export function diagnosisBlock(d: Diagnosis): string {
  const rows = Object.entries(d.evidence)
    .map(
      ([k, r]) =>
        `<tr><th scope="row"><code>${esc(k)}</code></th><td>${cell(r.token)}</td>` +
        `<td>${cell(r.expected)}</td><td>${prose(r.note ?? '')}</td></tr>`,
    )
    .join('');
  const table = rows
    ? `<table class="evidence">${th('Field', 'Observed', 'Expected', 'Note')}<tbody>${rows}</tbody></table>`
    : '';
  return (
    `<article class="diagnosis" data-code="${esc(d.code)}"><h5><code>${esc(d.code)}</code> ${prose(d.summary)}</h5>` +
    `${table}<p class="fix"><strong>Fix:</strong> ${prose(d.fix)}</p></article>`
  );
}

/** The `<details>` block of one case; `index` makes its id. */
export function caseDetails(c: ReportCase, index: number): string {
  const status = statusOf(c);
  const ev = c.evidence;
  const parts: string[] = [];
  if (c.skipped !== undefined) parts.push(`<p>Skipped: ${esc(c.skipped)}</p>`);
  if (c.mismatches?.length) {
    parts.push(
      `<h4>Why it failed</h4><ul class="mismatches">${c.mismatches.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>`,
    );
  }
  // The cause and its fix lead: what a reader of the ticket needs first; the evidence follows.
  const diagnoses = ev?.diagnoses ?? c.observed?.diagnosis ?? [];
  if (diagnoses.length) parts.push(`<h4>Diagnosis</h4>${diagnoses.map(diagnosisBlock).join('')}`);
  if (ev) {
    parts.push(timeline(ev.timings));
    const tokens = (['id_token', 'access_token'] as const)
      .filter((k) => ev.tokens[k])
      .map((k) => tokenSection(k, ev.tokens[k]!, ev));
    if (tokens.length) parts.push(`<h4>Tokens</h4><div class="tokens">${tokens.join('')}</div>`);
    parts.push(expectationTable(ev.expectation));
    if (ev.userinfo) parts.push(kv('userinfo', Object.entries(ev.userinfo)));
    parts.push(spSection(ev));
    parts.push(systemLog(ev.systemLog));
    parts.push(differentialSection(ev.differential));
  }
  if (!ev && parts.length === 0) parts.push('<p class="note">No evidence was recorded.</p>');
  return (
    // Failed cases open: they are what the report is read for.
    `<details id="case-${index}" class="case ${status}" data-status="${status}"${status === 'failed' ? ' open' : ''}>` +
    `<summary><span class="badge ${status}">${esc(status)}</span> ${esc(c.name)} ` +
    `<span class="file">${esc(c.file)}</span></summary><div class="body">${parts.join('')}</div></details>`
  );
}
