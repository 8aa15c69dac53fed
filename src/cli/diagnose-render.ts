/**
 * `oidc-harness diagnose` output: readable text with the evidence side by side in a small table,
 * or the JSON of interface.md. Tokens appear decoded (header and payload), never with a signature.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { Diagnosis } from '../diagnosis/types.js';
import { decodeForDisplay, redactSecrets } from '../token/redact.js';

/** What the text header says about the token. */
export interface RenderInfo {
  token?: string;
  signatureChecked: boolean;
  /** Terminal width; default 100. */
  columns?: number;
}

/** `diagnose --json`: exactly `{"diagnoses":[…]}` (interface.md). */
export function renderJson(diagnoses: Diagnosis[]): string {
  return `${redactSecrets(JSON.stringify({ diagnoses }, null, 2))}\n`;
}

function cell(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return redactSecrets(text);
}

function tokenLine(token: string | undefined, signatureChecked: boolean): string {
  const sig = signatureChecked
    ? 'signature checked'
    : 'signature not checked (no keys given: --jwks FILE)';
  if (!token) return `No token given; ${sig.replace(/ \(.*\)$/, '')}.`;
  const { header, payload } = decodeForDisplay(token);
  const parts = [
    header?.typ !== undefined ? `typ ${cell(header.typ)}` : undefined,
    `alg ${cell(header?.alg)}`,
    `iss ${cell(payload?.iss)}`,
    `aud ${cell(payload?.aud)}`,
  ].filter(Boolean);
  return `Token: ${parts.join(', ')}; ${sig}.`;
}

/** The readable report: one block per diagnosis, most likely first. */
export function renderText(diagnoses: Diagnosis[], info: RenderInfo): string {
  const width = Math.max(60, Math.min(info.columns ?? 100, 160));
  const lines: string[] = [tokenLine(info.token, info.signatureChecked), ''];
  if (diagnoses.length === 0) {
    lines.push(pc.green('No problem found: the SP would accept this token as described.'));
    return `${lines.join('\n')}\n`;
  }
  diagnoses.forEach((d, i) => {
    lines.push(`${pc.bold(`${i + 1}. ${d.code}`)} — ${cell(d.summary)}`);
    const rows = Object.entries(d.evidence);
    if (rows.length > 0) {
      const col = Math.floor((width - 24) / 3);
      const table = new Table({
        head: ['', 'token', 'expected', 'note'],
        colWidths: [22, col, col, col],
        wordWrap: true,
        wrapOnWordBoundary: false,
        style: { head: [], border: [] },
      });
      for (const [field, row] of rows)
        table.push([field, cell(row.token), cell(row.expected), cell(row.note)]);
      lines.push(table.toString());
    }
    lines.push(`${pc.bold('Fix:')} ${cell(d.fix)}`, '');
  });
  return `${lines.join('\n')}\n`;
}
