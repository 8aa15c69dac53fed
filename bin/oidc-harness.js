#!/usr/bin/env node
// The package's command. The TypeScript sources are compiled to dist/ by `npm run build`, which
// `npm ci` runs through the `prepare` script, so start-up pays no transpilation cost.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Output piped into `head` and the like: a closed pipe ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    'oidc-harness: the compiled sources are missing (dist/). Run `npm run build` in the package folder.\n',
  );
  process.exit(2);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv);
