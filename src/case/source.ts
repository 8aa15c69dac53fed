/**
 * Reads a case file's text with the `yaml` package (JSON is YAML too), keeping the parsed
 * document so a field's path can be mapped back to its line for error messages.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { clip } from '../input/read-file.js';
import type { CaseProblem } from './types.js';

/** A parsed case source: its plain value, the problems found, and a path → line lookup. */
export interface CaseSource {
  /** The plain JS value; undefined when the text could not be parsed. */
  value: unknown;
  problems: CaseProblem[];
  /** The 1-based line of the field at `path` (or of its nearest ancestor present in the file). */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

/** A short description of what a parsed value is, for "not a mapping" messages. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** The first line of a yaml error message, without the "at line L, column C" the tool adds. */
function cleanMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

/** How many nodes aliases may expand to in total: plenty for a case, far short of a bomb. */
const MAX_ALIAS_COUNT = 100;

/** The problem for an alias yaml refused while building the value, on the alias's line. */
function aliasProblem(
  err: Error,
  text: string,
  lineAt: (offset: number | undefined) => number | undefined,
): CaseProblem {
  const unresolved = /^Unresolved alias.*: (.*)$/.exec(err.message);
  if (unresolved) {
    const name = unresolved[1]!;
    const offset = text.search(
      new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`),
    );
    return {
      path: '',
      ...lineField(lineAt(offset < 0 ? undefined : offset)),
      message: `YAML alias *${clip(name)} has no anchor &${clip(name)} before it`,
    };
  }
  const first = text.search(/(^|[\s[{,:])\*[^\s,\]}]/m);
  const line = lineField(lineAt(first < 0 ? undefined : first + 1));
  if (!/alias/i.test(err.message)) {
    return { path: '', ...line, message: `YAML error: ${clip(cleanMessage(err.message), 200)}` };
  }
  return {
    path: '',
    ...line,
    message: `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?): write the values out instead of nesting aliases`,
  };
}

/** JSON.parse's message for `text` (without its "at position N": the line is given), if any. */
function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/ in JSON at position \d+.*$/s, '') || undefined;
  }
}

function lineField(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/**
 * Parse case file text. Syntax errors, duplicate keys and empty files become problems. A `.json`
 * file is parsed by the same YAML parser (JSON is YAML), but its syntax errors are named JSON
 * errors, in JSON.parse's own words where it has them: "Flow map must end with a }" is no help to
 * someone who wrote JSON.
 */
export function parseCaseSource(text: string, format: 'YAML' | 'JSON' = 'YAML'): CaseSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const problems: CaseProblem[] = [];
  for (const error of doc.errors) {
    const pos = error.linePos?.[0];
    const where = pos ? { line: pos.line } : {};
    if (error.code === 'DUPLICATE_KEY') {
      // error.pos may cover only the key's first character: read the key up to its colon.
      const key =
        /^\s*(["']?)([^:\n]+?)\1\s*:/.exec(text.slice(error.pos[0]))?.[2] ??
        text.slice(error.pos[0], error.pos[1]);
      problems.push({
        path: '',
        ...where,
        message: `duplicate key "${key}": each key may appear once in a mapping`,
      });
    } else {
      const column = pos ? `, column ${pos.col}` : '';
      const message = format === 'JSON' ? jsonError(text) : undefined;
      problems.push({
        path: '',
        ...where,
        message: `${format} syntax error${column}: ${message ?? cleanMessage(error.message)}`,
      });
      // One syntax error is enough to fix a JSON file; YAML's follow-on errors only repeat it.
      if (format === 'JSON') break;
    }
  }
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const lineOf = (path: ReadonlyArray<string | number>) => {
    const offset = offsetOf(doc, path);
    return lineAt(offset);
  };
  if (problems.length > 0) return { value: undefined, problems, lineOf };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (err) {
    // yaml throws (a ReferenceError) for an alias with no anchor and for alias expansion past
    // maxAliasCount (its defence against "billion laughs"): both are the file's fault.
    return { value: undefined, problems: [aliasProblem(err as Error, text, lineAt)], lineOf };
  }
  if (value === null || value === undefined) {
    problems.push({
      path: '',
      line: 1,
      message: 'the file is empty: expected a case mapping with name, idp, client, sp and expect',
    });
  } else if (kindOf(value) !== 'a mapping') {
    problems.push({
      path: '',
      line: lineAt(doc.contents?.range?.[0]) ?? 1,
      message: `expected a mapping with name, idp, client, sp and expect (got ${kindOf(value)})`,
    });
  }
  return { value, problems, lineOf };
}

/** The source offset of the field at `path`: the key of a mapping entry, or the item of a list. */
function offsetOf(doc: Document, path: ReadonlyArray<string | number>): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) return offset;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
