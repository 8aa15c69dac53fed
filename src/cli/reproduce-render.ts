/**
 * `oidc-harness reproduce` output as readable text (issue item 1): each step with its timing, the
 * decoded tokens (header and payload, never a signature) beside what the SP expected with the
 * mismatching claims marked, the SP's status and `WWW-Authenticate`, the IdP's System Log events,
 * and each diagnosis with its evidence and fix. Which claims mismatch comes from the diagnoses'
 * evidence rows (src/report-files/claims.ts), so this shows what the diagnosis engine found.
 */
import type { CaseEvidence, CaseRun } from '../harness/execute.js';
import { differentialLines } from '../harness/differential-render.js';
import type { CaseResult } from '../harness/result.js';
import { claimRows, type ClaimRow } from '../report-files/claims.js';
import type { Colors } from '../reporters/terminal.js';
import { formatDuration } from '../reporters/terminal.js';
import { fitTable, type Cell } from '../reporters/table.js';
import { fitLines, terminalWidth, withDates } from '../reporters/text.js';
import { redactSecrets, type DisplayedToken } from '../token/redact.js';

/** How the text is laid out. */
export interface ReproduceRenderOptions {
  /** Terminal width; default: the terminal's, else `COLUMNS`, else 80. */
  columns?: number;
  /** Values masked wherever they appear (client secret, passwords, API token). */
  secrets?: string[];
}

/** The flow's steps in the order a sign-in goes through them (issue item 1). */
const STEP_ORDER = [
  'prepare',
  'mint',
  'authorize',
  'sign-in',
  'callback',
  'token',
  'userinfo',
  'after-issue',
  'sp-start',
  'replay',
  'system-log',
];

/** A body excerpt is enough to recognise an SP's error page. */
const BODY_EXCERPT = 400;

const TOKEN_KINDS = ['id_token', 'access_token'] as const;

function text(value: unknown, secrets: readonly string[]): string {
  if (value === undefined) return '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return redactSecrets(s, [...secrets]);
}

/** `expected: rejected 401 missing_claim`. */
export function expectationLine(result: CaseResult): string {
  const e = result.expected;
  return [e.outcome, e.status, e.error, e.diagnosis?.join(', ')]
    .filter((p) => p !== undefined && p !== '')
    .join(' ');
}

/** `observed: rejected 401 missing_claim, thin_id_token`. */
export function observedLine(result: CaseResult): string {
  const o = result.observed;
  if (!o) return 'nothing (the case did not finish)';
  const codes = o.diagnosis.map((d) => d.code).join(', ');
  return [o.outcome, o.status, o.error, codes].filter((p) => p !== undefined && p !== '').join(' ');
}

/** The steps with their timings, in flow order, and the total. */
export function renderSteps(evidence: CaseEvidence, durationMs: number, c: Colors): string[] {
  const rank = (step: string) => {
    const i = STEP_ORDER.indexOf(step);
    return i < 0 ? STEP_ORDER.length : i;
  };
  const steps = evidence.timings
    .map((t, i) => ({ ...t, i }))
    .sort((a, b) => rank(a.step) - rank(b.step) || a.i - b.i);
  const width = Math.max(10, ...steps.map((s) => s.step.length));
  const lines = [c.bold('Steps')];
  for (const s of steps)
    lines.push(`  ${s.step.padEnd(width)}  ${formatDuration(s.ms).padStart(9)}`);
  lines.push(`  ${'total'.padEnd(width)}  ${formatDuration(durationMs).padStart(9)}`);
  return lines;
}

function claimTable(rows: ClaimRow[], columns: number, c: Colors, secrets: string[]): string {
  const body: Cell[][] = rows.map((r) => [
    r.claim,
    r.present
      ? withDates(r.claim, text(r.value, secrets))
      : { text: '(absent)', color: (s) => c.dim(s) },
    text(r.expected, secrets),
    r.mismatch
      ? { text: '✗', color: (s) => c.red(s) }
      : r.related
        ? { text: '~', color: (s) => c.yellow(s) }
        : '',
  ]);
  return fitTable(['claim', 'token', 'expected', ''], body, columns, c);
}

