/**
 * The built-in failure-mode catalogue (`cases/`), end to end in a real browser against the Okta
 * emulator and the mock SP: every case asserts its exact outcome and diagnosis.
 */
import { fileURLToPath } from 'node:url';
import { loadCases } from '../../src/case/load.js';
import { defineCatalogue } from '../../fixtures/catalogue.js';

defineCatalogue(await loadCases([fileURLToPath(new URL('../../cases/', import.meta.url))]));
