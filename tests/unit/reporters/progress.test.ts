/**
 * Progress of `oidc-harness run` (issue item 2): a status line updated in place on a terminal,
 * plain lines and no control characters when stderr is not a terminal.
 */
import { test, expect } from '@playwright/test';
import { ProgressLine } from '../../../src/reporters/progress.js';
import { fakeClock } from '../../support/fake-clock.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (s: string) => writes.push(s), text: () => writes.join('') };
}

test('on a terminal: a live status line with running and done counts and elapsed time, cleared around each case line', () => {
  const clock = fakeClock(1_000);
  const out = stream(true);
  const p = new ProgressLine(out, 3, { started: 1_000, clock, tickMs: 0 });
  p.begin();
  p.begin();
  expect(out.writes.at(-1)).toBe('\r\u001b[2Krunning 2 · done 0/3 · 0 ms');
  clock.advance(1_500);
  p.end(['[1/3 1.50 s] ✓ first case', '      detail']);
  const text = out.text();
  // The case line replaces the status line, then the status line is drawn again below it.
  expect(text).toContain('\r\u001b[2K[1/3 1.50 s] ✓ first case\n      detail\n');
  expect(out.writes.at(-1)).toBe('\r\u001b[2Krunning 1 · done 1/3 · 1.50 s');
  p.stop();
  expect(out.writes.at(-1)).toBe('\r\u001b[2K');
  const count = out.writes.length;
  p.begin();
  expect(out.writes.length).toBe(count);
});

test('on a terminal the elapsed time moves while a case runs', () => {
  const clock = fakeClock(5_000);
  const out = stream(true);
  const p = new ProgressLine(out, 1, { clock, tickMs: 20 });
  p.begin();
  const first = out.writes.length;
  clock.advance(120);
  expect(out.writes.at(-1)).toBe('\r\u001b[2Krunning 1 · done 0/1 · 120 ms');
  p.stop();
  expect(out.writes.length).toBeGreaterThan(first + 1);
  // Stopped: the timer is gone and nothing more is drawn.
  expect(clock.pending()).toBe(0);
  const count = out.writes.length;
  clock.advance(1_000);
  expect(out.writes.length).toBe(count);
});

test('off a terminal: plain lines only, no carriage returns or escape codes', () => {
  const out = stream(false);
  const clock = fakeClock(10);
  const p = new ProgressLine(out, 2, { started: 0, clock, tickMs: 5 });
  p.begin();
  p.end(['[1/2 10 ms] ✓ a']);
  p.begin();
  p.end(['[2/2 10 ms] ✗ b', '      outcome: expected accepted, observed rejected']);
  p.stop();
  expect(out.text()).toBe(
    '[1/2 10 ms] ✓ a\n[2/2 10 ms] ✗ b\n      outcome: expected accepted, observed rejected\n',
  );
});
