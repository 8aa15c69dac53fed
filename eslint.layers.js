// The layer rule of architecture.md, as lint configuration: imports flow one way, from the
// shared vocabulary in src/ up through the servers, the harness core and the renderers to the
// commands, then fixtures/ and tests/. A folder may import its own layer and the layers below it,
// never one above; the servers never import each other (they meet only through URLs, as a real
// Okta and a real SP do); only mock-idp/ imports oidc-provider and only the flow runner imports
// openid-client.
//
// ESLint's own `no-restricted-imports` checks `import` and `export … from`; `import()` is checked
// by `no-restricted-syntax`, since the CLI loads most modules lazily. Both match the import's
// text: a relative path that climbs (`../`, `./`) into a folder named here, with or without the
// `src/` segment it takes from outside src/.

/**
 * The layers, lowest first. `folders` are repository paths (a folder, or a file for src/index.ts);
 * `siblings: 'apart'` forbids imports between the folders of one layer.
 */
export const LAYERS = [
  {
    name: 'vocabulary',
    folders: [
      'src/*.ts',
      'src/input',
      'src/net',
      'src/case',
      'src/checks',
      'src/diagnosis',
      'src/emulator',
      'src/okta',
      'src/token',
      'src/flow',
      'src/run',
      'src/serve',
      'src/setup',
    ],
  },
  { name: 'servers', folders: ['mock-idp', 'mock-sp', 'real-sp'], siblings: 'apart' },
  { name: 'harness', folders: ['src/harness'] },
  { name: 'renderers', folders: ['src/report-files', 'src/reporters'] },
  { name: 'HAR diagnosis', folders: ['src/har'] },
  { name: 'commands', folders: ['src/cli', 'src/index.ts'] },
  { name: 'fixtures', folders: ['fixtures'] },
  // tests/, bench/ and scripts/ sit on top: they may import anything but nothing imports them.
  { name: 'tests', folders: ['tests', 'bench', 'scripts'] },
];

/** Packages one folder owns (architecture.md): nobody else imports them. Tests may. */
const OWNED_PACKAGES = [
  { name: 'oidc-provider', owner: 'mock-idp', why: 'only the emulator (mock-idp/) uses it' },
  { name: 'openid-client', owner: 'src/flow', why: 'only the flow runner (src/flow/) uses it' },
];

/** A folder that can be a target: a directory (src/index.ts and `src/*.ts` are not targets). */
const isDirectory = (folder) => !folder.endsWith('.ts');

/** The text of a relative import into `folder`, from anywhere in the repository. */
function importPattern(folder) {
  const escaped = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tail = folder.startsWith('src/') ? `(src/)?${escaped.slice('src/'.length)}` : escaped;
  return `^(\\.{1,2}/)+${tail}(/|$)`;
}

/** The file globs of a folder entry. */
const globsOf = (folder) => (isDirectory(folder) ? [`${folder}/**`] : [folder]);

/** How a message names a folder entry. */
const label = (folder) => (folder === 'src/*.ts' ? 'a file at the top of src/' : folder);

/** For one folder: the folders it may not import, each with the reason. */
function forbiddenFor(layerIndex, folder) {
  const layer = LAYERS[layerIndex];
  const out = [];
  LAYERS.forEach((other, i) => {
    for (const target of other.folders.filter(isDirectory)) {
      if (target === folder) continue;
      if (i > layerIndex) {
        out.push({
          target,
          message: `${label(folder)} (${layer.name}) may not import ${target} (${other.name}): imports flow from lower layers to higher ones only (README "How the code is organised").`,
        });
      } else if (i === layerIndex && layer.siblings === 'apart') {
        out.push({
          target,
          message: `${folder} may not import ${target}: the ${layer.name} meet only through URLs (README "How the code is organised").`,
        });
      }
    }
  });
  return out;
}

/** Regular expressions in esquery selectors may not hold a `/`: spell it `\x2F`. */
const selectorRegex = (pattern) => pattern.replaceAll('/', '\\x2F');

/** One flat-config block per folder, so each file gets exactly one set of restrictions. */
export function layerConfigs() {
  const blocks = [];
  LAYERS.forEach((layer, layerIndex) => {
    for (const folder of layer.folders) {
      const forbidden = forbiddenFor(layerIndex, folder);
      const packages = OWNED_PACKAGES.filter((p) => p.owner !== folder && layer.name !== 'tests');
      if (forbidden.length === 0 && packages.length === 0) continue;
      const block = {
        name: `layers/${folder}`,
        files: globsOf(folder),
        rules: {
          'no-restricted-imports': [
            'error',
            {
              paths: packages.map((p) => ({ name: p.name, message: `${p.why}.` })),
              patterns: forbidden.map((f) => ({
                caseSensitive: true,
                regex: importPattern(f.target),
                message: f.message,
              })),
            },
          ],
          'no-restricted-syntax': [
            'error',
            ...forbidden.map((f) => ({
              selector: `ImportExpression[source.value=/${selectorRegex(importPattern(f.target))}/]`,
              message: f.message,
            })),
            ...packages.map((p) => ({
              selector: `ImportExpression[source.value='${p.name}']`,
              message: `${p.why}.`,
            })),
          ],
        },
      };
      // `src/*.ts` holds the vocabulary's loose files but not the package entry (a command).
      if (folder === 'src/*.ts') block.ignores = ['src/index.ts'];
      blocks.push(block);
    }
  });
  return blocks;
}
