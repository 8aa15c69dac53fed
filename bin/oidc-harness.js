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
try {
  process.exitCode = await run(process.argv);
} catch (err) {
  // run() has printed and mapped every error the harness throws on purpose; what is left is a
  // fault in the harness. One line, not a stack trace (exit 1, as an uncaught error would).
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  // Through the one redaction, like every other output: a fault's message may quote a token.
  const { redactSecrets } = await import(
    new URL('../dist/src/token/redact.js', import.meta.url).href
  );
  process.stderr.write(`oidc-harness: unexpected error: ${redactSecrets(what.split('\n')[0])}\n`);
  process.exitCode = 1;
}
