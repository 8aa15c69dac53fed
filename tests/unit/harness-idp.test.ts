import { expect, test } from '@playwright/test';
import type { CaseDefinition } from '../../src/case/types.js';
import { idpFor } from '../../src/harness/idp.js';

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
