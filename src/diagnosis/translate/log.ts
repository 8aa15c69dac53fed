/**
 * A pasted log or response body of many lines: the lines that explain a rejection are the ones
 * the table translates. The rest (request lines, stack frames, unrelated warnings) is noise.
 */
import { translateMessage } from './match.js';

/** How many explaining lines are kept: a rejection is told in a few. */
const MAX_LINES = 8;
/** Beyond this a log line is a dump, not a message; it is read in part. */
const MAX_LINE = 4096;

/**
 * The lines of `log` that state a cause, in their order, at most {@link MAX_LINES}; none when no
 * line does.
 */
export function explainingLines(log: string): string[] {
  const out: string[] = [];
  for (const raw of log.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
    if (translateMessage(text).length === 0) continue;
    out.push(text);
    if (out.length >= MAX_LINES) break;
  }
  return out;
}
