import { test, expect } from '@playwright/test';
import { EVIDENCE_ATTACHMENT } from '../../src/run/contract.js';
import {
  EVIDENCE_PART_ATTACHMENTS,
  evidenceFromAttachments,
  secretsFromEnvironment,
} from '../../src/report-files/collect.js';
import { hostileRun } from './report-sample.js';

const attach = (name: string, value: unknown) => ({
  name,
  contentType: 'application/json',
  body: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});

test('the whole evidence attachment comes back as it was', async () => {
  const { input } = await hostileRun();
  const evidence = input.runs[1]!.evidence!;
  const back = evidenceFromAttachments([
    attach('oidc-harness-result', input.runs[1]!.result),
    attach(EVIDENCE_ATTACHMENT, evidence),
  ]);
  expect(back).toEqual(JSON.parse(JSON.stringify(evidence)));
});

test('without it, the per-part attachments of attachRun are assembled', async () => {
  const { input } = await hostileRun();
  const e = input.runs[1]!.evidence!;
  const n = EVIDENCE_PART_ATTACHMENTS;
  const back = evidenceFromAttachments([
    attach(n.tokens, e.tokens),
    attach(n.sp, e.sp),
    attach(n.systemLog, e.systemLog),
    attach(n.diagnoses, e.diagnoses),
    attach(n.timings, e.timings),
    attach(n.authorizeError, '{ not json'),
  ]);
  expect(back?.tokens.id_token?.payload?.sub).toBe('00u1abcdEFGH');
  expect(back?.sp?.status).toBe(401);
  expect(back?.diagnoses.map((d) => d.code)).toEqual(e.diagnoses.map((d) => d.code));
  expect(back?.timings).toHaveLength(5);
  expect(back?.authorizeError).toBeUndefined();
  expect(evidenceFromAttachments([attach('screenshot', 'png')])).toBeUndefined();
  expect(evidenceFromAttachments([])).toBeUndefined();
});

test('the real tenant secrets are read from the environment, empty ones ignored', () => {
  expect(
    secretsFromEnvironment({
      OKTA_CLIENT_SECRET: 'cs-123456',
      OKTA_PASSWORD: '',
      OKTA_API_TOKEN: '00tok',
      OKTA_DOMAIN: 'dev-1.okta.com',
    }),
  ).toEqual(['cs-123456', '00tok']);
});
