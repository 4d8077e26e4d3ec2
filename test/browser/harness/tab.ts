/**
 * A tab, whatever the engine: the adapter's primitives plus waiting for an
 * element or its text and landing after a navigation, built once on
 * `evaluate` so every engine waits the same way.
 */
import type { PageFunction, TabDriver } from './engines/types';
import { poll } from './poll';

export type TextPattern = string | RegExp;

const matches = (text: string, pattern: TextPattern | undefined) =>
  pattern === undefined || (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));

export class Tab {
  constructor(private readonly driver: TabDriver) {}

  goto(url: string): Promise<void> {
    return this.driver.goto(url);
  }

  url(): Promise<string> {
    return this.driver.url();
  }

  click(selector: string): Promise<void> {
    return this.driver.click(selector);
  }

  fill(selector: string, value: string): Promise<void> {
    return this.driver.fill(selector, value);
  }

  evaluate<R>(fn: PageFunction<undefined, R>): Promise<R>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.driver.evaluate(fn, arg as A);
  }

  /** The Back button; resolves once another URL has loaded (the document may come from the back-forward cache). */
  async back(): Promise<string> {
    const from = await this.url();
    await this.driver.back();
    const state = await poll(
      'Back to load another URL',
      () => this.evaluate(() => ({ url: location.href, ready: document.readyState })),
      ({ url, ready }) => ready === 'complete' && url !== from,
    );
    return state.url;
  }

  /**
   * The Back (`-1`) or Forward (`1`) button, resolved once the step is taken,
   * without waiting for another URL: the document it shows may have the same
   * URL, and one restored from the back/forward cache fires no load event.
   * The caller waits for the document it expects.
   */
  traverse(delta: -1 | 1): Promise<void> {
    return this.driver.traverse(delta);
  }

  /** The Reload button; resolves once the new document has loaded. */
  reload(): Promise<void> {
    return this.driver.reload();
  }

  /** Names of the cookies the current URL gets (HttpOnly included), sorted. */
  async cookieNames(): Promise<string[]> {
    return (await this.driver.cookieNames()).sort();
  }

  /** Closes the window as the user would, whatever origin it shows; a window already gone is left as it is. */
  close(): Promise<void> {
    return this.driver.close();
  }

  /**
   * The window this tab opened with `window.open` (or a link with a target):
   * the oldest one no earlier call returned, waited for if it has not opened
   * yet. Ask after the click that opens it: a popup that has already closed
   * itself by then is returned all the same, closed.
   */
  async waitForPopup(): Promise<Tab> {
    const popup = await poll('a popup opened by the tab', () => this.driver.takePopup(), (opened) => opened !== undefined);
    return new Tab(popup!);
  }

  /** Whether the window is gone: closed by the test or by its own `window.close()`. */
  isClosed(): Promise<boolean> {
    return this.driver.isClosed();
  }

  /** Waits until the window is gone (a popup that closes itself). */
  async waitUntilClosed(): Promise<void> {
    await poll('the window to close', () => this.isClosed(), (closed) => closed);
  }

  /** The element's text content, or `null` when no element matches. */
  text(selector: string): Promise<string | null> {
    return this.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector);
  }

  /** An attribute of the element, or `null`. */
  attribute(selector: string, name: string): Promise<string | null> {
    return this.evaluate(([sel, attr]) => document.querySelector(sel)?.getAttribute(attr) ?? null, [selector, name] as const);
  }

  /** The text content of every element that matches. */
  texts(selector: string): Promise<string[]> {
    return this.evaluate((sel) => Array.from(document.querySelectorAll(sel), (element) => element.textContent ?? ''), selector);
  }

  /** Waits until an element matches `selector` (and its text contains the string or passes the pattern); returns its text. */
  async waitFor(selector: string, text?: TextPattern): Promise<string> {
    const found = await poll(
      `${selector}${text === undefined ? '' : ` with text ${String(text)}`}`,
      () => this.text(selector),
      (value): value is string => value !== null && matches(value, text),
    );
    return found!;
  }

  /** Waits until the tab shows a fully loaded document whose URL passes `landed`; returns that URL. */
  async waitForUrl(landed: (url: string) => boolean, what = 'a URL that passes the test'): Promise<string> {
    const state = await poll(
      what,
      () => this.evaluate(() => ({ url: location.href, ready: document.readyState, old: '__harnessOldDocument' in window })),
      ({ url, ready, old }) => !old && ready === 'complete' && landed(url),
    );
    return state.url;
  }

  /**
   * Runs `act` (a click) and waits until a new document has loaded whose URL
   * passes `landed`: the current one is marked first, so a page that already
   * has the target URL does not count as arrived.
   */
  async landAfter(act: () => Promise<unknown>, landed: (url: string) => boolean): Promise<string> {
    await this.evaluate(() => {
      Object.defineProperty(window, '__harnessOldDocument', { value: true });
    });
    await act();
    return this.waitForUrl(landed, 'the navigation to land');
  }
}