/** Mismatches first, then the claims the SP expects something of, then the rest. */
function byInterest(rows: ClaimRow[]): ClaimRow[] {
  const rank = (r: ClaimRow) => (r.mismatch ? 0 : r.related ? 1 : r.expected ? 2 : 3);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

/** One token: its header and payload claims; the presented one beside the SP's expectation. */
function renderToken(
  kind: (typeof TOKEN_KINDS)[number],
  token: DisplayedToken,
  evidence: CaseEvidence,
  columns: number,
  c: Colors,
  secrets: string[],
): string[] {
  const presented = evidence.presented === kind;
  const what = presented ? c.bold('sent to the SP') : 'not sent to the SP';
  const lines = [`${c.bold(kind)} — ${what} ${c.dim('(header and payload; signature removed)')}`];
  if (token.error) lines.push(`  ${c.yellow(`could not be decoded: ${token.error}`)}`);
  if (!presented) {
    // Only the presented token is compared with the SP's expectation (src/report-files/claims.ts).
    for (const [part, values] of [
      ['header', token.header],
      ['payload', token.payload],
    ] as const) {
      if (values) lines.push(`  ${c.dim(`${part}:`)} ${text(values, secrets)}`);
    }
    return lines;
  }
  const compare = { use: kind, expectation: evidence.expectation, diagnoses: evidence.diagnoses };
  const rows = [
    ...claimRows('header', token.header, compare),
    ...byInterest(claimRows('payload', token.payload, compare)),
  ];
  if (rows.length > 0) lines.push(claimTable(rows, columns, c, secrets));
  return lines;
}

function renderSp(evidence: CaseEvidence, c: Colors, secrets: string[]): string[] {
  const lines: string[] = [];
  if (evidence.sp) {
    const sp = evidence.sp;
    const ok = sp.status >= 200 && sp.status < 300;
    lines.push(c.bold('SP answer'));
    lines.push(`  URL: ${sp.url}`);
    lines.push(`  status: ${(ok ? c.green : c.red)(String(sp.status))}`);
    lines.push(
      `  WWW-Authenticate: ${sp.wwwAuthenticate ? text(sp.wwwAuthenticate, secrets) : c.dim('(none)')}`,
    );
    const body = sp.body.replace(/\s+/g, ' ').trim();
    if (body) {
      const excerpt = body.length > BODY_EXCERPT ? `${body.slice(0, BODY_EXCERPT)}…` : body;
      lines.push(`  body: ${text(excerpt, secrets)}`);
    }
  }
  if (evidence.authorizeError) {
    const e = evidence.authorizeError;
    lines.push(c.bold('Authorize error'));
    if (e.status !== undefined) lines.push(`  status: ${c.red(String(e.status))}`);
    lines.push(`  error: ${c.red(text(e.error, secrets))}`);
    if (e.error_description)
      lines.push(`  error_description: ${text(e.error_description, secrets)}`);
  }
  return lines;
}

function renderSystemLog(evidence: CaseEvidence, columns: number, c: Colors, secrets: string[]) {
  const events = evidence.systemLog;
  const lines = [
    c.bold(`IdP System Log (${events.length} event${events.length === 1 ? '' : 's'})`),
  ];
  if (events.length === 0) {
    lines.push(`  ${c.dim('no events (a minted token, or an IdP without a readable System Log)')}`);
    return lines;
  }
  const rows: Cell[][] = events.map((e) => {
    const result = e.outcome?.result ?? '';
    const ok = result === 'SUCCESS' || result === 'ALLOW';
    return [
      e.published,
      e.eventType,
      ok ? result : { text: result, color: (s) => c.red(s) },
      text(e.outcome?.reason ?? '', secrets),
    ];
  });
  // A column nobody filled in only takes room from the others.
  const reasons = rows.some((r) => r[3]);
  const head = ['published', 'eventType', 'outcome', ...(reasons ? ['reason'] : [])];
  lines.push(fitTable(head, reasons ? rows : rows.map((r) => r.slice(0, 3)), columns, c));
  return lines;
}

function renderDiagnoses(evidence: CaseEvidence, columns: number, c: Colors, secrets: string[]) {
  const lines = [c.bold('Diagnosis')];
  if (evidence.diagnoses.length === 0) {
    lines.push(`  ${c.green('none: the SP accepted the token')}`);
    return lines;
  }
  evidence.diagnoses.forEach((d, i) => {
    lines.push(`${c.bold(`${i + 1}. ${d.code}`)} — ${text(d.summary, secrets)}`);
    const rows = Object.entries(d.evidence);
    if (rows.length > 0) {
      const body = rows.map(([field, row]) => [
        field,
        withDates(field, text(row.token, secrets)),
        withDates(field, text(row.expected, secrets)),
        text(row.note, secrets),
      ]);
      lines.push(fitTable(['', 'token', 'expected', 'note'], body, columns, c));
    }
    lines.push(`${c.bold('Fix:')} ${text(d.fix, secrets)}`, '');
  });
  return lines;
}

/** The verdict: did the case observe what it expects, and if not, why not. */
export function renderVerdict(result: CaseResult, c: Colors): string[] {
  const lines = [
    `${c.bold('Expected:')} ${expectationLine(result)}`,
    `${c.bold('Observed:')} ${observedLine(result)}`,
  ];
  if (result.passed) {
    lines.push(c.green('✓ the case observed what it expects'));
  } else {
    lines.push(c.red('✗ the case did not observe what it expects'));
    for (const m of result.mismatches ?? []) lines.push(`  ${c.red(m)}`);
  }
  return lines;
}

/** The whole readable reproduction of a case run. */
export function renderReproduction(
  run: CaseRun,
  c: Colors,
  options: ReproduceRenderOptions = {},
): string {
  const columns = Math.min(options.columns ?? terminalWidth(process.stdout), 180);
  const secrets = options.secrets ?? [];
  const { result, evidence } = run;
  const out: string[] = [
    `${c.bold('Case:')} ${result.name}`,
    `${c.bold('File:')} ${result.file}`,
    '',
    ...renderSteps(evidence, result.durationMs, c),
    '',
  ];
  const kinds = TOKEN_KINDS.filter((k) => evidence.tokens[k]);
  if (kinds.length > 0) {
    out.push(c.bold('Tokens'));
    for (const kind of kinds)
      out.push(...renderToken(kind, evidence.tokens[kind]!, evidence, columns, c, secrets), '');
  } else {
    out.push(c.bold('Tokens'), `  ${c.dim('none issued')}`, '');
  }
  if (evidence.userinfo) {
    // Where a thin ID token's missing claims are (thin_id_token): shown beside the tokens.
    out.push(`${c.bold('/userinfo')} ${text(evidence.userinfo, secrets)}`, '');
  }
  const sp = renderSp(evidence, c, secrets);
  if (sp.length > 0) out.push(...sp, '');
  out.push(...renderSystemLog(evidence, columns, c, secrets), '');
  if (evidence.differential) {
    // What differential probing tried (src/harness/differential.ts): changes and statuses only.
    const lines = differentialLines(evidence.differential).map((l) => text(l, secrets));
    out.push(c.bold('Differential probing'), ...lines, '');
  }
  out.push(...renderDiagnoses(evidence, columns, c, secrets));
  if (out[out.length - 1] !== '') out.push('');
  out.push(...renderVerdict(result, c));
  // Prose lines (a token's JSON, the SP's header and body, a fix) wrap to the width; the tables
  // were laid out to fit it already.
  return `${fitLines(out.join('\n'), columns)}\n`;
}
