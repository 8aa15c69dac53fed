/**
 * The System Log `filter` parameter: a SCIM filter (RFC 7644 section 3.4.2.2) over LogEvent
 * attribute paths, as Okta's `GET /api/v1/logs` accepts it (okta-behavior.md section 5).
 *
 * Grammar: `expr := and ("or" and)*`, `and := unary ("and" unary)*`,
 * `unary := "not" "(" expr ")" | "(" expr ")" | path "pr" | path op value`, with
 * `op` one of `eq ne co sw ew gt ge lt le` (Okta's error text lists `eq,co,sw,pr,gt,ge,lt,le`,
 * its examples use `ew` and `ne`: all are accepted) and `value` a double-quoted string, a number,
 * `true`, `false` or `null`. Keywords and operators are case-insensitive, as SCIM says.
 *
 * Matching follows SCIM: a path through an array (`target.id`) matches when any element matches;
 * string comparisons are case-insensitive (SCIM's default for attributes not marked caseExact);
 * `severity` orders DEBUG < INFO < WARN < ERROR for `gt`/`ge`/`lt`/`le`.
 */
import { LOG_SEVERITIES, type LogEvent } from '../../src/okta/system-log-types.js';
import { invalidFieldError, invalidFilterError, unsupportedCombinationError } from './errors.js';

/** The comparison operators (`pr` is separate: it takes no value). */
const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
type CompareOperator = (typeof COMPARE_OPERATORS)[number];

/** The list error messages name. */
const EXPECTED_OPERATORS = 'eq,ne,co,sw,ew,pr,gt,ge,lt,le';

/** Top-level LogEvent attributes a filter may name. `published` is refused (Okta: use since/until). */
const FIELDS = [
  'uuid',
  'eventType',
  'version',
  'severity',
  'displayMessage',
  'actor',
  'client',
  'outcome',
  'target',
  'transaction',
  'debugContext',
  'authenticationContext',
  'legacyEventType',
  'request',
  'securityContext',
] as const;

/** Okta refuses `co` on these two (System Log API reference, "Errors"). */
const NO_CONTAINS = ['debugContext.debugData.url', 'debugContext.debugData.requestUri'];

/** Longest filter accepted, and deepest nesting: bounds the work any one request can cause. */
export const MAX_FILTER_LENGTH = 2000;
const MAX_DEPTH = 32;

type Value = string | number | boolean | null;

/** A parsed filter expression. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'pr'; path: string[] }
  | { kind: 'compare'; path: string[]; op: CompareOperator; value: Value };

type Token =
  | { type: 'word'; text: string; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; text: string; pos: number }
  | { type: '(' | ')'; pos: number }
  | { type: 'end'; pos: number };

function tokenize(filter: string): Token[] {
  const fail = (what: string): never => {
    throw invalidFilterError(filter, what);
  };
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, pos: i });
      i++;
    } else if (c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= filter.length) fail(`Unterminated string starting at position ${start}`);
        const d = filter[i] as string;
        if (d === '"') break;
        if (d === '\\') {
          const e = filter[i + 1];
          if (e === undefined) fail(`Unterminated string starting at position ${start}`);
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ type: 'string', value, pos: start });
      i++;
    } else {
      const m = /^-?\d+(?:\.\d+)?(?![\w.])|^[A-Za-z_$][\w.$-]*/.exec(filter.slice(i));
      if (!m) fail(`Unexpected character '${c}' at position ${i}`);
      const text = (m as RegExpExecArray)[0];
      if (/^-?\d/.test(text)) tokens.push({ type: 'number', value: Number(text), text, pos: i });
      else tokens.push({ type: 'word', text, pos: i });
      i += text.length;
    }
  }
  tokens.push({ type: 'end', pos: filter.length });
  return tokens;
}

function describe(t: Token): string {
  switch (t.type) {
    case 'word':
      return `'${t.text}'`;
    case 'string':
      return `"${t.value}"`;
    case 'number':
      return t.text;
    case 'end':
      return 'the end of the filter';
    default:
      return `'${t.type}'`;
  }
}

