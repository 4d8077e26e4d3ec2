/**
 * What the browser tests need from a browser engine, whatever drives it
 * (playwright, puppeteer over WebDriver BiDi, selenium over WebDriver classic).
 * Each adapter implements these few primitives; waiting, landing after a
 * navigation and reading the tenant are built on them once (../tab.ts).
 */

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export const ENGINE_NAMES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** A function run in the page: serialized with `toString`, so it may use only its argument and the page's globals. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface TabDriver {
  /** Navigates and waits for the document's load event. */
  goto(url: string): Promise<void>;
  /** The address the tab shows now. */
  url(): Promise<string>;
  /**
   * Waits for the element to be there and clickable, then clicks it as a user
   * would: a trusted click that gives the page a user activation, so its
   * handler may open a popup.
   */
  click(selector: string): Promise<void>;
  /** Replaces an input's value by typing. */
  fill(selector: string, value: string): Promise<void>;
  /**
   * Runs `fn(arg)` in the page and returns its (JSON-compatible) result;
   * rejects if the page is navigating away. It runs as the page's own script
   * would, with no user activation: a popup it opens is blocked, as one
   * opened outside a click is in a user's browser.
   */
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  /** The browser's Back button. */
  back(): Promise<void>;
  /**
   * The Back button, the Forward button (`delta` -1 or 1) or the Reload
   * button, without waiting for a load event: a document restored from the
   * back/forward cache fires none. The caller waits for what it expects.
   */
  traverse(delta: -1 | 1): Promise<void>;
  reload(): Promise<void>;
  /** The names of the cookies a request to the tab's current URL would carry, HttpOnly ones included. */
  cookieNames(): Promise<string[]>;
  /**
   * The oldest window this tab opened (`window.open`, a link with a target)
   * that no earlier call took, or `undefined` when there is none yet.
   */
  takePopup(): Promise<TabDriver | undefined>;
  /** Whether the window is gone: closed by the test or by its own `window.close()`. */
  isClosed(): Promise<boolean>;
  /** Closes the window as the user would, whatever origin it shows; a window already gone is left as it is. */
  close(): Promise<void>;
}

export interface SessionDriver {
  /** A new tab of this session: same cookies, storage and BroadcastChannel as its other tabs. */
  newTab(): Promise<TabDriver>;
  /**
   * Runs `source` before the scripts of every document the session's tabs
   * and their popups load from now on (tabs opened before included).
   * Engines without such an API have the example pages' server put it first
   * in each page; see {@link ScriptsFirstHost}. A popup whose first page is
   * of its opener's origin keeps the window of the blank page it opened
   * with: the script runs in both documents, so what it does to the window
   * must bear being done twice.
   */
  addInitScript(source: string): Promise<void>;
  /** The windows open in the session: its tabs and the popups they opened. */
  windowCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * For engines whose driver cannot run a script before a page's own, or not
 * in every document: the example pages' server, which can put a same-origin
 * `<script src>` first in every page it serves. Scripts stay until
 * {@link clear}.
 */
export interface ScriptsFirstHost {
  add(source: string): Promise<void>;
  clear(): Promise<void>;
}

/** How an engine is started; every option defaults to the harness's usual browser. */
export interface LaunchOptions {
  /**
   * `true`: the back/forward cache on in every engine, as in a user's
   * browser (playwright turns Chromium's off unless told; Firefox and WebKit
   * keep theirs on). `false`: off in every engine, a browser where Back
   * always loads the page afresh. Left out: each engine as the harness
   * always started it (Chromium's off, the others' on).
   */
  backForwardCache?: boolean;
}

export interface Engine {
  readonly name: EngineName;
  /** An isolated session: its own cookies and storage, nothing shared with other sessions. */
  newSession(scriptsFirst: ScriptsFirstHost): Promise<SessionDriver>;
  /** Stops the browser and every process the engine started. */
  close(): Promise<void>;
}
