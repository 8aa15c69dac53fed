/** The translation table lives in translate/; this path stays for existing imports. */
export * from './translate/index.js';
