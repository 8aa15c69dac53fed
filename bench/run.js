#!/usr/bin/env node
// Runs every benchmark (bench/*.bench.ts, compiled to dist/bench/ by `npm run build`) one after
// another in its own process, so one benchmark's warm caches never flatter the next.
// `npm run bench -- NAME` runs only the benchmarks whose file name contains NAME.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../dist/bench/', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matched ${only.join(' ') || '(any)'} in ${dir}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.js$/, '')}`);
  const r = spawnSync(process.execPath, [dir + file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
