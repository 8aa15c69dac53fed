/**
 * Start-option checks shared by the real SPs: bad options fail at start with a message naming
 * the option and what was expected, never later as a confusing 401.
 */

/** Throws unless `value` is an absolute http(s) URL; `where` names the function and option. */
export function requireHttpUrl(where: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${where}: expected an http(s) URL, got ${describe(value)}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${where}: expected an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${where}: expected an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Throws unless `value` is a non-empty string. */
export function requireText(where: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${where}: expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is absent or an array of non-empty claim names. */
export function optionalClaimNames(where: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string' || c === '')) {
    throw new Error(`${where}: expected an array of claim names, got ${describe(value)}`);
  }
  return value as string[];
}

/** The claims of `required` that `payload` lacks (a claim present with any value counts). */
export function missingClaims(payload: Record<string, unknown>, required: string[]): string[] {
  return required.filter((name) => payload[name] === undefined || payload[name] === null);
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
