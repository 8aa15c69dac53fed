/**
 * Reports of a run (`--report DIR`): `report.json`, a single-file `report.html` and `junit.xml`.
 */
export {
  writeReports,
  prepareReportDir,
  REPORT_FILES,
  ReportWriteError,
  type WriteReportsOptions,
  type ReportInput,
  type ReportRun,
  type ReportDocument,
  type ReportCase,
} from './write.js';
export { reportDocument, statusOf, type CaseStatus } from './model.js';
export { renderHtml } from './html.js';
export { EVIDENCE_ATTACHMENT } from '../run/contract.js';
export { renderJunit } from './junit.js';
export {
  evidenceFromAttachments,
  secretsFromEnvironment,
  EVIDENCE_PART_ATTACHMENTS,
  SECRET_ENV,
  type AttachmentLike,
} from './collect.js';
