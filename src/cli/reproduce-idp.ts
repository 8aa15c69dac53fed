/**
 * The IdP side of `oidc-harness reproduce`: the embedded emulator for an ordinary case, or the
 * real tenant the OKTA_* variables name for a case tagged `okta` (interface.md "Real Okta and real
 * SP") — the same ports the Playwright runner uses (src/harness/idp.ts), so a case reproduces
 * the same way in both.
 */
import type { CaseDefinition } from '../case/types.js';
import type { CallbackListener } from '../flow/callback.js';
import { idpFor } from '../harness/idp.js';
import type { IdentityProvider } from '../harness/ports.js';
import type { OktaTenantSettings } from '../okta/tenant-settings.js';
import { UsageError } from './context.js';

/** A started IdP port and the redirect URI listener its flows come back to. */
export interface ReproduceIdp {
  idp: IdentityProvider;
  callback: CallbackListener;
  close(): Promise<void>;
}

/**
 * Checks what a case needs before anything starts: for a real-tenant case, the OKTA_* settings.
 * @returns a function that starts the IdP.
 * @throws {UsageError} naming the missing or invalid variable (exit 2).
 */
export async function planIdp(file: string, definition: CaseDefinition) {
  const choice = idpFor(definition);
  if (choice.kind === 'emulator') {
    const { port } = choice;
    if (port !== undefined) {
      const { takenPinnedPort } = await import('../harness/port-holder.js');
      const taken = await takenPinnedPort([{ file, port }]);
      if (taken) throw new UsageError(taken);
    }
    return async (): Promise<ReproduceIdp> => {
      const [
        { startEmulator },
        { startCallbackListener },
        { EmulatorIdentityProvider, startPinnedEmulator },
      ] = await Promise.all([
        import('../../mock-idp/index.js'),
        import('../flow/callback.js'),
        import('../harness/adapters/emulator-idp.js'),
      ]);
      const emulator = port === undefined ? await startEmulator() : await startPinnedEmulator(port);
      const callback = await startCallbackListener();
      return {
        idp: new EmulatorIdentityProvider(emulator),
        callback,
        close: async () => {
          await callback.close();
          await emulator.close();
        },
      };
    };
  }
  const { readOktaSettings } = await import('../okta/tenant-settings.js');
  const { missing } = choice;
  if (missing.length > 0) {
    throw new UsageError(
      `${file}: a real Okta case needs ${missing.join(', ')} set (see README "Running against real Okta")`,
    );
  }
  // A missing or malformed variable throws OktaSettingsError (bad input, exit 2).
  const settings: OktaTenantSettings = readOktaSettings(process.env);
  return async (): Promise<ReproduceIdp> => {
    const [{ OktaIdentityProvider }, { startTenantCallback }] = await Promise.all([
      import('../harness/adapters/okta-tenant-idp.js'),
      import('../okta/tenant-callback.js'),
    ]);
    const callback = await startTenantCallback(settings.redirectUri);
    return {
      idp: new OktaIdentityProvider(settings),
      callback,
      close: () => callback.close(),
    };
  };
}
