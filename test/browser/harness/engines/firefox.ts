/**
 * Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi
 * (no geckodriver). A session is a BiDi user context; puppeteer registers
 * scripts-before-the-page per tab, so the session keeps them and adds them
 * to every tab it opens.
 */
import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import { requireInstalled } from './installed';
import type { Engine, PageFunction, SessionDriver, TabDriver } from './types';

const FIREFOX = '/usr/bin/firefox-esr';

/**
 * Clicks and typing go to the front tab, as a user's would: a background tab
 * gets animation frames only now and then, and puppeteer waits for frames to
 * see that an element has stopped moving.
 */
function tab(page: Page): TabDriver {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    url: async () => page.url(),
    click: async (selector) => {
      await page.bringToFront();
      await page.locator(selector).click();
    },
    fill: async (selector, value) => {
      await page.bringToFront();
      await page.locator(selector).fill(value);
    },
    evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) => page.evaluate(fn as never, arg) as Promise<R>,
    back: async () => {
      await page.goBack({ waitUntil: 'load' });
    },
    cookieNames: async () => (await page.cookies(page.url())).map((cookie) => cookie.name),
    close: () => page.close(),
  };
}

function session(context: BrowserContext): SessionDriver {
  const initScripts: string[] = [];
  const pages: Page[] = [];
  return {
    async newTab() {
      const page = await context.newPage();
      for (const source of initScripts) await page.evaluateOnNewDocument(source);
      pages.push(page);
      return tab(page);
    },
    async addInitScript(source) {
      initScripts.push(source);
      for (const page of pages.filter((open) => !open.isClosed())) await page.evaluateOnNewDocument(source);
    },
    close: () => context.close(),
  };
}

export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: requireInstalled(FIREFOX, 'Firefox ESR', 'firefox-esr'),
    headless: true,
    // JSON (the tenant's /session) shown as plain text, as the other engines show it, not in Firefox's JSON viewer.
    extraPrefsFirefox: { 'devtools.jsonview.enabled': false },
  });
  return {
    name: 'firefox',
    newSession: async () => session(await browser.createBrowserContext()),
    close: () => browser.close(),
  };
}
