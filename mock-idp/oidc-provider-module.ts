/**
 * Loads oidc-provider without its import-time warning. oidc-provider 9 prints
 * `oidc-provider WARNING: Unsupported runtime…` on Node 20 (its check reads
 * `process.release.lts`, and NODE_NO_WARNINGS does not silence it). The emulator runs fine on
 * Node 20.19+, so exactly that line is dropped while the module loads; every other warning passes.
 * The remaining warnings and NOTICEs are avoided at their source by the Provider configuration.
 */
import type * as OidcProvider from 'oidc-provider';

type OidcProviderModule = typeof OidcProvider;

let loading: Promise<OidcProviderModule> | undefined;

/** Whether a console line is oidc-provider's runtime warning (possibly wrapped in colour codes). */
export function isRuntimeWarning(line: unknown): boolean {
  return typeof line === 'string' && line.includes('oidc-provider WARNING: Unsupported runtime');
}

/** The oidc-provider module, loaded once per process. */
export function loadOidcProvider(): Promise<OidcProviderModule> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!isRuntimeWarning(args[0])) warn.apply(console, args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}
