/**
 * Every command's --help, piped (dist/ must be built: `npm run build`): within 80 columns, and
 * every case file its examples name is one that ships, so an example copied from the help finds
 * its file. (Drawn on a terminal at 80 and 200 columns: tests/e2e/terminal-width.spec.ts.)
 */
import { test, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { ROOT, commandNames, helpExamples, runBin } from '../../support/run-node.js';

const COMMANDS = commandNames();

for (const command of COMMANDS) {
  test(`${command} --help: within 80 columns, and the case files its examples name exist`, async () => {
    const r = await runBin([command, '--help']);
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => stringWidth(l) > 80);
    expect(long).toEqual([]);
    const named = helpExamples(r.stdout).flatMap(
      (e) => e.match(/\bcases\/[\w./-]+\.(?:ya?ml|json)/g) ?? [],
    );
    for (const file of named) expect(existsSync(join(ROOT, file)), `${file} exists`).toBe(true);
    if (command !== 'setup') expect(helpExamples(r.stdout).length).toBeGreaterThan(0);
  });
}
