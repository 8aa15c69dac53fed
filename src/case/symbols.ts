/**
 * Symbolic values in case files (`${idp.issuer}`, `${idp.issuers.<id>}`, …): one case works on
 * any port, because the values are filled in only after the emulator and the SP listen.
 */

/** `${name}`; the name is letters, digits and `._-`. */
const SYMBOL = /\$\{([^}]*)\}/g;

/** The fixed symbol names; `idp.issuers.<id>` is the one family. */
export const KNOWN_SYMBOLS = [
  'idp.issuer',
  'idp.orgIssuer',
  'idp.clientId',
  'idp.url',
  'sp.url',
] as const;

/** The prefix of the per-server issuer family, `${idp.issuers.<id>}`. */
export const ISSUERS_PREFIX = 'idp.issuers.';

/**
 * The prefix of the named real-SP family, `${sp.urls.<name>}`: the URL of a real SP the runner
 * started (or was told about) under that name, e.g. `${sp.urls.passport}`.
 */
export const SP_URLS_PREFIX = 'sp.urls.';

/** The top-level sections whose strings may hold symbols. */
export const SYMBOL_SECTIONS = ['idp', 'client', 'sp', 'token'] as const;

/** The symbols in one string value of a case. */
export interface SymbolUse {
  /** Path segments of the string value. */
  path: Array<string | number>;
  /** The names between `${` and `}`. */
  names: string[];
  /** A `${` without its closing `}`. */
  unterminated: boolean;
}

/** The symbol names used in one string; `unterminated` when a `${` has no closing `}`. */
export function symbolsIn(value: string): { names: string[]; unterminated: boolean } {
  const names = [...value.matchAll(SYMBOL)].map((m) => m[1] ?? '');
  const unterminated = value.replace(SYMBOL, '').includes('${');
  return { names, unterminated };
}

/** Every string under the symbol sections, with its path (for load-time checks). */
export function* stringsUnder(
  value: unknown,
  path: Array<string | number> = [],
): Generator<{ path: Array<string | number>; value: string }> {
  if (typeof value === 'string') {
    yield { path, value };
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* stringsUnder(item, [...path, i]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* stringsUnder(item, [...path, key]);
  }
}

/**
 * Every string under a case's symbol sections that uses a symbol (or opens one and never closes
 * it), raw or loaded: the load-time checks and the CLI's `--sp` check walk the same strings.
 */
export function* symbolUses(
  definition: Partial<Record<(typeof SYMBOL_SECTIONS)[number], unknown>>,
): Generator<SymbolUse> {
  for (const section of SYMBOL_SECTIONS) {
    for (const { path, value } of stringsUnder(definition[section], [section])) {
      const { names, unterminated } = symbolsIn(value);
      if (names.length > 0 || unterminated) yield { path, names, unterminated };
    }
  }
}

/**
 * Why a symbol name is not acceptable, or undefined when it is. `servers` are the server ids the
 * case can name (undefined: any id, as for a real tenant whose servers are not listed).
 */
export function symbolProblem(
  name: string,
  servers: readonly string[] | undefined,
): string | undefined {
  if ((KNOWN_SYMBOLS as readonly string[]).includes(name)) return undefined;
  if (name.startsWith(ISSUERS_PREFIX)) {
    const id = name.slice(ISSUERS_PREFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(id)) return `\${${name}}: a server id is letters, digits, _ or -`;
    if (servers === undefined || id === 'org' || servers.includes(id)) return undefined;
    return `\${${name}}: no authorization server "${id}" in this case (known: org, ${servers.join(', ')})`;
  }
  if (name.startsWith(SP_URLS_PREFIX)) {
    const id = name.slice(SP_URLS_PREFIX.length);
    return /^[A-Za-z0-9_-]+$/.test(id)
      ? undefined
      : `\${${name}}: an SP name is letters, digits, _ or -`;
  }
  return `unknown symbol \${${name}}; known: ${[
    ...KNOWN_SYMBOLS,
    `${SP_URLS_PREFIX}<sp name>`,
    `${ISSUERS_PREFIX}<server id>`,
  ]
    .map((s) => `\${${s}}`)
    .join(', ')}`;
}

/** Replace every `${name}` in `value` by `lookup(name)`. */
export function replaceSymbols(value: string, lookup: (name: string) => string): string {
  return value.replace(SYMBOL, (_m, name: string) => lookup(name));
}
