import { test, expect } from '@playwright/test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports } from '../../src/report-files/write.js';
import { redactDeep, redactSecrets } from '../../src/token/redact.js';
import { hostileRun, SECRETS } from './report-sample.js';

/** Any three dot-separated base64url runs long enough to be a header, a payload and a signature. */
const THREE_PART = /[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The ways a value can appear in a written file: as is, JSON-escaped, HTML/XML-escaped. */
function spellings(value: string): string[] {
  const html = value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return [...new Set([value, JSON.stringify(value).slice(1, -1), html])];
}

test('no file written holds a signature, a secret, a password or an API token', async () => {
  const { input, jwts } = await hostileRun();
  // The sample really plants them: the raw input is full of them.
  const raw = JSON.stringify(input);
  for (const s of SECRETS) expect(raw).toContain(JSON.stringify(s).slice(1, -1));
  for (const jwt of jwts) expect(raw).toContain(jwt.split('.')[2]);

  const dir = await mkdtemp(join(tmpdir(), 'report-secrets-'));
  try {
    const { files } = await writeReports(dir, input, { secrets: SECRETS });
    const written = await allFiles(dir);
    expect(written.sort()).toEqual([...files].sort());
    expect(written).toHaveLength(3);
    for (const file of written) {
      const text = await readFile(file, 'utf8');
      expect(text.length, file).toBeGreaterThan(500);
      for (const secret of SECRETS) {
        for (const spelling of spellings(secret))
          expect(text, `${file}: ${secret}`).not.toContain(spelling);
      }
      for (const jwt of jwts) {
        const signature = jwt.split('.')[2]!;
        expect(text, `${file}: a signature`).not.toContain(signature);
      }
      expect(text.match(THREE_PART)?.[0], `${file}: a three-part JWT`).toBeUndefined();
    }
    // What was removed is marked, so a reader knows something was there.
    const json = await readFile(join(dir, 'report.json'), 'utf8');
    expect(json).toContain('<signature removed>');
    expect(json).toContain('<redacted>');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('redactSecrets removes JWT signatures whatever the header spelling, and the secrets', async () => {
  const { jwts } = await hostileRun();
  for (const jwt of jwts) {
    const [h, p, s] = jwt.split('.');
    const out = redactSecrets(`before ${jwt} after`);
    expect(out).toBe(`before ${h}.${p}.<signature removed> after`);
    expect(out).not.toContain(s!);
  }
  expect(redactSecrets('x gS3cr3t y', ['gS3cr3t'])).toBe('x <redacted> y');
  // Ordinary dotted text is left alone.
  expect(redactSecrets('cases/missing-claim-email.yaml at dev-133337.okta.com v1.2.3')).toBe(
    'cases/missing-claim-email.yaml at dev-133337.okta.com v1.2.3',
  );
});

test('redactDeep reaches keys, nested arrays and objects', () => {
  const out = redactDeep({ a: ['x sekrit1 y', { ['k-sekrit1']: 1, n: 2, b: true, z: null }] }, [
    'sekrit1',
  ]);
  expect(out).toEqual({ a: ['x <redacted> y', { 'k-<redacted>': 1, n: 2, b: true, z: null }] });
});

test('a report directory that cannot be created is a clear error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'report-bad-'));
  try {
    const { input } = await hostileRun();
    await writeReports(join(dir, 'r'), input);
    // A file where the directory should be.
    await expect(writeReports(join(dir, 'r', 'report.json'), input)).rejects.toThrow(
      /cannot write the report to .*report\.json: .*(EEXIST|ENOTDIR)/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
