/**
 * Okta management API error bodies for `GET /api/v1/logs`. Shapes and codes follow Okta's error
 * catalog and the System Log API reference's "Errors" section:
 * - bad token: 401 E0000011 `Invalid token provided` (okta-behavior.md section 5);
 * - bad `since`/`until`/`limit`/`sortOrder`/`after`/`q`: 400 E0000001 `Api validation failed:
 *   '<param>': …` with one `errorCauses` entry per reason (the reference's `until` and `q` examples);
 * - bad `filter` syntax: 400 E0000053 `Invalid filter '<filter>': <what> at position N. Expected: …`;
 *   unknown attribute: 400 E0000053 `field is not valid: <name>`;
 * - unsupported operator/field pair: 400 E0000031 (the reference's `co` on `debugData.url` example);
 * - wrong method: 405 E0000022.
 */
import { randomBytes } from 'node:crypto';
import { HarnessError } from '../../src/errors.js';

/** The JSON body of an Okta API error. */
export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

/** An error `GET /api/v1/logs` answers with an HTTP status and an Okta error body. */
export class OktaApiError extends HarnessError<'OKTA_API_ERROR'> {
  readonly code = 'OKTA_API_ERROR';
  readonly status: number;
  readonly body: OktaErrorBody;

  constructor(status: number, errorCode: string, errorSummary: string, causes: string[] = []) {
    super(errorSummary);
    this.name = 'OktaApiError';
    this.status = status;
    this.body = {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: newErrorId(),
      errorCauses: causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

/** Okta error ids look like `oaeXXXXXXXXXXXXXXXXXXXX`: `oae` and 19 URL-safe characters. */
export function newErrorId(): string {
  return `oae${randomBytes(15).toString('base64url').slice(0, 19)}`;
}

/** 401 for a missing or wrong `Authorization: SSWS …` header. */
export function invalidTokenError(): OktaApiError {
  return new OktaApiError(401, 'E0000011', 'Invalid token provided');
}

/** 405 for anything but GET. */
export function methodNotAllowedError(): OktaApiError {
  return new OktaApiError(
    405,
    'E0000022',
    'The endpoint does not support the provided HTTP method',
  );
}

/**
 * 400 E0000001 for a bad query parameter: `Api validation failed: '<param>': <reason>` with each
 * reason repeated as `<param>: <reason>` in `errorCauses`, as Okta writes them.
 */
export function parameterError(param: string, reasons: string[]): OktaApiError {
  const summary = `Api validation failed: ${reasons.map((r) => `'${param}': ${r}`).join('. ')}`;
  return new OktaApiError(
    400,
    'E0000001',
    summary,
    reasons.map((r) => `${param}: ${r}`),
  );
}

/** Longest filter text echoed back in an error summary. */
const MAX_ECHO = 200;

/** 400 E0000053 for a filter that does not parse. */
export function invalidFilterError(filter: string, what: string): OktaApiError {
  const echo = filter.length > MAX_ECHO ? `${filter.slice(0, MAX_ECHO)}…` : filter;
  return new OktaApiError(400, 'E0000053', `Invalid filter '${echo}': ${what}`, [what]);
}

/** 400 E0000053 for an attribute path that is not a LogEvent field. */
export function invalidFieldError(field: string): OktaApiError {
  return new OktaApiError(400, 'E0000053', `field is not valid: ${field}`, [
    `field is not valid: ${field}`,
  ]);
}

/** 400 E0000031 for an operator Okta does not support on a field. */
export function unsupportedCombinationError(operator: string, field: string): OktaApiError {
  return new OktaApiError(
    400,
    'E0000031',
    `The supplied combination of operator and field is not currently supported. Operator: ${operator}, Field: ${field}`,
  );
}
