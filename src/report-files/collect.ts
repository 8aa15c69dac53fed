/**
 * Glue for the Playwright reporter behind `oidc-harness run --report DIR`: rebuilds a case's
 * evidence from the attachments the harness fixture puts on its test, and names the secrets of a
 * real tenant that the environment holds, so {@link writeReports} can mask them.
 */
import type { CaseEvidence } from '../harness/execute.js';

import { EVIDENCE_ATTACHMENT } from '../run/contract.js';
import { OKTA_SECRET_VARIABLES } from '../okta/tenant-settings.js';

/**
 * The per-part attachments `attachRun` (fixtures/harness.ts) writes today. They lack the SP
 * expectation, the presented token and userinfo, which only {@link EVIDENCE_ATTACHMENT} carries.
 */
export const EVIDENCE_PART_ATTACHMENTS = {
  tokens: 'tokens (header and payload, signature removed)',
  sp: 'sp response',
  authorizeError: 'authorize error',
  systemLog: 'system log events',
  diagnoses: 'diagnosis',
  timings: 'timings',
} as const;

/** The shape of a Playwright `TestResult` attachment that matters here. */
export interface AttachmentLike {
  name: string;
  body?: Buffer;
  contentType?: string;
}

function json(attachments: readonly AttachmentLike[], name: string): unknown {
  const a = attachments.find((x) => x.name === name);
  if (!a?.body) return undefined;
  try {
    return JSON.parse(a.body.toString('utf8')) as unknown;
  } catch {
    // Evidence is optional in a report: a damaged attachment is left out, not fatal.
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A case's evidence from its test's attachments: the whole {@link EVIDENCE_ATTACHMENT} when there,
 * else what the per-part attachments hold; `undefined` when the test attached none (it died before
 * the case ran, or was skipped).
 */
export function evidenceFromAttachments(
  attachments: readonly AttachmentLike[],
): CaseEvidence | undefined {
  const whole = json(attachments, EVIDENCE_ATTACHMENT);
  if (isObject(whole) && isObject(whole.tokens)) {
    return {
      systemLog: [],
      diagnoses: [],
      timings: [],
      ...(whole as Partial<CaseEvidence>),
    } as CaseEvidence;
  }
  const names = EVIDENCE_PART_ATTACHMENTS;
  const tokens = json(attachments, names.tokens);
  const sp = json(attachments, names.sp);
  const authorizeError = json(attachments, names.authorizeError);
  const systemLog = json(attachments, names.systemLog);
  const diagnoses = json(attachments, names.diagnoses);
  const timings = json(attachments, names.timings);
  if ([tokens, sp, authorizeError, systemLog, diagnoses, timings].every((v) => v === undefined)) {
    return undefined;
  }
  const evidence: CaseEvidence = {
    tokens: isObject(tokens) ? (tokens as CaseEvidence['tokens']) : {},
    systemLog: Array.isArray(systemLog) ? (systemLog as CaseEvidence['systemLog']) : [],
    diagnoses: Array.isArray(diagnoses) ? (diagnoses as CaseEvidence['diagnoses']) : [],
    timings: Array.isArray(timings) ? (timings as CaseEvidence['timings']) : [],
  };
  if (isObject(sp)) evidence.sp = sp as NonNullable<CaseEvidence['sp']>;
  if (isObject(authorizeError))
    evidence.authorizeError = authorizeError as NonNullable<CaseEvidence['authorizeError']>;
  return evidence;
}

/**
 * Environment variables whose values are secrets of a real tenant (interface.md "Real Okta and
 * real SP"): never shown, in any report. The tenant settings' own list, so a secret added there
 * (the TOTP secret was missing here) is redacted here too.
 */
export const SECRET_ENV = OKTA_SECRET_VARIABLES;

/** The values of {@link SECRET_ENV} that are set. */
export function secretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  return SECRET_ENV.map((name) => env[name]).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}
