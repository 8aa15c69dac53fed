/**
 * Runs the diagnosis engine over what a HAR shows: one section per SP rejection and per authorize
 * error, each with its own diagnoses, and the `diagnoses` of interface.md across all of them.
 * The clock of each section is the time of its request, so a HAR read days later does not call
 * every token expired.
 */
import type { DiagnoseInput } from '../diagnosis/engine.js';
import { diagnose } from '../diagnosis/engine.js';
import type { Diagnosis } from '../diagnosis/types.js';
import type { SpExpectation, TokenUse } from '../expectation.js';
import { isCheckFailure, parseCompactJwt } from '../checks/decode.js';
import { guessTokenUse } from '../checks/token-use.js';
import { decodeForDisplay } from '../token/redact.js';
import type { HarFindings, HarRejection, TokenSource } from './extract.js';

/** The token of a section, decoded: header and payload only, never the signature. */
export interface HarTokenView {
  use?: TokenUse;
  source: TokenSource;
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** When the IdP issued it (ISO 8601), when the HAR shows it. */
  issuedAt?: string;
}

/** One section of the output: a rejection (or an authorize error) and its diagnoses. */
export interface HarSection {
  kind: 'sp_rejection' | 'authorize_error';
  request: { method: string; url: string; startedDateTime: string };
  status: number;
  wwwAuthenticate?: string;
  /** For authorize errors: what /authorize answered. */
  error?: { error: string; error_description?: string };
  token?: HarTokenView;
  note?: string;
  diagnoses: Diagnosis[];
}

/** The whole answer for a HAR. */
export interface HarReport {
  entries: number;
  sanitized: boolean;
  /** What a sanitized export left out, in words. */
  missing?: string;
  sections: HarSection[];
  /** Across all sections, most likely first (each section's first cause before any second). */
  diagnoses: Diagnosis[];
}

/** What applies on top of the HAR. */
export interface HarDiagnoseOptions {
  /** The SP's expectation from the flags (`--audience`, …). */
  expectation?: SpExpectation;
  /** A `/userinfo` response given with `--userinfo` (else the HAR's own, when it has one). */
  userinfo?: Record<string, unknown>;
  /** The signature check of a token, when keys were given. */
  checkSignature?: (token: string) => Promise<NonNullable<DiagnoseInput['signature']>>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The token's use: as the HAR shows it issued, else as its claims suggest. */
function useOf(r: HarRejection, clientId: string | undefined): TokenUse | undefined {
  if (r.presented) return r.presented;
  const parts = r.token ? parseCompactJwt(r.token) : undefined;
  if (!parts || isCheckFailure(parts)) return undefined;
  const guessed = guessTokenUse(parts, clientId).use;
  return guessed === 'unknown' ? undefined : guessed;
}

function tokenView(r: HarRejection, clientId: string | undefined): HarTokenView | undefined {
  if (!r.token) return undefined;
  const d = decodeForDisplay(r.token);
  const use = useOf(r, clientId);
  return {
    ...(use ? { use } : {}),
    source: r.tokenSource,
    ...(d.header ? { header: d.header } : {}),
    ...(d.payload ? { payload: d.payload } : {}),
    ...(r.issuance ? { issuedAt: iso(r.issuance.at) } : {}),
  };
}

/** Adds the section's note (sanitized HAR, no token sent) to every diagnosis' evidence. */
function withNote(diagnoses: Diagnosis[], note: string | undefined): Diagnosis[] {
  if (!note) return diagnoses;
  return diagnoses.map((d) => ({ ...d, evidence: { ...d.evidence, token_sent: { note } } }));
}

async function rejectionSection(
  r: HarRejection,
  found: HarFindings,
  options: HarDiagnoseOptions,
): Promise<HarSection> {
  const input: DiagnoseInput = {
    now: Math.floor(r.at / 1000),
    spResponse: {
      status: r.status,
      ...(r.wwwAuthenticate ? { wwwAuthenticate: r.wwwAuthenticate } : {}),
      ...(r.body ? { body: r.body } : {}),
    },
  };
  if (r.token) input.token = r.token;
  if (r.presented) input.presented = r.presented;
  if (r.presentation) input.presentation = r.presentation;
  if (r.issuance) input.tokens = { ...r.issuance.tokens };
  if (options.expectation) input.expectation = options.expectation;
  const userinfo = options.userinfo ?? found.userinfo.filter((u) => u.at <= r.at).pop()?.claims;
  if (userinfo) input.userinfo = userinfo;
  if (r.token && options.checkSignature) input.signature = await options.checkSignature(r.token);
  const token = tokenView(r, options.expectation?.clientId);
  return {
    kind: 'sp_rejection',
    request: { method: r.method, url: r.url, startedDateTime: iso(r.at) },
    status: r.status,
    ...(r.wwwAuthenticate ? { wwwAuthenticate: r.wwwAuthenticate } : {}),
    ...(token ? { token } : {}),
    ...(r.note ? { note: r.note } : {}),
    diagnoses: withNote(diagnose(input), r.note),
  };
}

/** Each section's first cause, then each one's second, …; the same cause once. */
function acrossSections(sections: HarSection[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  const seen = new Set<string>();
  const depth = Math.max(0, ...sections.map((s) => s.diagnoses.length));
  for (let k = 0; k < depth; k++) {
    for (const s of sections) {
      const d = s.diagnoses[k];
      if (!d) continue;
      const key = `${d.code}|${d.summary}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/** Diagnoses every rejection and authorize error the HAR shows, in the order they happened. */
export async function diagnoseHar(
  found: HarFindings,
  options: HarDiagnoseOptions = {},
): Promise<HarReport> {
  const timed: { at: number; section: HarSection }[] = [];
  for (const a of found.authorizeErrors) {
    const input: DiagnoseInput = {
      now: Math.floor(a.at / 1000),
      authorizeError: {
        error: a.error,
        ...(a.error_description ? { error_description: a.error_description } : {}),
        ...(a.via === 'error_page' ? { status: a.status } : {}),
        ...(a.requestedScopes ? { requestedScopes: a.requestedScopes } : {}),
        ...(a.server ? { server: a.server } : {}),
      },
    };
    if (options.expectation) input.expectation = options.expectation;
    timed.push({
      at: a.at,
      section: {
        kind: 'authorize_error',
        request: { method: a.method, url: a.url, startedDateTime: iso(a.at) },
        status: a.status,
        error: {
          error: a.error,
          ...(a.error_description ? { error_description: a.error_description } : {}),
        },
        diagnoses: diagnose(input),
      },
    });
  }
  for (const r of found.rejections) {
    timed.push({ at: r.at, section: await rejectionSection(r, found, options) });
  }
  const sections = timed.sort((a, b) => a.at - b.at).map((t) => t.section);
  return {
    entries: found.entries,
    sanitized: found.sanitized,
    ...(found.missing ? { missing: found.missing } : {}),
    sections,
    diagnoses: acrossSections(sections),
  };
}
