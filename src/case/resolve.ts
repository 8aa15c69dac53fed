/**
 * Fills in a case's symbolic values (`${idp.issuer}`, …) once the emulator and the SP listen.
 */
import { ISSUERS_PREFIX, SP_URLS_PREFIX, SYMBOL_SECTIONS, replaceSymbols } from './symbols.js';
import type { CaseDefinition, SymbolValues } from './types.js';
import { HarnessError } from '../errors.js';

/** A symbol that has no value at run time (e.g. `${sp.url}` with no SP, an unknown server). */
export class SymbolResolutionError extends HarnessError<'UNRESOLVED_SYMBOL'> {
  override readonly name = 'SymbolResolutionError';
  readonly code = 'UNRESOLVED_SYMBOL';
  constructor(
    /** Where the symbol was used, e.g. `sp.expect.issuer`. */
    readonly path: string,
    /** The symbol's name, e.g. `idp.issuers.payments`. */
    readonly symbol: string,
    reason: string,
  ) {
    super(`${path}: \${${symbol}} ${reason}`);
  }
}

/** The value of one symbol, or a reason it has none. */
function lookupSymbol(
  name: string,
  definition: CaseDefinition,
  values: SymbolValues,
): { value: string } | { reason: string } {
  const { idp } = values;
  const issuerOf = (server: string) =>
    server === 'org' ? idp.orgIssuer : (idp.issuers[server] ?? undefined);
  switch (name) {
    case 'idp.url':
      return { value: idp.url };
    case 'idp.orgIssuer':
      return { value: idp.orgIssuer };
    case 'idp.clientId':
      return { value: idp.clientId };
    case 'idp.issuer': {
      const issuer = issuerOf(definition.idp.server);
      return issuer
        ? { value: issuer }
        : {
            reason: `has no value: the IdP has no authorization server "${definition.idp.server}"`,
          };
    }
    case 'sp.url':
      return values.sp ? { value: values.sp.url } : { reason: 'has no value: no SP is running' };
  }
  if (name.startsWith(SP_URLS_PREFIX)) {
    const sp = name.slice(SP_URLS_PREFIX.length);
    const url = values.spUrls?.[sp];
    return url !== undefined
      ? { value: url }
      : {
          reason: `has no value: no real SP named "${sp}" is running (known: ${Object.keys(values.spUrls ?? {}).join(', ') || 'none'})`,
        };
  }
  if (name.startsWith(ISSUERS_PREFIX)) {
    const server = name.slice(ISSUERS_PREFIX.length);
    const issuer = issuerOf(server);
    return issuer
      ? { value: issuer }
      : { reason: `has no value: the IdP has no authorization server "${server}"` };
  }
  return { reason: 'is not a known symbol' };
}

function mapStrings(
  value: unknown,
  path: string,
  fn: (s: string, path: string) => string,
): unknown {
  if (typeof value === 'string') return fn(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, `${path}[${i}]`, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapStrings(v, `${path}.${k}`, fn)]),
    );
  }
  return value;
}

/**
 * A copy of `definition` with every `${symbol}` in `idp`, `client`, `sp` and `token` replaced by
 * its run-time value. `${idp.issuer}` is the issuer of the case's own server (`idp.server`).
 * Throws {@link SymbolResolutionError} naming the field when a symbol has no value.
 */
export function resolveSymbols(definition: CaseDefinition, values: SymbolValues): CaseDefinition {
  const resolved: Record<string, unknown> = { ...definition };
  for (const section of SYMBOL_SECTIONS) {
    if (definition[section] === undefined) continue;
    resolved[section] = mapStrings(definition[section], section, (s, path) =>
      replaceSymbols(s, (name) => {
        const found = lookupSymbol(name, definition, values);
        if ('reason' in found) throw new SymbolResolutionError(path, name, found.reason);
        return found.value;
      }),
    );
  }
  return resolved as unknown as CaseDefinition;
}

/**
 * Symbol values from a running emulator (its `url`, `orgIssuer`, `issuers`, `app.clientId`) and
 * the SP's protected resource URL. Structural, so `src/` need not import `mock-idp/`.
 */
export function symbolValuesFrom(
  idp: {
    url: string;
    orgIssuer: string;
    issuers: Record<string, string>;
    app: { clientId: string };
  },
  spUrl?: string,
): SymbolValues {
  return {
    idp: {
      url: idp.url,
      orgIssuer: idp.orgIssuer,
      issuers: { ...idp.issuers },
      clientId: idp.app.clientId,
    },
    ...(spUrl !== undefined ? { sp: { url: spUrl } } : {}),
  };
}
