/**
 * Chromium: Debian's build driven by playwright-core over the DevTools
 * protocol. A session is a browser context.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { requireInstalled } from './installed';
import { oncePerDocument } from './once-per-document';
import type { Engine, LaunchOptions, PageFunction, SessionDriver, TabDriver } from './types';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
/** Playwright turns the popup blocker off by default; a user's Chromium has it on, so it stays on. */
const DEFAULT_ARGS_LEFT_OUT = ['--disable-popup-blocking'];
/** Playwright also turns the back/forward cache off; a user's Chromium has it on (left out with `backForwardCache: true`). */
const BACK_FORWARD_CACHE_OFF = '--disable-back-forward-cache';
/** How long a history step may take to commit; a document restored from the back/forward cache fires no load event to wait for. */
const TRAVERSE_COMMIT_TIMEOUT = 10_000;

/**
 * Runs `fn(arg)` in the page's main world the way the page's own script
 * would. Playwright's `page.evaluate` calls every function as a user
 * gesture, which would give the page a user activation (for seconds, after
 * every wait that polls) and let it open popups a user's browser blocks.
 */
async function evaluateWithoutGesture<A, R>(cdp: CDPSession, fn: PageFunction<A, R>, arg: A): Promise<R> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: `(${fn.toString()})(${arg === undefined ? 'undefined' : JSON.stringify(arg)})`,
    awaitPromise: true,
    returnByValue: true,
    userGesture: false,
  });
  if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value as R;
}

function tab(context: BrowserContext, page: Page): TabDriver {
  // Listening from the start, so a popup opened before the test asks for it is not missed.
  const popups: Page[] = [];
  page.on('popup', (popup) => popups.push(popup));
  let cdp: Promise<CDPSession> | undefined;
  return {
    goto: async (url) => {
      await page.goto(url);
    },
    url: async () => page.url(),
    click: (selector) => page.click(selector),
    fill: (selector, value) => page.fill(selector, value),
    evaluate: async <A, R>(fn: PageFunction<A, R>, arg: A) => evaluateWithoutGesture(await (cdp ??= context.newCDPSession(page)), fn, arg),
    back: async () => {
      await page.goBack();
    },
    traverse: async (delta) => {
      const options = { waitUntil: 'commit' as const, timeout: TRAVERSE_COMMIT_TIMEOUT };
      await (delta < 0 ? page.goBack(options) : page.goForward(options));
    },
    reload: async () => {
      await page.reload();
    },
    cookieNames: async () => (await context.cookies(page.url())).map((cookie) => cookie.name),
    takePopup: async () => {
      const popup = popups.shift();
      return popup && tab(context, popup);
    },
    isClosed: async () => page.isClosed(),
    close: async () => {
      if (!page.isClosed()) await page.close();
    },
  };
}

export async function launchChromium({ backForwardCache }: LaunchOptions = {}): Promise<Engine> {
  const browser = await chromium.launch({
    executablePath: requireInstalled(CHROMIUM, 'Chromium', 'chromium'),
    args: ARGS,
    ignoreDefaultArgs: backForwardCache === true ? [...DEFAULT_ARGS_LEFT_OUT, BACK_FORWARD_CACHE_OFF] : DEFAULT_ARGS_LEFT_OUT,
  });
  return {
    name: 'chromium',
    async newSession(scriptsFirst): Promise<SessionDriver> {
      const context = await browser.newContext();
      return {
        newTab: async () => tab(context, await context.newPage()),
        // Also put first by the pages' server, for a popup's first page that keeps the blank page's window (./once-per-document.ts).
        addInitScript: async (source) => {
          const once = oncePerDocument(source);
          await context.addInitScript({ content: once });
          await scriptsFirst.add(once);
        },
        windowCount: async () => context.pages().length,
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
