/**
 * The one matcher: exact rules first (they capture the token's and the expected values), then
 * the vocabulary for what no rule names. Nothing else in the codebase branches on message text.
 */
import type { Capture, Translation } from './types.js';
import { RULES } from './rules/index.js';
import { codeForClaim } from './claims.js';
import { vocabulary } from './vocabulary.js';

/** How much of a message or body the table reads. */
const MAX_TEXT = 64 * 1024;

function capture(m: RegExpExecArray, c: Capture | undefined): string | undefined {
  if (c === undefined) return undefined;
  const v = typeof c === 'number' ? m[c] : c(m);
  // .NET hides values unless PII logging is on: "[PII of type '…' is hidden…]" reveals nothing.
  return v === undefined || v === '' || v.startsWith('[PII') ? undefined : v.trim();
}

/**
 * Translates free text (an SP's error message, a log line, an `error_description`) into every
 * diagnosis code it states, exact rules in table order first, one per code and claim.
 */
export function translateMessage(input: string): Translation[] {
  // An SP's reason is short; a huge body (an HTML error page, a dump) is read only in part.
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const out: Translation[] = [];
  const seen = new Map<string, number>();
  const values = (t: Translation) => (t.token ? 1 : 0) + (t.expected ? 1 : 0);
  const add = (t: Translation) => {
    const key = `${t.code}|${t.claim ?? ''}`;
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.length);
      out.push(t);
    } else if (values(t) > values(out[at]!)) {
      // Two libraries' rules say the same thing; keep the one that captured more.
      out[at] = t;
    }
  };
  for (const rule of RULES) {
    const m = rule.pattern.exec(text);
    if (!m) continue;
    const code = typeof rule.code === 'function' ? rule.code(m) : rule.code;
    const claim = typeof rule.claim === 'string' ? rule.claim : capture(m, rule.claim);
    const t: Translation = { code, source: rule.source, matched: m[0].trim() };
    if (claim) t.claim = claim;
    const token = capture(m, rule.token);
    if (token) t.token = token;
    const expected = capture(m, rule.expected);
    if (expected) t.expected = expected;
    add(t);
  }
  if (out.length === 0) for (const t of vocabulary(text, codeForClaim)) add(t);
  return out;
}
