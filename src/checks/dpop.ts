/**
 * DPoP binding (RFC 9449 §7.1, okta-behavior.md §7.9): a token bound to a key (`cnf.jkt`) must
 * come with the `DPoP` scheme and a proof signed by that key; an SP that demands DPoP refuses an
 * unbound token. The proof's own validity (signature, htm, htu, iat) is checked by the SP before
 * it hands the proof key's thumbprint here.
 */
import type { CheckFailure, Presentation } from './types.js';
import type { DpopPolicy } from '../expectation.js';

function boundKey(payload: Record<string, unknown>): string | undefined {
  const cnf = payload.cnf;
  if (cnf === null || typeof cnf !== 'object' || Array.isArray(cnf)) return undefined;
  const jkt = (cnf as Record<string, unknown>).jkt;
  return typeof jkt === 'string' && jkt.length > 0 ? jkt : undefined;
}

function failure(message: string, token: unknown, expected: unknown): CheckFailure {
  return { code: 'dpop_binding_mismatch', message, claim: 'cnf.jkt', token, expected };
}

/**
 * Checks the token's `cnf.jkt` against the SP's DPoP policy and the request: how the token was
 * presented and, for the `DPoP` scheme, the thumbprint of the proof's key.
 */
export function checkDpopBinding(
  payload: Record<string, unknown>,
  policy: DpopPolicy,
  context: { presentation?: Presentation; dpopJkt?: string },
): CheckFailure[] {
  const jkt = boundKey(payload);
  const { presentation, dpopJkt } = context;
  if (policy === 'disabled') {
    return presentation === 'dpop'
      ? [
          failure(
            'the SP does not accept the DPoP authorization scheme; send the token as Bearer',
            jkt,
            'Bearer',
          ),
        ]
      : [];
  }
  if (policy === 'required' && jkt === undefined) {
    return [
      failure(
        'the SP requires a DPoP-bound access token; this token has no cnf.jkt',
        undefined,
        'a DPoP-bound token (cnf.jkt)',
      ),
    ];
  }
  if (jkt !== undefined && presentation !== undefined && presentation !== 'dpop') {
    // Okta's own wording for the same mistake (okta-behavior.md §3).
    return [
      failure(
        'the token is DPoP-bound (cnf.jkt) but was sent as Bearer: the resource request must use the DPoP authentication scheme when using a DPoP bound token',
        jkt,
        'Authorization: DPoP with a DPoP proof',
      ),
    ];
  }
  if (policy === 'required' && presentation !== undefined && presentation !== 'dpop') {
    return [failure('the SP requires the DPoP authorization scheme', jkt, 'Authorization: DPoP')];
  }
  if (presentation === 'dpop') {
    if (jkt === undefined) {
      return [
        failure(
          'the token was sent with the DPoP scheme but is not DPoP-bound (no cnf.jkt)',
          undefined,
          dpopJkt ?? 'cnf.jkt',
        ),
      ];
    }
    if (dpopJkt === undefined) {
      return [
        failure(
          'the token is DPoP-bound but no valid DPoP proof came with it',
          jkt,
          'a DPoP proof signed by the bound key',
        ),
      ];
    }
    if (dpopJkt !== jkt) {
      return [
        failure(
          'cnf.jkt is not the thumbprint of the key that signed the DPoP proof',
          jkt,
          dpopJkt,
        ),
      ];
    }
  }
  return [];
}
