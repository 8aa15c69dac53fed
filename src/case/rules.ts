/**
 * The rules between fields that JSON Schema can't say well. They run even when the schema found
 * errors (so all problems are reported at once), hence every value is type-checked before use.
 */
import { EMULATOR_CONFIG_KEYS } from '../emulator/config.js';
import { RESERVED_SERVER_IDS } from '../emulator/config-schema.js';
import { clip, clipQuoted } from '../input/read-file.js';
import type { RawProblem } from './messages.js';
import { symbolProblem, symbolUses } from './symbols.js';

type Obj = Record<string, unknown>;

// The emulator's own configuration (a case has no apiToken field), plus the case's port and user.
const EMULATOR_ONLY = [
  'port',
  'user',
  'keys',
  ...EMULATOR_CONFIG_KEYS.filter((key) => key !== 'apiToken'),
] as const;

const obj = (v: unknown): Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};

/** The response type a flow uses by default. */
export const DEFAULT_RESPONSE_TYPE = {
  code: 'code',
  implicit: 'id_token token',
  hybrid: 'code id_token',
} as const;

/** Cross-field problems of a case that already passed the schema. */
export function crossFieldProblems(raw: Obj): RawProblem[] {
  const out: RawProblem[] = [];
  const add = (segments: Array<string | number>, message: string) =>
    out.push({ segments, message });
  const idp = obj(raw.idp);
  const client = obj(raw.client);
  const sp = raw.sp === undefined ? undefined : obj(raw.sp);
  const token = raw.token === undefined ? undefined : obj(raw.token);
  const expect = obj(raw.expect);
  const idpType = (idp.type as string | undefined) ?? 'emulator';
  const outcome = typeof expect.outcome === 'string' ? expect.outcome : undefined;
  const diagnosis = Array.isArray(expect.diagnosis) ? expect.diagnosis : [];

  // The IdP: emulator-only settings make no sense for a real tenant.
  if (idpType === 'okta') {
    for (const key of EMULATOR_ONLY) {
      if (idp[key] !== undefined) {
        add(
          ['idp', key],
          'is for the emulator only (idp.type: emulator); a real tenant is set up in Okta',
        );
      }
    }
  }
  const servers = Object.keys(obj(idp.servers));
  const knownServers =
    idpType === 'okta' ? undefined : ['default', ...servers.filter((s) => s !== 'default')];
  const checkServer = (segments: Array<string | number>, server: unknown) => {
    if (typeof server !== 'string' || knownServers === undefined) return;
    if (server === 'org' || knownServers.includes(server)) return;
    add(
      segments,
      `must be org, ${knownServers.map((s) => clip(s, 40)).join(', ')} or a server defined under idp.servers (got ${clipQuoted(server)})`,
    );
  };
  checkServer(['idp', 'server'], idp.server);
  if (servers.includes('org')) {
    add(
      ['idp', 'servers', 'org'],
      '"org" is the ORG authorization server, not a custom one: choose another id',
    );
  }
  // The emulator refuses the other reserved ids too: say so before it starts.
  for (const id of RESERVED_SERVER_IDS.filter((r) => r !== 'org' && servers.includes(r))) {
    add(
      ['idp', 'servers', id],
      `"${id}" is the path of the ORG authorization server (/oauth2/${id}): choose another id`,
    );
  }

  // The client: the response type must fit the flow.
  const flow = (client.flow as keyof typeof DEFAULT_RESPONSE_TYPE | undefined) ?? 'code';
  if (typeof client.responseType === 'string' && flow in DEFAULT_RESPONSE_TYPE) {
    const parts = client.responseType.split(' ');
    const hasCode = parts.includes('code');
    const fits =
      flow === 'code'
        ? client.responseType === 'code'
        : flow === 'implicit'
          ? !hasCode
          : hasCode && parts.length > 1;
    if (!fits) {
      const expected = {
        code: '"code"',
        implicit: 'without code (e.g. "id_token token" or "id_token")',
        hybrid: 'code plus id_token and/or token (e.g. "code id_token")',
      }[flow];
      add(
        ['client', 'responseType'],
        `must be ${expected} for client.flow: ${clip(String(flow), 40)} (got ${clipQuoted(String(client.responseType))})`,
      );
    }
  }

  // The SP.
  if (sp) {
    const spType = (sp.type as string | undefined) ?? 'mock';
    if (spType === 'url' && sp.url === undefined) {
      add(
        ['sp', 'url'],
        'is required when sp.type is url: the protected resource, e.g. https://api.example.com/me',
      );
    }
    if (spType === 'mock' && sp.url !== undefined) {
      add(
        ['sp', 'url'],
        'is for sp.type: url only; the mock SP gets a free port (use ${sp.url} to refer to it)',
      );
    }
    if (typeof sp.url === 'string' && sp.url.includes('${sp.url}')) {
      add(['sp', 'url'], 'cannot refer to itself (${sp.url})');
    }
    if (sp.via === 'dpop' && client.dpop !== true) {
      add(['sp', 'via'], 'dpop needs DPoP-bound tokens: set client.dpop: true');
    }
    if (sp.via === 'browser' && token?.mint !== undefined) {
      add(['sp', 'via'], 'browser (SP-initiated sign-in) cannot send a minted token (token.mint)');
    }
  } else if (outcome === 'accepted' || outcome === 'rejected') {
    add(
      ['sp'],
      `is required when expect.outcome is ${clip(outcome ?? '', 40)}: the SP the token is sent to`,
    );
  }

  // The token: minting needs the emulator's keys.
  if (token?.mint !== undefined) {
    if (idpType === 'okta')
      add(
        ['token', 'mint'],
        'needs the emulator (idp.type: emulator): a real tenant’s keys are not ours',
      );
    if (outcome === 'authorize_error')
      add(
        ['token', 'mint'],
        'cannot go with expect.outcome: authorize_error (no /authorize happens)',
      );
    checkServer(['token', 'mint', 'server'], obj(token.mint).server);
  }
  const after = obj(token?.afterIssue);
  if (after.reissue === true && token?.mint === undefined) {
    add(
      ['token', 'afterIssue', 'reissue'],
      'needs token.mint: only a minted token can be signed again',
    );
  }
  const clockMove = obj(token?.afterIssue).advanceClockSeconds;
  if (clockMove !== undefined && sp && ((sp.type as string | undefined) ?? 'mock') === 'url') {
    add(
      ['token', 'afterIssue', 'advanceClockSeconds'],
      'needs the mock SP (sp.type: mock): a real SP’s clock is not ours to move',
    );
  }
  if (token?.afterIssue !== undefined && idpType === 'okta') {
    add(
      ['token', 'afterIssue'],
      'needs the emulator (idp.type: emulator): a real tenant’s keys and clock are not ours',
    );
  }

  // The expected outcome. An outcome that is none of the three has its own error (the schema's);
  // checking status and error against it would only add a second one about the same typo.
  const knownOutcome = ['accepted', 'rejected', 'authorize_error'].includes(outcome ?? '');
  if (knownOutcome && expect.status !== undefined && outcome !== 'rejected') {
    add(
      ['expect', 'status'],
      `is for expect.outcome: rejected only (got ${clip(outcome ?? '', 40)})`,
    );
  }
  if (knownOutcome && expect.error !== undefined && outcome !== 'authorize_error') {
    add(
      ['expect', 'error'],
      `is for expect.outcome: authorize_error only (got ${clip(outcome ?? '', 40)})`,
    );
  }
  if (outcome === 'accepted' && diagnosis.length > 0) {
    add(['expect', 'diagnosis'], 'must be empty when expect.outcome is accepted');
  }
  if ((outcome === 'rejected' || outcome === 'authorize_error') && diagnosis.length === 0) {
    add(
      ['expect', 'diagnosis'],
      `must name the diagnosis code(s) expected when expect.outcome is ${clip(outcome ?? '', 40)}`,
    );
  }

  // Symbols: known names only, and only servers the case has.
  for (const { path, names, unterminated } of symbolUses(raw)) {
    if (unterminated) add(path, `has "\${" without a closing "}"`);
    for (const name of names) {
      const problem = symbolProblem(name, knownServers);
      if (problem) add(path, problem);
    }
  }
  return out;
}
