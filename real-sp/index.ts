/**
 * Real service providers for the suite, started on 127.0.0.1 and an ephemeral port: their
 * accept/reject decisions are the libraries' own (okta-behavior.md §7, §8), so the harness's
 * diagnosis is tested against what real SPs answer — including SPs that give no reason.
 *
 * @example
 * const api = await startPassportApi({ issuer: idp.issuer('default'), audience: 'api://default' });
 * await fetch(api.url, { headers: { authorization: `Bearer ${token}` } }); // 401, no reason
 * await api.close();
 */
export type { ApiSpOptions, RunningSp } from './types.js';
export { startOktaVerifierApi } from './okta-verifier-api.js';
export type { OktaVerifierApiOptions } from './okta-verifier-api.js';
export { startPassportApi } from './passport-api.js';
export { startAuth0BearerApi } from './auth0-bearer-api.js';
export type { Auth0BearerApiOptions } from './auth0-bearer-api.js';
export { startExpressJwtApi } from './express-jwt-api.js';
export type { ExpressJwtApiOptions } from './express-jwt-api.js';
export type { PassportApiOptions } from './passport-api.js';
export {
  APACHE_BINARY,
  apacheRedirectUri,
  assertApacheInstalled,
  startApacheRp,
} from './apache-rp.js';
export type { ApacheRpOptions, RunningApacheRp } from './apache-rp.js';
export { freeLoopbackPort } from '../src/net/loopback.js';
