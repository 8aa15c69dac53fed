/**
 * Which identity provider a case runs against, decided in one place for the Playwright catalogue
 * and `oidc-harness reproduce`: a real Okta tenant for a case that asks for one (`idp.type: okta`
 * or the `okta` tag), otherwise the emulator — on the case's pinned `idp.port`, or a free port.
 */
import { emulatorStartOptionsFor, requiresOkta } from '../case/emulator.js';
import type { CaseDefinition } from '../case/types.js';
import { missingOktaVariables } from '../okta/tenant-settings.js';

/** The IdP a case needs. */
export type IdpChoice =
  /** The emulator; `port` when the case pins one (its issuer must not move). */
  | { kind: 'emulator'; port?: number }
  /** The tenant the OKTA_* variables name; `missing` lists the variables not set. */
  | { kind: 'okta'; missing: string[] };

/** Chooses the IdP for a case, reading the OKTA_* variables from `env`. */
export function idpFor(
  definition: CaseDefinition,
  env: Record<string, string | undefined> = process.env,
): IdpChoice {
  if (requiresOkta(definition)) return { kind: 'okta', missing: missingOktaVariables(env) };
  return { kind: 'emulator', ...emulatorStartOptionsFor(definition) };
}

/**
 * True when running the case signs a user in through a browser: not a minted token, not a
 * client-credentials grant, and not a real-tenant case that will be skipped for want of its
 * variables.
 */
export function signsInThroughBrowser(
  definition: CaseDefinition,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (definition.token?.mint || definition.client.flow === 'client_credentials') return false;
  const choice = idpFor(definition, env);
  return choice.kind === 'emulator' || choice.missing.length === 0;
}
