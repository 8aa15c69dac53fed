/**
 * Every command's --help, piped (dist/ must be built: `npm run build`): within 80 columns, and
 * every case file its examples name is one that ships, so an example copied from the help finds
 * its file. (Drawn on a terminal at 80 and 200 columns: tests/e2e/terminal-width.spec.ts.)
 */
import { test, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { ROOT, commandNames, runBin } from '../support/run-node.js';

const COMMANDS = commandNames();

/** The examples of a help text, a `\`-continued example joined into one line. */
function examples(help: string): string[] {
  const lines = help.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Examples:'));
  if (at < 0) return [];
  const out: string[] = [];
  let current = '';
  for (const line of lines.slice(at + 1)) {
    if (!line.startsWith('  ')) break;
    current += ` ${line.trim().replace(/\\$/, '')}`;
    if (!line.trimEnd().endsWith('\\')) {
      out.push(current.trim());
      current = '';
    }
  }
  return out;
}

for (const command of COMMANDS) {
  test(`${command} --help: within 80 columns, and the case files its examples name exist`, async () => {
    const r = await runBin([command, '--help']);
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => stringWidth(l) > 80);
    expect(long).toEqual([]);
    const named = examples(r.stdout).flatMap(
      (e) => e.match(/\bcases\/[\w./-]+\.(?:ya?ml|json)/g) ?? [],
    );
    for (const file of named) expect(existsSync(join(ROOT, file)), `${file} exists`).toBe(true);
    if (command !== 'setup') expect(examples(r.stdout).length).toBeGreaterThan(0);
  });
}
