/**
 * Looks and actions on a sign-in page that run as one plain script in the page's own world.
 *
 * Playwright's locators need its injected script (about 345 kB) in every new document: on a
 * 2-core machine that is 60–70 ms per page before the first look, and a click adds its
 * actionability checks (stable across two animation frames, hit target) on top. A sign-in shows
 * two documents, so a bare `fill`/`click` script spends more time there than the IdP does. Here a
 * look is one `page.evaluate` that polls the page until a target is on screen and answers with
 * everything that is, and a click is a trusted mouse click (Playwright's `page.mouse`) at the
 * centre of a button the same script found visible, enabled and not covered. Typing uses
 * `page.keyboard.insertText`, as Playwright's own `fill` does.
 *
 * Selectors are CSS (the `SignInSelectors` contract); open shadow roots are searched too, as
 * Playwright's CSS engine does.
 */
import type { Page } from '@playwright/test';
import { HarnessError } from '../../errors.js';

/** What a look can ask for: a selector, optionally with text it must contain. */
export interface LookSpec {
  /** CSS selector. */
  css?: string;
  /** The element must have non-blank text (an error container is there before any error). */
  withText?: boolean;
  /** A regular expression (source, flags) the page's rendered text must match. */
  pageText?: { source: string; flags: string };
}

/**
 * The longest single in-page wait: a wait that lost a race (the flow ended, the page left) ends
 * with its slice instead of following the browser to the next pages and the next case.
 */
export const LOOK_SLICE_MS = 250;

/** The answer of one look: the names visible now (empty when the slice ran out). */
export type LookResult<N extends string> = { visible: Set<N> } | { gone: true };

/** A selector that is not CSS: the contract's selectors are CSS, and this says which one. */
export class SelectorSyntaxError extends HarnessError<'INVALID_SELECTOR'> {
  readonly code = 'INVALID_SELECTOR';
  constructor(readonly selector: string) {
    super(`"${selector}" is not a CSS selector`);
    this.name = 'SelectorSyntaxError';
  }
}

/** The navigation that replaced the document ended the evaluation: look again in the new one. */
function isContextGone(err: unknown): boolean {
  return /context was destroyed|navigat|Target page, context or browser has been closed|frame was detached/i.test(
    String((err as Error)?.message ?? err),
  );
}

/**
 * Waits up to `sliceMs` (0: looks once) for any of `specs` to be on screen in the current
 * document and returns every one that is at that moment. `{ gone: true }` when the document went
 * away meanwhile (a navigation): the caller looks again in the next one.
 */
export async function lookOnPage<N extends string>(
  page: Page,
  specs: Record<N, LookSpec>,
  sliceMs: number,
): Promise<LookResult<N>> {
  try {
    const all: Record<string, LookSpec> = specs;
    const answer = (await inPage(page, { op: 'look', specs: all, sliceMs })) as string[];
    return { visible: new Set(answer as N[]) };
  } catch (err) {
    if (isContextGone(err)) return { gone: true };
    throw err;
  }
}

/**
 * Waits up to `timeoutMs` for any of `specs` to be on screen, across navigations, and returns
 * every one that is at that moment (empty when none showed in time).
 */
export async function waitOnPage<N extends string>(
  page: Page,
  specs: Record<N, LookSpec>,
  timeoutMs: number,
): Promise<Set<N>> {
  const all: Record<string, LookSpec> = specs;
  const names = (await retrying(page, timeoutMs, async (sliceMs) => {
    const answer = (await inPage(page, { op: 'look', specs: all, sliceMs })) as string[];
    return answer.length > 0 ? answer : null;
  })) as string[] | null;
  return new Set((names ?? []) as N[]);
}

/** What one in-page call does. */
type PageOp =
  | { op: 'look'; specs: Record<string, LookSpec>; sliceMs: number }
  | { op: 'point'; css: string; sliceMs: number }
  | { op: 'focus'; css: string; clear: boolean; sliceMs: number };

/** What an in-page call answers: see each op; `badSelector` names a selector that is not CSS. */
type PageAnswer = string[] | { x: number; y: number } | boolean | null | { badSelector: string };

async function inPage(
  page: Page,
  args: PageOp,
): Promise<Exclude<PageAnswer, { badSelector: string }>> {
  const answer = await page.evaluate(pageCall, args);
  if (answer && typeof answer === 'object' && 'badSelector' in answer)
    throw new SelectorSyntaxError(answer.badSelector);
  return answer;
}

/**
 * Clicks the first visible, enabled, uncovered element matching `css` with a trusted mouse click,
 * waiting up to `timeoutMs` for one. False when none became clickable in time.
 */
export async function clickOnPage(page: Page, css: string, timeoutMs: number): Promise<boolean> {
  const point = (await retrying(page, timeoutMs, (sliceMs) =>
    inPage(page, { op: 'point', css, sliceMs }),
  )) as { x: number; y: number } | null;
  if (!point) return false;
  await page.mouse.click(point.x, point.y);
  return true;
}

