/**
 * The `diagnose --har FILE` action: read, extract, diagnose, render. Returns what to print and
 * the exit code (0 nothing rejected, 1 a diagnosis found); a bad file throws {@link HarError}.
 */
import type { SpExpectation } from '../expectation.js';
import type { JwksDocument } from '../token/signature.js';
import { diagnoseHar, type HarReport } from './diagnose.js';
import { extractHar } from './extract.js';
import { readHar } from './read.js';
import { renderHarJson, renderHarText } from './render.js';

/** What the command was asked. */
export interface HarCommandInput {
  file: string;
  expectation?: SpExpectation;
  userinfo?: Record<string, unknown>;
  jwks?: JwksDocument;
  json?: boolean;
  /** Terminal width for the text tables. */
  columns?: number;
}

/** What the command prints and how it exits. */
export interface HarCommandOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
  report: HarReport;
}

/** Runs `diagnose --har` without touching the process: the caller prints and exits. */
export async function runHarDiagnose(input: HarCommandInput): Promise<HarCommandOutput> {
  const { entries } = readHar(input.file);
  const found = extractHar(entries);
  const jwks = input.jwks;
  let checkSignature;
  if (jwks) {
    const { checkSignature: check } = await import('../token/signature.js');
    checkSignature = (token: string) => check(token, jwks, input.expectation?.algorithms);
  }
  const report = await diagnoseHar(found, {
    ...(input.expectation ? { expectation: input.expectation } : {}),
    ...(input.userinfo ? { userinfo: input.userinfo } : {}),
    ...(checkSignature ? { checkSignature } : {}),
  });
  const signatureChecked = jwks !== undefined;
  const exitCode = report.diagnoses.length > 0 ? 1 : 0;
  if (input.json) {
    return {
      stdout: renderHarJson(report),
      stderr: signatureChecked
        ? ''
        : 'oidc-harness: signature not checked (no keys given: --jwks FILE)\n',
      exitCode,
      report,
    };
  }
  return {
    stdout: renderHarText(report, input.file, {
      signatureChecked,
      ...(input.columns ? { columns: input.columns } : {}),
    }),
    stderr: '',
    exitCode,
    report,
  };
}
