/**
 * Defaults applied after validation (each also stated as `default` in the schema): server
 * `default`, flow `code`, scopes `openid profile email`, a mock SP fed the access token as a
 * Bearer header, and so on. Fields without a default stay absent, so consumers can tell "not
 * said" from "said".
 */
import type {
  CaseClient,
  CaseDefinition,
  CaseExpectation,
  CaseIdp,
  CaseMint,
  CaseSp,
  CaseToken,
} from './types.js';

type Obj = Record<string, unknown>;

/** The scopes a case requests when it names none. */
export const DEFAULT_SCOPES = ['openid', 'profile', 'email'] as const;

/** Drop keys whose value is undefined, so defaults spread under them stay. */
function defined<T extends Obj>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A validated raw case (schema and cross-field rules passed) with every default applied. */
export function applyDefaults(raw: Obj): CaseDefinition {
  const idpRaw = (raw.idp ?? {}) as Partial<CaseIdp>;
  const idp: CaseIdp = {
    ...idpRaw,
    type: idpRaw.type ?? 'emulator',
    server: idpRaw.server ?? 'default',
  };

  const clientRaw = (raw.client ?? {}) as Partial<CaseClient>;
  const client: CaseClient = {
    ...clientRaw,
    flow: clientRaw.flow ?? 'code',
    scopes: clientRaw.scopes ? [...clientRaw.scopes] : [...DEFAULT_SCOPES],
    dpop: clientRaw.dpop ?? false,
    public: clientRaw.public ?? false,
    pkce: clientRaw.pkce ?? true,
    refresh: clientRaw.refresh ?? false,
  };

  let sp: CaseSp | undefined;
  if (raw.sp !== undefined) {
    const spRaw = raw.sp as Partial<CaseSp>;
    sp = {
      ...spRaw,
      type: spRaw.type ?? 'mock',
      send: spRaw.send ?? 'access_token',
      via: spRaw.via ?? 'bearer',
      expect: { ...(spRaw.expect ?? {}) },
    };
  }

  let token: CaseToken | undefined;
  if (raw.token !== undefined) {
    const tokenRaw = raw.token as {
      mint?: Partial<CaseMint>;
      afterIssue?: CaseToken['afterIssue'];
    };
    token = defined({
      mint: tokenRaw.mint
        ? ({
            ...tokenRaw.mint,
            server: tokenRaw.mint.server ?? idp.server,
            signingKey: tokenRaw.mint.signingKey ?? 'current',
          } as CaseMint)
        : undefined,
      afterIssue: tokenRaw.afterIssue ? { ...tokenRaw.afterIssue } : undefined,
    });
  }

  const expectRaw = raw.expect as Partial<CaseExpectation> & Pick<CaseExpectation, 'outcome'>;
  const expect: CaseExpectation = { ...expectRaw, diagnosis: [...(expectRaw.diagnosis ?? [])] };

  return defined({
    name: raw.name as string,
    description: raw.description as string | undefined,
    tags: [...((raw.tags as string[] | undefined) ?? [])],
    idp,
    client,
    sp,
    token,
    expect,
  });
}
