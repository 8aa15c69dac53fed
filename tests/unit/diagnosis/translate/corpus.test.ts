import { test, expect } from '@playwright/test';
import { translateMessage } from '../../../../src/diagnosis/translate/index.js';
import { CORPUS } from '../../support/sp-message-corpus.js';

// Messages of libraries, SPs and gateways the project did not write, quoted from their source:
// each must give its code in first place.
for (const [i, r] of CORPUS.entries()) {
  test(`#${i} ${r.source} ${r.version}: ${JSON.stringify(r.text.slice(0, 60))} → ${r.code}`, () => {
    const ts = translateMessage(r.text);
    expect(ts[0]?.code, `${r.file}: ${JSON.stringify(ts)}`).toBe(r.code);
  });
}

test('the corpus is large and every row names its source file and version', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(150);
  for (const r of CORPUS) {
    expect(r.file.length * r.version.length * r.source.length).toBeGreaterThan(0);
  }
});
