/**
 * Where a JSON text goes wrong, found only after `JSON.parse` has failed: V8's own messages quote
 * the input (a HAR quotes tokens and cookies) and do not always give a position, so the harness
 * scans the text itself to name the byte, the line and what was expected there — and to tell a
 * file cut short (the text ends inside a value) from one that is simply not JSON.
 */

/** The first syntax error of a JSON text. */
export interface JsonSyntaxError {
  /** Index into the string (UTF-16 units) of the offending character, or the text's length. */
  index: number;
  /** True when the text ends before the JSON value does: a truncated file. */
  truncated: boolean;
  /** What was expected at `index` (`a value`, `"," or "}"`, …). */
  expected: string;
  /** The character found instead, when there is one (a single character, never a quote of the input). */
  found?: string;
}

type Want =
  'value' | 'value_or_close' | 'key' | 'key_or_close' | 'colon' | 'comma_or_close' | 'end';

const EXPECTED: Record<Want, string> = {
  value: 'a value',
  value_or_close: 'a value or "]"',
  key: 'a quoted key',
  key_or_close: 'a quoted key or "}"',
  colon: '":"',
  comma_or_close: '"," or the closing bracket',
  end: 'the end of the file',
};

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Scans `text` as JSON (RFC 8259) and returns its first error, or `undefined` when it is valid.
 * Iterative, so deeply nested input cannot overflow the stack.
 */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: Array<'{' | '['> = [];
  let i = 0;
  let want: Want = 'value';
  const after = (): Want => (stack.length > 0 ? 'comma_or_close' : 'end');
  const fail = (expected: string): JsonSyntaxError =>
    i >= n
      ? { index: n, truncated: true, expected }
      : { index: i, truncated: false, expected, found: text.charAt(i) };

  /** Skips a string starting at `i` (a quote); returns an error or undefined. */
  const skipString = (): JsonSyntaxError | undefined => {
    let j = i + 1;
    for (;;) {
      if (j >= n) {
        i = n;
        return fail('the closing quote of a string');
      }
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        i = j + 1;
        return undefined;
      }
      if (c === 0x5c) {
        const esc = text.charAt(j + 1);
        if (j + 1 >= n) {
          i = n;
          return fail('an escape sequence');
        }
        if (esc === 'u') {
          const hex = text.slice(j + 2, j + 6);
          if (hex.length < 4 && j + 2 + hex.length >= n) {
            i = n;
            return fail('four hex digits after \\u');
          }
          if (!HEX4.test(hex)) {
            i = j;
            return fail('four hex digits after \\u');
          }
          j += 6;
        } else if ('"\\/bfnrt'.includes(esc)) j += 2;
        else {
          i = j;
          return fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        }
        continue;
      }
      if (c < 0x20) {
        i = j;
        return fail('no raw control character inside a string');
      }
      j++;
    }
  };

  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return want === 'end' ? undefined : fail(EXPECTED[want]);
    const c = text.charAt(i);
    switch (want) {
      case 'value_or_close':
      case 'value': {
        if (want === 'value_or_close' && c === ']') {
          stack.pop();
          i++;
          want = after();
          break;
        }
        if (c === '{') {
          stack.push('{');
          i++;
          want = 'key_or_close';
        } else if (c === '[') {
          stack.push('[');
          i++;
          want = 'value_or_close';
        } else if (c === '"') {
          const err = skipString();
          if (err) return err;
          want = after();
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (!m) {
            if (i + 1 >= n) {
              i = n;
              return fail('a number');
            }
            i++;
            return fail('a digit');
          }
          i += m[0].length;
          // "0." or "1e" at the very end: a number cut in the middle, not a wrong character.
          if (i === n - 1 && '.eE+-'.includes(text[i] as string)) {
            i = n;
            return fail('a number');
          }
          want = after();
        } else {
          const literal = ['true', 'false', 'null'].find((l) => l.startsWith(c));
          if (!literal) return fail(EXPECTED[want]);
          const seen = text.slice(i, i + literal.length);
          if (seen === literal) {
            i += literal.length;
            want = after();
            break;
          }
          if (literal.startsWith(seen) && i + seen.length >= n) {
            i = n;
            return fail(`"${literal}"`);
          }
          return fail(EXPECTED[want]);
        }
        break;
      }
      case 'key_or_close':
      case 'key': {
        if (want === 'key_or_close' && c === '}') {
          stack.pop();
          i++;
          want = after();
          break;
        }
        if (c !== '"') return fail(EXPECTED[want]);
        const err = skipString();
        if (err) return err;
        want = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') return fail(EXPECTED.colon);
        i++;
        want = 'value';
        break;
      case 'comma_or_close': {
        const top = stack[stack.length - 1];
        const close = top === '{' ? '}' : ']';
        if (c === ',') {
          i++;
          want = top === '{' ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
          i++;
          want = after();
        } else return fail(`"," or "${close}"`);
        break;
      }
      case 'end':
        return fail(EXPECTED.end);
    }
  }
}

/** 1-based line and column of a string index (columns in characters). */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < index; nl = text.indexOf('\n', nl + 1)) {
    line++;
    start = nl + 1;
  }
  return { line, column: index - start + 1 };
}
