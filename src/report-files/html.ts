/**
 * The single-file HTML report (issue item 4) a support engineer attaches to a ticket: inline CSS
 * and JS, no network, works from `file://`. A Content-Security-Policy allows only the report's own
 * style and script (by hash), so even a value that escaped escaping could not run or load anything.
 */
import { createHash } from 'node:crypto';
import type { ExpectedResult, ObservedResult } from '../harness/result.js';
import { caseDetails } from './html-case.js';
import { duration, esc, prose } from './html-escape.js';
import { statusOf, type ReportCase, type ReportDocument } from './model.js';

const STYLE = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --line: #c8c8c8; --pass: #0b6b2b;
  --fail: #a4131b; --skip: #6b5200; --mark: #fde2e1; --bg-alt: #f4f4f4; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 78rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.summary { display: flex; gap: 1rem; margin: 0 0 1.5rem; padding: 0; }
.summary div { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; min-width: 7rem; }
.summary dt { font-size: .85rem; color: var(--muted); }
.summary dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
td code, li, .diagnosis h5 { overflow-wrap: anywhere; }
time, .badge, th[scope="col"] { white-space: nowrap; }
thead th { background: var(--bg-alt); }
td.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; white-space: nowrap; font-weight: 700; padding: 0 .4rem; border-radius: 4px; color: #fff; }
.badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); }
.badge.skipped { background: var(--skip); }
tr.mismatch { background: var(--mark); }
tr.mismatch th, tr.mismatch td { border-left: 4px solid var(--fail); }
.flag { color: var(--fail); font-size: .85em; white-space: nowrap; }
.flag.related { color: var(--muted); font-weight: 400; }
tr.related { background: #f7f7f0; }
.absent, .note, .file { color: var(--muted); }
details.case { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; }
details.case > summary { cursor: pointer; padding: .5rem .75rem; font-weight: 600; }
details.case > .body { padding: 0 .75rem .75rem; }
.tokens { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
pre.body { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bg-alt); padding: .5rem;
  max-height: 20rem; overflow: auto; }
.diagnosis { border-left: 4px solid var(--fail); padding-left: .75rem; margin: .75rem 0; }
.fix { background: #eef6ee; padding: .4rem .6rem; }
meter { width: 12rem; }
.table-scroll { overflow-x: auto; }
table.cases { font-size: .9rem; }
table.cases tr.failed > td { background: #fff5f5; }
table.cases .fix-cell { background: #eef6ee; padding: .2rem .4rem; margin: .3rem 0 0; }
table.cases code.code { overflow-wrap: normal; word-break: normal; }
/* Chromium breaks at <wbr> even in nowrap text: wide, the break points are removed instead. */
table.cases code.code wbr { display: none; }
table.cases td:nth-child(6) { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
.diagnosis h5 { font-size: 1rem; margin: .5rem 0; }
/* Narrow: the expected and observed columns give way to the cause, and a code may break after
   an underscore (never inside a word). */
@media (max-width: 56rem) { table.cases td:nth-child(3), table.cases th:nth-child(3),
  table.cases td:nth-child(4), table.cases th:nth-child(4) { display: none; }
  table.cases code.code wbr { display: inline; } }
button { font: inherit; margin-right: .5rem; }
@media print {
  body { padding: 0; max-width: none; font-size: 11pt; }
  .controls { display: none; }
  details.case { break-inside: avoid-page; }
  /* A closed <details> prints only its summary; show every case even when the browser prints
     without a beforeprint event (headless PDF). */
  details.case::details-content { content-visibility: visible; display: block; }
  pre.body { max-height: none; }
  tr.mismatch { background: none; font-weight: 700; }
}
`;

/** Opens every case for printing (a closed `<details>` prints only its summary), and links. */
const SCRIPT = `
(function () {
  var all = function () { return document.querySelectorAll('details.case'); };
  var set = function (open) { all().forEach(function (d) { d.open = open; }); };
  var byId = function (id) { var e = document.getElementById(id); if (e) e.addEventListener('click', function () { set(id === 'expand-all'); }); };
  byId('expand-all'); byId('collapse-all');
  var was = [];
  window.addEventListener('beforeprint', function () { was = Array.prototype.map.call(all(), function (d) { return d.open; }); set(true); });
  window.addEventListener('afterprint', function () { all().forEach(function (d, i) { d.open = !!was[i]; }); });
  var openHash = function () { var d = location.hash && document.getElementById(location.hash.slice(1)); if (d && d.tagName === 'DETAILS') d.open = true; };
  window.addEventListener('hashchange', openHash); openHash();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function expectedText(e: ExpectedResult): string {
  const parts: string[] = [e.outcome];
  if (e.status !== undefined) parts.push(String(e.status));
  if (e.error) parts.push(e.error);
  if (e.diagnosis?.length) parts.push(e.diagnosis.join(', '));
  return parts.join(' · ');
}

function observedText(o: ObservedResult | undefined): string {
  if (!o) return '—';
  const parts: string[] = [o.outcome];
  if (o.status !== undefined) parts.push(String(o.status));
  if (o.error) parts.push(o.error);
  return parts.join(' · ');
}

/** The most likely cause (the first diagnosis) and its fix, for the summary table. */
function causeCells(c: ReportCase): string {
  const first = c.observed?.diagnosis[0];
  if (!first) return `<td>${c.skipped !== undefined ? esc(c.skipped) : '—'}</td>`;
  return `<td>${prose(first.summary)}<p class="fix-cell"><strong>Fix:</strong> ${prose(first.fix)}</p></td>`;
}

function caseRow(c: ReportCase, i: number): string {
  const status = statusOf(c);
  // A code breaks only after an underscore, never inside a word.
  const codes = (c.observed?.diagnosis ?? [])
    .map((d) => `<code class="code">${esc(d.code).replace(/_/g, '_<wbr>')}</code>`)
    .join(' ');
  return (
    `<tr class="${status}" data-status="${status}"><td><span class="badge ${status}">${esc(status)}</span></td>` +
    `<td><a href="#case-${i}">${esc(c.name)}</a></td><td>${esc(expectedText(c.expected))}</td>` +
    `<td>${esc(observedText(c.observed))}</td><td>${codes || '—'}</td>${causeCells(c)}` +
    `<td class="num">${esc(duration(c.durationMs))}</td></tr>`
  );
}

/** The whole HTML document of a run. */
export function renderHtml(doc: ReportDocument): string {
  const title = `oidc-harness report: ${doc.passed} passed, ${doc.failed} failed, ${doc.skipped} skipped`;
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(STYLE)}`,
    `script-src ${sha256(SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const stat = (id: string, label: string, n: number) =>
    `<div><dt>${label}</dt><dd id="count-${id}" data-count="${id}">${n}</dd></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(doc.tool.name)} ${esc(doc.tool.version)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>oidc-harness report</h1>
<p class="meta">Started <time datetime="${esc(doc.startedAt)}">${esc(doc.startedAt)}</time>, took ${esc(duration(doc.durationMs))}; ${esc(doc.tool.name)} ${esc(doc.tool.version)}. Tokens show header and payload only; signatures and secrets are removed.</p>
<dl class="summary">${stat('passed', 'Passed', doc.passed)}${stat('failed', 'Failed', doc.failed)}${stat('skipped', 'Skipped', doc.skipped)}${stat('total', 'Cases', doc.cases.length)}</dl>
</header>
<main>
<div class="table-scroll"><table class="cases"><caption>Cases</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Case</th><th scope="col">Expected</th><th scope="col">Observed</th><th scope="col">Diagnosis</th><th scope="col">Cause and fix</th><th scope="col">Time</th></tr></thead>
<tbody>
${doc.cases.map(caseRow).join('\n')}
</tbody></table></div>
<h2>Case details</h2>
<p class="controls"><button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></p>
${doc.cases.map(caseDetails).join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