/** Resolves `path` to the canonical field spelling; throws Okta's "field is not valid" otherwise. */
function checkPath(filter: string, t: Token & { type: 'word' }): string[] {
  const segments = t.text.split('.');
  if (segments.some((s) => s === '')) {
    throw invalidFilterError(filter, `Invalid attribute path '${t.text}' at position ${t.pos}`);
  }
  const first = (segments[0] as string).toLowerCase();
  if (first === 'published') {
    throw invalidFilterError(
      filter,
      `The 'published' attribute can't be used in a filter at position ${t.pos}; use the since and until parameters`,
    );
  }
  const field = FIELDS.find((f) => f.toLowerCase() === first);
  if (!field) throw invalidFieldError(t.text);
  return [field, ...segments.slice(1)];
}

/** Parses a filter; throws an OktaApiError (400) saying what is wrong and where. */
export function parseFilter(filter: string): FilterNode {
  if (filter.length > MAX_FILTER_LENGTH) {
    throw invalidFilterError(filter, `Filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const tokens = tokenize(filter);
  let at = 0;
  const peek = (): Token => tokens[at] as Token;
  const next = (): Token => tokens[at++] as Token;
  const fail = (what: string): never => {
    throw invalidFilterError(filter, what);
  };
  const isWord = (t: Token, w: string): boolean => t.type === 'word' && t.text.toLowerCase() === w;

  function expectClose(open: Token): void {
    const t = next();
    if (t.type !== ')') {
      fail(
        `Expected ')' to close the '(' at position ${open.pos}, found ${describe(t)} at position ${t.pos}`,
      );
    }
  }

  function parseOr(depth: number): FilterNode {
    if (depth > MAX_DEPTH) fail(`Filter is nested more than ${MAX_DEPTH} levels deep`);
    let left = parseAnd(depth);
    while (isWord(peek(), 'or')) {
      next();
      left = { kind: 'or', left, right: parseAnd(depth) };
    }
    return left;
  }

  function parseAnd(depth: number): FilterNode {
    let left = parseUnary(depth);
    while (isWord(peek(), 'and')) {
      next();
      left = { kind: 'and', left, right: parseUnary(depth) };
    }
    return left;
  }

  function parseUnary(depth: number): FilterNode {
    const t = next();
    if (t.type === '(') {
      const expr = parseOr(depth + 1);
      expectClose(t);
      return expr;
    }
    if (isWord(t, 'not')) {
      const open = next();
      if (open.type !== '(') fail(`Expected '(' after 'not' at position ${open.pos}`);
      const expr = parseOr(depth + 1);
      expectClose(open);
      return { kind: 'not', expr };
    }
    if (t.type !== 'word' || ['and', 'or'].includes(t.text.toLowerCase())) {
      return fail(`Expected an attribute path, found ${describe(t)} at position ${t.pos}`);
    }
    const path = checkPath(filter, t);
    const opToken = next();
    if (opToken.type !== 'word') {
      return fail(
        `Missing attribute operator after '${t.text}' at position ${opToken.pos}. Expected: ${EXPECTED_OPERATORS}`,
      );
    }
    const op = opToken.text.toLowerCase();
    if (op === 'pr') return { kind: 'pr', path };
    if (!(COMPARE_OPERATORS as readonly string[]).includes(op)) {
      return fail(
        `Unrecognized attribute operator '${opToken.text}' at position ${opToken.pos}. Expected: ${EXPECTED_OPERATORS}`,
      );
    }
    const v = next();
    let value: Value;
    if (v.type === 'string') value = v.value;
    else if (v.type === 'number') value = v.value;
    else if (isWord(v, 'true')) value = true;
    else if (isWord(v, 'false')) value = false;
    else if (isWord(v, 'null')) value = null;
    else {
      return fail(
        `Expected a value (a double-quoted string, a number, true, false or null) after '${opToken.text}', found ${describe(v)} at position ${v.pos}`,
      );
    }
    if (['co', 'sw', 'ew'].includes(op) && typeof value !== 'string') {
      fail(`Operator '${op}' needs a double-quoted string at position ${v.pos}`);
    }
    if (['gt', 'ge', 'lt', 'le'].includes(op) && (value === null || typeof value === 'boolean')) {
      fail(`Operator '${op}' needs a string or a number at position ${v.pos}`);
    }
    if (op === 'co' && NO_CONTAINS.some((f) => f.toLowerCase() === t.text.toLowerCase())) {
      throw unsupportedCombinationError('co', t.text);
    }
    return { kind: 'compare', path, op: op as CompareOperator, value };
  }

  const root = parseOr(0);
  const rest = peek();
  if (rest.type !== 'end') {
    fail(`Unexpected ${describe(rest)} at position ${rest.pos}. Expected 'and', 'or' or the end`);
  }
  return root;
}

/** Every value at `path` in `event`, flattening arrays (SCIM multi-valued attributes). */
function valuesAt(event: LogEvent, path: readonly string[]): unknown[] {
  let current: unknown[] = [event];
  for (const segment of path) {
    const lower = segment.toLowerCase();
    const nextValues: unknown[] = [];
    for (const v of current.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (v === null || typeof v !== 'object') continue;
      const key = Object.keys(v).find((k) => k.toLowerCase() === lower);
      if (key !== undefined) nextValues.push((v as Record<string, unknown>)[key]);
    }
    current = nextValues;
  }
  return current.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

function isPresent(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return false;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function severityRank(v: unknown): number {
  return typeof v === 'string'
    ? (LOG_SEVERITIES as readonly string[]).indexOf(v.toUpperCase())
    : -1;
}

/** Compares one attribute value with the filter's value; undefined when they can't be ordered. */
function order(path: readonly string[], v: unknown, value: Value): number | undefined {
  if (path.length === 1 && path[0] === 'severity') {
    const a = severityRank(v);
    const b = severityRank(value);
    if (a >= 0 && b >= 0) return a - b;
  }
  if (typeof v === 'number' && typeof value === 'number') return v - value;
  if ((typeof v === 'string' || typeof v === 'number') && value !== null) {
    const a = String(v).toLowerCase();
    const b = String(value).toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return undefined;
}

function compareOne(path: readonly string[], op: CompareOperator, v: unknown, value: Value) {
  if (op === 'eq') {
    if (value === null) return v === null || v === undefined;
    if (typeof value === 'boolean') return v === value;
    return order(path, v, value) === 0;
  }
  if (op === 'co' || op === 'sw' || op === 'ew') {
    if (typeof v !== 'string' && typeof v !== 'number') return false;
    const a = String(v).toLowerCase();
    const b = String(value).toLowerCase();
    return op === 'co' ? a.includes(b) : op === 'sw' ? a.startsWith(b) : a.endsWith(b);
  }
  const o = order(path, v, value);
  if (o === undefined) return false;
  return op === 'gt' ? o > 0 : op === 'ge' ? o >= 0 : op === 'lt' ? o < 0 : o <= 0;
}

/** True when `event` satisfies the parsed filter. */
export function matchesFilter(node: FilterNode, event: LogEvent): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, event) && matchesFilter(node.right, event);
    case 'or':
      return matchesFilter(node.left, event) || matchesFilter(node.right, event);
    case 'not':
      return !matchesFilter(node.expr, event);
    case 'pr':
      return valuesAt(event, node.path).some(isPresent);
    case 'compare': {
      const values = valuesAt(event, node.path);
      if (node.op === 'ne') {
        return !matchesFilter({ ...node, op: 'eq' }, event);
      }
      if (node.op === 'eq' && node.value === null) {
        return values.length === 0 || values.every((v) => v === null || v === undefined);
      }
      return values.some((v) => compareOne(node.path, node.op, v, node.value));
    }
  }
}
