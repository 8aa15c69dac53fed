/**
 * Progress of a long run (issue item 2): on a terminal, one status line that updates in place
 * while cases run (running and done counts, elapsed time) under the plain line each finished case
 * prints; off a terminal (CI logs, pipes) only the plain lines, since a carriage return there
 * leaves garbage in the log.
 */
import { formatDuration } from './terminal.js';

/** The part of a stream the progress line writes to. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A repeating timer's handle; `unref` lets the process exit while it is pending. */
export interface TickHandle {
  unref?(): unknown;
}

/** The clock and timer the progress line reads, so a test can drive them without waiting. */
export interface ProgressClock {
  /** Milliseconds, as `Date.now()`. */
  now(): number;
  setInterval(tick: () => void, ms: number): TickHandle;
  clearInterval(handle: TickHandle): void;
}

/** The process's own clock and timers. */
export const realClock: ProgressClock = {
  now: () => Date.now(),
  setInterval: (tick, ms) => setInterval(tick, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** How a progress line is timed; every field has the real default. */
export interface ProgressOptions {
  /** When the run started (ms, on `clock`), for the elapsed time. */
  started?: number;
  /** How often the status line is redrawn on a terminal (ms); 0 draws only on events. */
  tickMs?: number;
  clock?: ProgressClock;
}

/** Erase the current line and go back to its start (ANSI EL2 + CR). */
const CLEAR_LINE = '\r\u001b[2K';

/** Counts cases as they start and end, and keeps the status line on a terminal current. */
export class ProgressLine {
  private running = 0;
  private done = 0;
  private shown = false;
  private stopped = false;
  private timer: TickHandle | undefined;
  private readonly live: boolean;
  private readonly clock: ProgressClock;
  private readonly started: number;

  /**
   * @param stream where lines go (stderr: stdout is kept for the table or the JSON)
   * @param total how many cases the run has
   * @param options start time, redraw interval and clock (real ones by default)
   */
  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    options: ProgressOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.started = options.started ?? this.clock.now();
    const tickMs = options.tickMs ?? 1000;
    this.live = stream.isTTY === true;
    if (this.live && tickMs > 0) {
      // The elapsed time moves on while a slow sign-in runs; unref: never keep the process alive.
      this.timer = this.clock.setInterval(() => this.draw(), tickMs);
      this.timer.unref?.();
    }
  }

  /** The status text, e.g. `running 2 · done 5/22 · 12.31 s`. */
  status(): string {
    return `running ${this.running} · done ${this.done}/${this.total} · ${formatDuration(this.clock.now() - this.started)}`;
  }

  /** Elapsed time since the run started, as shown in the lines. */
  elapsed(): string {
    return formatDuration(this.clock.now() - this.started);
  }

  /** A case started. */
  begin(): void {
    this.running++;
    this.draw();
  }

  /** A case ended: prints its line(s) above the status line. */
  end(lines: string[]): void {
    this.running = Math.max(0, this.running - 1);
    this.done++;
    this.print(lines);
  }

  /** Prints lines above the status line (or just prints them off a terminal). */
  print(lines: string[]): void {
    if (this.live && this.shown) this.stream.write(CLEAR_LINE);
    for (const line of lines) this.stream.write(`${line}\n`);
    this.shown = false;
    this.draw();
  }

  /** The run is over: the status line goes, so the table starts on a clean line. */
  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearInterval(this.timer);
    this.timer = undefined;
    if (this.live && this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  private draw(): void {
    if (!this.live || this.stopped) return;
    this.stream.write(`${CLEAR_LINE}${this.status()}`);
    this.shown = true;
  }
}
