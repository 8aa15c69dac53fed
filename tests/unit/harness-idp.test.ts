import { expect, test } from '@playwright/test';
import type { CaseDefinition } from '../../src/case/types.js';
import { idpFor, signsInThroughBrowser } from '../../src/harness/idp.js';

// Only the fields idpFor reads; the rest of a case does not choose the IdP.
const caseWith = (idp: Record<string, unknown>, tags: string[] = []) =>
  ({ idp, tags }) as unknown as CaseDefinition;

const OKTA_ENV = {
  OKTA_DOMAIN: 'https://example.okta.com',
  OKTA_CLIENT_ID: 'client',
  OKTA_REDIRECT_URI: 'http://127.0.0.1:8080/callback',
  OKTA_USERNAME: 'user@example.com',
  OKTA_PASSWORD: 'pw',
};

test.describe('idpFor', () => {
  test('an ordinary case runs against the emulator on a free port', () => {
    expect(idpFor(caseWith({}), {})).toEqual({ kind: 'emulator' });
  });

  test('a case pinning idp.port keeps that port', () => {
    expect(idpFor(caseWith({ port: 18777 }), {})).toEqual({ kind: 'emulator', port: 18777 });
  });

  test('idp.type okta and the okta tag both choose the tenant, naming missing variables', () => {
    const byType = idpFor(caseWith({ type: 'okta' }), {});
    expect(byType.kind).toBe('okta');
    expect(byType.kind === 'okta' && byType.missing).toContain('OKTA_DOMAIN');
    expect(idpFor(caseWith({}, ['@okta']), OKTA_ENV)).toEqual({ kind: 'okta', missing: [] });
  });
});

test.describe('signsInThroughBrowser', () => {
  const full = (over: Record<string, unknown>) =>
    ({ idp: {}, tags: [], client: { flow: 'code' }, ...over }) as unknown as CaseDefinition;

  test('a sign-in against the emulator does', () => {
    expect(signsInThroughBrowser(full({}), {})).toBe(true);
  });

  test('a minted token and a client-credentials grant do not', () => {
    expect(signsInThroughBrowser(full({ token: { mint: { kind: 'access' } } }), {})).toBe(false);
    expect(signsInThroughBrowser(full({ client: { flow: 'client_credentials' } }), {})).toBe(false);
  });

  test('a real-tenant case does only when its variables are set (else it is skipped)', () => {
    expect(signsInThroughBrowser(full({ idp: { type: 'okta' } }), {})).toBe(false);
    expect(signsInThroughBrowser(full({ idp: { type: 'okta' } }), OKTA_ENV)).toBe(true);
  });
});
