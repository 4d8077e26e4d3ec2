/**
 * Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi
 * (no geckodriver). A session is a BiDi user context, and its
 * scripts-before-the-page are registered for the whole user context, so
 * they reach every tab and every popup from its first window on;
 * puppeteer's own API registers them per tab, which a popup would get only
 * once reported, after its first document may have begun.
 */
import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import { poll } from '../poll';
import { requireInstalled } from './installed';
import { oncePerDocument } from './once-per-document';
import type { Engine, LaunchOptions, PageFunction, ScriptsFirstHost, SessionDriver, TabDriver } from './types';

const FIREFOX = '/usr/bin/firefox-esr';
/** How long a history step waits for a load event before the caller's own wait takes over. */
const TRAVERSE_LOAD_TIMEOUT = 5_000;

const PREFS = {
  // JSON (the tenant's /session) shown as plain text, as the other engines show it, not in Firefox's JSON viewer.
  'devtools.jsonview.enabled': false,
  // Puppeteer turns the popup blocker off; a user's Firefox has it on. A pref set here is kept by the remote agent, which only fills in prefs left unset.
  'dom.disable_open_during_load': true,
};

/** The part of puppeteer's BiDi browser context that registers a script for its whole user context (puppeteer-core 24, not in its public types). */
interface BidiContextInternals {
  userContext: {
    id: string;
    browser: { addPreloadScript(functionDeclaration: string, options: { userContexts: string[] }): Promise<string> };
  };
}

/** The part of puppeteer's BiDi frame that calls a function in the page with a choice of user activation (puppeteer-core 24, not in its public types). */
interface BidiFrameInternals {
  browsingContext: {
    defaultRealm: {
      callFunction(
        functionDeclaration: string,
        awaitPromise: boolean,
        options: { arguments: { type: 'string'; value: string }[]; userActivation: boolean; resultOwnership: 'none' },
      ): Promise<{ type: 'success'; result: { type: string; value?: unknown } } | { type: 'exception'; exceptionDetails: { text: string } }>;
    };
  };
}

/**
 * Runs `fn(arg)` in the page's own realm the way the page's script would.
 * Puppeteer's `page.evaluate` asks for a user activation with every call,
 * which would let the page open popups a user's browser blocks. Argument
 * and result travel as JSON text, the harness's contract for both.
 */
async function evaluateWithoutActivation<A, R>(page: Page, fn: PageFunction<A, R>, arg: A): Promise<R> {
  const realm = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext.defaultRealm;
  const outcome = await realm.callFunction(
    `async (json) => JSON.stringify({ value: await (${fn.toString()})(JSON.parse(json).arg) })`,
    true,
    { arguments: [{ type: 'string', value: JSON.stringify({ arg }) }], userActivation: false, resultOwnership: 'none' },
  );
  if (outcome.type === 'exception') throw new Error(`in the page: ${outcome.exceptionDetails.text}`);
  return (JSON.parse(outcome.result.value as string) as { value: R }).value;
}

/** Where a click on the element lands: the centre of its box, scrolled into view, once it is there, shown and not covered (viewport CSS pixels). */
function clickPoint(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const probe = () =>
    evaluateWithoutActivation(
      page,
      (sel: string) => {
        const element = document.querySelector(sel);
        if (!element) return null;
        element.scrollIntoView({ block: 'center', inline: 'center' });
        const box = element.getBoundingClientRect();
        const point = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        const hit = box.width > 0 && box.height > 0 ? document.elementFromPoint(point.x, point.y) : null;
        return hit !== null && element.contains(hit) ? point : null;
      },
      selector,
    );
  return poll(`${selector} to be visible and clickable`, probe, (point) => point !== null) as Promise<{ x: number; y: number }>;
}

/**
 * Clicks and typing go to the front tab, as a user's would, through the
 * mouse and keyboard of WebDriver BiDi: trusted input, which gives the page
 * its user activation. Not through puppeteer's locators: they call
 * functions in the page asking for an activation, and the next call asking
 * for none (every `evaluate`) would make Firefox clear the page's
 * activation, the click's included, so a handler that awaits something
 * before opening its popup would be blocked where a user's is not.
 */
function tab(page: Page): TabDriver {
  // Listening from the start, so a popup opened before the test asks for it is not missed.
  const popups: Page[] = [];
  page.on('popup', (popup) => {
    if (popup) popups.push(popup);
  });
  const click = async (selector: string) => {
    await page.bringToFront();
    const { x, y } = await clickPoint(page, selector);
    await page.mouse.click(x, y);
  };
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    url: async () => page.url(),
    click,
    fill: async (selector, value) => {
      await click(selector);
      await evaluateWithoutActivation(page, (sel: string) => (document.querySelector(sel) as HTMLInputElement).select(), selector);
      if (value === '') await page.keyboard.press('Backspace');
      else await page.keyboard.type(value);
    },
    evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) => evaluateWithoutActivation(page, fn, arg),
    back: async () => {
      await page.goBack({ waitUntil: 'load' });
    },
    traverse: async (delta) => {
      const step = delta < 0 ? page.goBack({ waitUntil: 'load', timeout: TRAVERSE_LOAD_TIMEOUT }) : page.goForward({ waitUntil: 'load', timeout: TRAVERSE_LOAD_TIMEOUT });
      // A document restored from the back/forward cache fires no load event: the step is taken all the same.
      await step.catch((error: Error) => {
        if (error.name !== 'TimeoutError') throw error;
      });
    },
    reload: async () => {
      await page.reload({ waitUntil: 'load' });
    },
    cookieNames: async () => (await page.cookies(page.url())).map((cookie) => cookie.name),
    takePopup: async () => {
      const popup = popups.shift();
      return popup && tab(popup);
    },
    isClosed: async () => page.isClosed(),
    // Puppeteer resolves the close before it hears the window is gone; waiting for that lets the next look see it closed.
    close: async () => {
      if (page.isClosed()) return;
      const gone = new Promise<void>((resolve) => page.once('close', () => resolve()));
      await page.close();
      await gone;
    },
  };
}

function session(context: BrowserContext, scriptsFirst: ScriptsFirstHost): SessionDriver {
  const { userContext } = context as unknown as BidiContextInternals;
  return {
    newTab: async () => tab(await context.newPage()),
    // Also put first by the pages' server, for a popup's first page that keeps the blank page's window (./once-per-document.ts).
    async addInitScript(source) {
      const once = oncePerDocument(source);
      await userContext.browser.addPreloadScript(`() => {\n${once}\n}`, { userContexts: [userContext.id] });
      await scriptsFirst.add(once);
    },
    windowCount: async () => (await context.pages()).length,
    close: () => context.close(),
  };
}

/** No page kept in the back/forward cache: Back always loads afresh (`backForwardCache: false`). */
const NO_BACK_FORWARD_CACHE = { 'browser.sessionhistory.max_total_viewers': 0 };

export async function launchFirefox({ backForwardCache }: LaunchOptions = {}): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: requireInstalled(FIREFOX, 'Firefox ESR', 'firefox-esr'),
    headless: true,
    extraPrefsFirefox: backForwardCache === false ? { ...PREFS, ...NO_BACK_FORWARD_CACHE } : PREFS,
  });
  return {
    name: 'firefox',
    newSession: async (scriptsFirst) => session(await browser.createBrowserContext(), scriptsFirst),
    close: () => browser.close(),
  };
}