/**
 * Types `text` into the first visible element matching `css`, waiting up to `timeoutMs` for it to
 * be enabled: the element is focused and its content selected in the page, then the text is
 * inserted as Playwright's `fill` does it (trusted input events; an empty `text` clears the
 * field). False when no such field became usable in time.
 */
export async function typeOnPage(
  page: Page,
  css: string,
  text: string,
  timeoutMs: number,
): Promise<boolean> {
  if (!(await focusOnPage(page, css, timeoutMs, text === ''))) return false;
  if (text !== '') await page.keyboard.insertText(text);
  return true;
}

/**
 * Focuses the first visible, enabled element matching `css` (for `fillSecret`), waiting up to
 * `timeoutMs` for one; with `clear`, empties it. False when none became usable in time.
 */
export async function focusOnPage(
  page: Page,
  css: string,
  timeoutMs: number,
  clear = false,
): Promise<boolean> {
  return (await retrying(page, timeoutMs, (sliceMs) =>
    inPage(page, { op: 'focus', css, clear, sliceMs }),
  )) as boolean;
}

/**
 * Runs an in-page wait in slices of at most {@link LOOK_SLICE_MS} until it answers something or `timeoutMs`
 * ends, looking again in the next document when a navigation replaced the one it ran in.
 */
async function retrying(
  page: Page,
  timeoutMs: number,
  call: (sliceMs: number) => Promise<unknown>,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    try {
      const answer = await call(Math.max(0, Math.min(remaining, LOOK_SLICE_MS)));
      if (answer || remaining <= 0) return answer;
    } catch (err) {
      if (!isContextGone(err)) throw err;
      if (remaining <= 0) return null;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/**
 * In the page (serialised whole by `page.evaluate`, so everything it uses is inside it):
 * - `look`: polls until a spec is on screen; answers the names visible (empty when the slice ran out);
 * - `point`: the centre of the first visible, enabled, uncovered match, scrolled into view, or null;
 * - `focus`: focuses the first visible, enabled match and selects (or clears) its content; false
 *   when there is none within the slice.
 * Open shadow roots are searched too, as Playwright's CSS engine pierces them.
 */
async function pageCall(args: PageOp): Promise<PageAnswer> {
  const scopes = (): Array<Document | ShadowRoot> => {
    const found: Array<Document | ShadowRoot> = [document];
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const root = (node as Element).shadowRoot;
      if (root) found.push(root);
    }
    return found;
  };
  const all = (roots: Array<Document | ShadowRoot>, css: string): HTMLElement[] =>
    roots.flatMap((root) => [...root.querySelectorAll<HTMLElement>(css)]);
  const shown = (e: Element): boolean => {
    const rect = e.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    return getComputedStyle(e).visibility !== 'hidden';
  };
  const usable = (e: Element) =>
    !(e as HTMLInputElement).disabled && !(e as HTMLInputElement).readOnly;
  const nextFrame = () =>
    // The next frame, or 20 ms when frames are throttled (a page in the background).
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 20);
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  const selectors = args.op === 'look' ? Object.values(args.specs).map((s) => s.css) : [args.css];
  for (const css of selectors) {
    try {
      if (css) document.querySelector(css);
    } catch {
      return { badSelector: css as string };
    }
  }
  const once = (): PageAnswer => {
    // The document and its open shadow roots, walked once per look.
    const roots = scopes();
    if (args.op === 'look') {
      return Object.entries(args.specs)
        .filter(([, spec]) => {
          if (spec.pageText) {
            const text = document.body?.innerText ?? '';
            if (new RegExp(spec.pageText.source, spec.pageText.flags).test(text)) return true;
            if (!spec.css) return false;
          }
          return all(roots, spec.css as string).some(
            (e) => shown(e) && (!spec.withText || /\S/.test(e.textContent ?? '')),
          );
        })
        .map(([name]) => name);
    }
    for (const el of all(roots, args.css)) {
      if (!shown(el) || !usable(el)) continue;
      if (args.op === 'point') {
        el.scrollIntoView({ block: 'center', inline: 'center' });
        const rect = el.getBoundingClientRect();
        const x = rect.left + rect.width / 2;
        const y = rect.top + rect.height / 2;
        // Not covered by something else (an overlay, a spinner): the click must land on it.
        const root = el.getRootNode() as Document | ShadowRoot;
        const hit = root.elementFromPoint(x, y);
        if (hit && (hit === el || el.contains(hit))) return { x, y };
        continue;
      }
      el.focus();
      const input = el as HTMLInputElement;
      if (args.clear) {
        // The prototype's setter, so a widget's value tracker (React) sees the change.
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        if (setter) setter.call(input, '');
        else input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      } else if (typeof input.select === 'function') {
        input.select();
      }
      return true;
    }
    return args.op === 'point' ? null : false;
  };
  const deadline = performance.now() + args.sliceMs;
  for (;;) {
    const answer = once();
    const found = Array.isArray(answer) ? answer.length > 0 : Boolean(answer);
    if (found || performance.now() >= deadline) return answer;
    await nextFrame();
  }
}
