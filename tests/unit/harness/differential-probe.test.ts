import { expect, test } from '@playwright/test';
import {
  probeDifferential,
  type DifferentialCandidates,
  type DifferentialMintRequest,
} from '../../../src/harness/differential.js';
import { jwtPart as b64 } from '../../support/tokens.js';

const ORG = 'https://example.okta.com';
const DEFAULT = `${ORG}/oauth2/default`;
const PAYMENTS = `${ORG}/oauth2/payments`;
const NOW = 1_800_000_000;

const decode = (jwt: string, i: number) =>
  JSON.parse(Buffer.from(jwt.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;

/** A fake IdP: the "signature" names the server whose key signed, `kid` is that server's. */
function fakeMint(minted: DifferentialMintRequest[] = []) {
  return async (r: DifferentialMintRequest): Promise<string> => {
    minted.push(r);
    const payload = r.payload ?? {
      iss: r.server === 'org' ? ORG : `${ORG}/oauth2/${r.server}`,
      aud: r.kind === 'id_token' ? '0oaclient' : 'api://default',
      sub: 'u',
      exp: NOW + 3600,
    };
    return `${b64({ ...r.header, kid: `kid-${r.server}`, alg: 'RS256' })}.${b64(payload)}.sig-${r.server}`;
  };
}

const token = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  `${b64({ kid: 'kid-default', alg: 'RS256', ...header })}.${b64(payload)}.original`;

const base = {
  iss: DEFAULT,
  aud: 'api://default',
  sub: 'alice@example.com',
  cid: '0oaclient',
  scp: ['openid'],
  iat: NOW - 10,
  exp: NOW + 3590,
};

const candidates: DifferentialCandidates = {
  audiences: ['0oaclient', 'api://default', 'api://payments', ORG],
  issuers: [
    { issuer: ORG, server: 'org' },
    { issuer: DEFAULT, server: 'default' },
    { issuer: PAYMENTS, server: 'payments' },
  ],
  claims: { email: 'alice@example.com', name: 'Alice', groups: ['Everyone'] },
};

/** A fake SP that gives no reason: 401 unless `accepts` says yes. */
const fakeSp = (accepts: (h: Record<string, unknown>, p: Record<string, unknown>) => boolean) => {
  const seen: string[] = [];
  const replay = async (jwt: string) => {
    seen.push(jwt);
    return { status: accepts(decode(jwt, 0), decode(jwt, 1)) ? 200 : 401 };
  };
  return { replay, seen };
};

/** An SP configured like passport: issuer, audience, keys of its issuer's server, claims. */
const strictSp = (need: { claims?: string[] } = {}) =>
  fakeSp(
    (h, p) =>
      p.iss === DEFAULT &&
      h.kid === 'kid-default' &&
      p.aud === 'api://default' &&
      typeof p.exp === 'number' &&
      p.exp > NOW &&
      (need.claims ?? []).every((c) => p[c] !== undefined),
  );

const now = () => NOW * 1000;

test('audience: the one aud the SP accepts is named, with token and expected values', async () => {
  const sp = strictSp();
  const result = await probeDifferential({
    token: token({ ...base, aud: '0oaclient' }),
    replay: sp.replay,
    mint: fakeMint(),
    candidates,
    now,
  });
  expect(result.winner).toMatchObject({ field: 'aud', to: 'api://default', status: 200 });
  expect(result.winner?.change).toBe('`aud` is `api://default`');
  expect(result.diagnosis?.code).toBe('audience_mismatch');
  expect(result.diagnosis?.evidence.aud).toMatchObject({
    token: '0oaclient',
    expected: 'api://default',
  });
  expect(result.diagnosis?.evidence.aud?.note).toContain('found by differential probing');
  // The control and the audiences before the winner were tried and refused.
  expect(result.tried.map((t) => [t.field, t.status])).toEqual([
    ['signature', 401],
    ['aud', 200],
  ]);
  expect(result.stoppedBy).toBe('winner');
});

test('issuer: the variant is signed with the keys of the issuer it names', async () => {
  const minted: DifferentialMintRequest[] = [];
  const sp = strictSp();
  const result = await probeDifferential({
    token: token({ ...base, iss: ORG }, { kid: 'kid-org' }),
    replay: sp.replay,
    mint: fakeMint(minted),
    candidates,
    now,
  });
  expect(result.winner).toMatchObject({ field: 'iss', from: ORG, to: DEFAULT });
  expect(result.diagnosis?.code).toBe('issuer_mismatch');
  expect(result.diagnosis?.evidence.iss).toMatchObject({ token: ORG, expected: DEFAULT });
  const winning = minted[result.tried.length - 1]!;
  expect(winning.server).toBe('default');
  // Only `iss` changed.
  expect({ ...winning.payload, iss: ORG }).toEqual({ ...base, iss: ORG });
});

test('missing claim: the claim added is named, its value taken from the candidates', async () => {
  const sp = strictSp({ claims: ['groups'] });
  const result = await probeDifferential({
    token: token(base),
    replay: sp.replay,
    mint: fakeMint(),
    candidates,
    now,
  });
  expect(result.winner).toMatchObject({ field: 'groups', to: ['Everyone'] });
  expect(result.diagnosis?.code).toBe('missing_claim');
  expect(result.diagnosis?.evidence.groups?.expected).toEqual(['Everyone']);
  // email and name were added first and refused.
  expect(result.tried.filter((t) => t.status === 401).map((t) => t.field)).toEqual(
    expect.arrayContaining(['email', 'name']),
  );
});

test('expiry: a fresh iat/exp wins and reads as token_expired with the old exp', async () => {
  const sp = strictSp();
  const result = await probeDifferential({
    token: token({ ...base, iat: NOW - 7200, exp: NOW - 3600 }),
    replay: sp.replay,
    mint: fakeMint(),
    candidates,
    now,
  });
  expect(result.winner).toMatchObject({ field: 'exp', from: NOW - 3600, to: NOW + 3600 });
  expect(result.diagnosis?.code).toBe('token_expired');
});

test('an unknown key: the re-signed control wins and names the key', async () => {
  const sp = strictSp();
  const result = await probeDifferential({
    token: token(base, { kid: 'kid-rotated-away' }),
    replay: sp.replay,
    mint: fakeMint(),
    candidates,
    now,
  });
  expect(result.tried).toHaveLength(1);
  expect(result.diagnosis?.code).toBe('unknown_signing_key');
});

test('an SP that accepts the same token re-signed with the same kid: no diagnosis', async () => {
  const sp = fakeSp(() => true);
  const result = await probeDifferential({
    token: token(base),
    replay: sp.replay,
    mint: fakeMint(),
    candidates,
    now,
  });
  expect(result.winner?.field).toBe('signature');
  expect(result.diagnosis).toBeUndefined();
  expect(result.note).toContain('not reproducible');
});

test('the number of probes is bounded and what was tried is reported', async () => {
  const sp = fakeSp(() => false);
  const result = await probeDifferential({
    token: token(base),
    replay: sp.replay,
    mint: fakeMint(),
    candidates,
    maxProbes: 5,
    now,
  });
  expect(result.tried).toHaveLength(5);
  expect(sp.seen).toHaveLength(5);
  expect(result.stoppedBy).toBe('max_probes');
  expect(result.untried).toBeGreaterThan(0);
  expect(result.winner).toBeUndefined();
  expect(result.diagnosis).toBeUndefined();
  expect(result.note).toContain('no single change');
});

test('every candidate tried when nothing wins: each probe differs from the token in one field', async () => {
  const minted: DifferentialMintRequest[] = [];
  const sp = fakeSp(() => false);
  const result = await probeDifferential({
    token: token(base),
    replay: sp.replay,
    mint: fakeMint(minted),
    candidates,
    now,
  });
  expect(result.stoppedBy).toBe('exhausted');
  expect(result.tried.length).toBeLessThanOrEqual(24);
  for (const [i, probe] of result.tried.entries()) {
    const payload = minted[i]!.payload;
    if (!payload || probe.field === 'exp' || probe.field === 'typ') continue;
    const changed = Object.keys({ ...base, ...payload }).filter(
      (k) =>
        JSON.stringify((payload as Record<string, unknown>)[k]) !==
        JSON.stringify((base as Record<string, unknown>)[k]),
    );
    expect(changed, probe.change).toEqual(probe.field === 'signature' ? [] : [probe.field]);
  }
  // The other kind of token was tried too.
  expect(result.tried.at(-1)).toMatchObject({ field: 'token', to: 'id_token' });
});

test('a probe that cannot be signed is recorded and the next one runs', async () => {
  const sp = strictSp();
  const mint = fakeMint();
  const result = await probeDifferential({
    token: token({ ...base, aud: '0oaclient' }),
    replay: sp.replay,
    mint: async (r) => {
      if (r.payload?.aud === '0oaclient') throw new Error('no key');
      return mint(r);
    },
    candidates,
    now,
  });
  expect(result.tried[0]).toMatchObject({ field: 'signature', error: 'no key', accepted: false });
  expect(result.diagnosis?.code).toBe('audience_mismatch');
});

test('a token that is not a JWT is not probed', async () => {
  const sp = strictSp();
  const result = await probeDifferential({
    token: 'opaque-token',
    replay: sp.replay,
    mint: fakeMint(),
    candidates,
    now,
  });
  expect(result).toMatchObject({ tried: [], stoppedBy: 'not_a_jwt' });
  expect(sp.seen).toHaveLength(0);
});

test('probing stops starting probes once its time is up', async () => {
  const sp = fakeSp(() => false);
  let t = NOW * 1000;
  const result = await probeDifferential({
    token: token(base),
    replay: async (jwt) => {
      t += 4000; // each replay takes 4 s of the clock
      return sp.replay(jwt);
    },
    mint: fakeMint(),
    candidates,
    timeoutMs: 10_000,
    now: () => t,
  });
  expect(result.stoppedBy).toBe('timeout');
  expect(result.tried).toHaveLength(3);
  expect(result.note).toContain('time limit');
});
