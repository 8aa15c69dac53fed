/** The mock service provider: a pure verify() on jose and the HTTP server around it. */
export { verify, type Verdict, type VerifyOptions } from './verify.js';
export {
  MAX_RECORDS,
  startMockSp,
  type MockSp,
  type MockSpOptions,
  type SpRequestRecord,
} from './server.js';
export {
  KeySourceError,
  createKeyCache,
  resolveKeys,
  type KeyCache,
  type KeyInput,
} from './keys.js';
export {
  DPOP_ALGORITHMS,
  jtiMemory,
  verifyDpopProof,
  type DpopRequest,
} from '../src/checks/dpop-proof.js';
export type { RejectionBody } from './answers.js';
