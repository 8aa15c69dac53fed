/**
 * What a case asks of the IdP: the emulator delta (merged over the frozen baseline by
 * `Emulator.configure()`), its start options, and whether it needs a real Okta tenant.
 */
import type { AppConfig, EmulatorConfig } from '../emulator/config.js';
import { BASELINE_GRANT_TYPES } from '../emulator/baseline.js';
import { DEFAULT_RESPONSE_TYPE } from './rules.js';
import type { CaseDefinition } from './types.js';

/** The tag that marks a case needing a real tenant (interface.md "Real Okta and real SP"). */
export const OKTA_TAG = 'okta';

/** True when the case needs a real Okta tenant: `idp.type: okta`, or tagged `okta` / `@okta`. */
export function requiresOkta(definition: Pick<CaseDefinition, 'idp' | 'tags'>): boolean {
  return (
    definition.idp.type === 'okta' ||
    definition.tags.some((t) => t === OKTA_TAG || t === `@${OKTA_TAG}`)
  );
}

/** The response type the case's client sends to /authorize. */
export function responseTypeOf(definition: Pick<CaseDefinition, 'client'>): string {
  const { flow } = definition.client;
  // A client-credentials request has no /authorize: `code` stands in for "no front channel".
  return (
    definition.client.responseType ??
    (flow === 'client_credentials' ? 'code' : DEFAULT_RESPONSE_TYPE[flow])
  );
}

/** Start options for the emulator: a pinned port, or none (a free port). */
export function emulatorStartOptionsFor(definition: CaseDefinition): { port?: number } {
  return definition.idp.port !== undefined ? { port: definition.idp.port } : {};
}

/**
 * The emulator configuration delta for a case: `idp.servers`, `idp.user` (first, the one who signs
 * in) + `idp.users`, `idp.app`, and the other emulator settings, copied as they are. The app also
 * gets:
 * - `extra.redirectUris` (the harness callback) added to its registered redirect URIs, so the flow
 *   can come back (the delta's list replaces the baseline's, as every app field does); a case's `client.redirectUri` override is *not* added (that is how
 *   `redirect_uri_not_registered` is reproduced);
 * - `public: true` and no secret when `client.public`;
 * - for implicit/hybrid flows, the grant and response types the flow needs, unless the case lists
 *   them itself (Okta apps allow only the code flow until implicit is ticked).
 * Symbols should be resolved first ({@link resolveSymbols}). `idp.port` and `token.afterIssue` are
 * not configuration: see {@link emulatorStartOptionsFor} and the runner.
 */
export function emulatorDeltaFor(
  definition: CaseDefinition,
  extra: { redirectUris?: string[] } = {},
): EmulatorConfig {
  const { idp, client } = definition;
  const delta: EmulatorConfig = {};
  if (idp.orgId !== undefined) delta.orgId = idp.orgId;
  if (idp.servers !== undefined) delta.servers = structuredClone(idp.servers);
  const users = [...(idp.user ? [idp.user] : []), ...(idp.users ?? [])];
  if (users.length > 0) delta.users = structuredClone(users);
  if (idp.codeFlowIdToken !== undefined) delta.codeFlowIdToken = idp.codeFlowIdToken;
  if (idp.signInWidget !== undefined) delta.signInWidget = idp.signInWidget;
  if (idp.clockOffsetSeconds !== undefined) delta.clockOffsetSeconds = idp.clockOffsetSeconds;
  if (idp.rotateKeys !== undefined) delta.rotateKeys = { ...idp.rotateKeys };
  if (idp.orgOAuthMetadata !== undefined) delta.orgOAuthMetadata = idp.orgOAuthMetadata;
  if (idp.orgAccessTokenVerifiable !== undefined) {
    delta.orgAccessTokenVerifiable = idp.orgAccessTokenVerifiable;
  }
  if (idp.accessTokenSubject !== undefined) delta.accessTokenSubject = idp.accessTokenSubject;
  if (idp.tooManyGroups !== undefined) delta.tooManyGroups = idp.tooManyGroups;

  const app: AppConfig = structuredClone(idp.app ?? {});
  const redirectUris = [...(extra.redirectUris ?? []), ...(app.redirectUris ?? [])];
  if (redirectUris.length > 0) app.redirectUris = [...new Set(redirectUris)];
  if (client.public) {
    app.public = true;
    delete app.clientSecret;
  }
  if (client.flow === 'implicit' || client.flow === 'hybrid') {
    const responseType = responseTypeOf(definition);
    // A delta's app fields replace the baseline's, so keep the baseline's grants and add implicit.
    app.grantTypes ??= [...BASELINE_GRANT_TYPES, 'implicit'];
    app.responseTypes ??= [...new Set(['code', responseType])];
  }
  if (Object.keys(app).length > 0) delta.app = app;
  return delta;
}
