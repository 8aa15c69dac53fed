/**
 * A clock whose time moves only when a test says so: `advance(ms)` fires every interval timer
 * due in that span, in order, so a ticker is tested without waiting real time.
 */
import type { ProgressClock, TickHandle } from '../../src/reporters/progress.js';

interface Interval extends TickHandle {
  tick: () => void;
  ms: number;
  next: number;
}

/** A {@link ProgressClock} that a test drives with `advance`. */
export interface FakeClock extends ProgressClock {
  /** Moves time on by `ms`, firing each due interval at its own moment. */
  advance(ms: number): void;
  /** Intervals set and not yet cleared. */
  pending(): number;
}

export function fakeClock(start = 0): FakeClock {
  let time = start;
  const intervals = new Set<Interval>();
  return {
    now: () => time,
    setInterval(tick, ms) {
      const interval: Interval = { tick, ms, next: time + ms, unref: () => interval };
      intervals.add(interval);
      return interval;
    },
    clearInterval(handle) {
      intervals.delete(handle as Interval);
    },
    advance(ms) {
      const end = time + ms;
      for (;;) {
        let due: Interval | undefined;
        for (const i of intervals) if (i.next <= end && (!due || i.next < due.next)) due = i;
        if (!due) break;
        time = due.next;
        due.next += due.ms;
        due.tick();
      }
      time = end;
    },
    pending: () => intervals.size,
  };
}
