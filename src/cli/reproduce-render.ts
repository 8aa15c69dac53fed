/**
 * `oidc-harness reproduce` output as readable text (issue item 1): each step with its timing, the
 * decoded tokens (header and payload, never a signature) beside what the SP expected with the
 * mismatching claims marked, the SP's status and `WWW-Authenticate`, the IdP's System Log events,
 * and each diagnosis with its evidence and fix. Which claims mismatch comes from the diagnoses'
 * evidence rows (src/reports/claims.ts), so this shows what the diagnosis engine found.
 */
import Table from 'cli-table3';
import type { CaseEvidence, CaseRun } from '../harness/execute.js';
import { differentialLines } from '../harness/differential-render.js';
import type { CaseResult } from '../harness/result.js';
import { claimRows, type ClaimRow } from '../reports/claims.js';
import type { Colors } from '../reporters/terminal.js';
import { formatDuration } from '../reporters/terminal.js';
import { redactSecrets, type DisplayedToken } from '../token/redact.js';

/** How the text is laid out. */
export interface ReproduceRenderOptions {
  /** Terminal width; default 100. */
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

function table(head: string[], widths: number[], c: Colors): Table.Table {
  return new Table({
    head: head.map((h) => (h ? c.bold(h) : h)),
    style: { head: [], border: [] },
    // No rule between body rows: a token has twenty claims and the table must stay scannable.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
    wrapOnWordBoundary: false,
    colWidths: widths,
  });
}

/** Splits a width among columns: fixed ones first, the rest shared by the flexible ones. */
function widthsFor(total: number, fixed: Array<number | undefined>): number[] {
  const used = fixed.reduce<number>((a, w) => a + (w ?? 0), 0) + fixed.length + 1;
  const flexible = fixed.filter((w) => w === undefined).length;
  const share = Math.max(12, Math.floor((total - used) / Math.max(1, flexible)));
  return fixed.map((w) => w ?? share);
}

/** A key column as wide as its longest key (plus padding), within 10–32 characters. */
function keyWidth(keys: string[]): number {
  return Math.min(32, Math.max(8, ...keys.map((k) => k.length)) + 2);
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
  const t = table(
    ['claim', 'token', 'expected', ''],
    widthsFor(columns, [keyWidth(rows.map((r) => r.claim)), undefined, undefined, 3]),
    c,
  );
  for (const r of rows) {
    const value = r.present ? text(r.value, secrets) : c.dim('(absent)');
    const mark = r.mismatch ? c.red('✗') : r.related ? c.yellow('~') : '';
    // The mark is the colour; a wrapped cell with colour codes may split them (cli-table3 hard wrap).
    t.push([r.claim, value, text(r.expected, secrets), { content: mark, wordWrap: false }]);
  }
  return t.toString();
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
    // Only the presented token is compared with the SP's expectation (src/reports/claims.ts).
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
  const t = table(
    ['published', 'eventType', 'outcome', 'reason'],
    widthsFor(columns, [26, undefined, 9, undefined]),
    c,
  );
  for (const e of events) {
    const result = e.outcome?.result ?? '';
    const outcome = result === 'SUCCESS' || result === 'ALLOW' ? result : c.red(result);
    t.push([
      e.published,
      e.eventType,
      { content: outcome, wordWrap: false },
      text(e.outcome?.reason ?? '', secrets),
    ]);
  }
  lines.push(t.toString());
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
      const t = table(
        ['', 'token', 'expected', 'note'],
        widthsFor(columns, [
          keyWidth(rows.map(([field]) => field)),
          undefined,
          undefined,
          undefined,
        ]),
        c,
      );
      for (const [field, row] of rows) {
        t.push([
          field,
          text(row.token, secrets),
          text(row.expected, secrets),
          text(row.note, secrets),
        ]);
      }
      lines.push(t.toString());
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
  const columns = Math.max(72, Math.min(options.columns ?? 100, 180));
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
  return `${out.join('\n')}\n`;
}
