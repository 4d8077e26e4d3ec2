/**
 * Chromium: Debian's build driven by playwright-core over the DevTools
 * protocol. A session is a browser context.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireInstalled } from './installed';
import type { Engine, PageFunction, SessionDriver, TabDriver } from './types';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

function tab(context: BrowserContext, page: Page): TabDriver {
  return {
    goto: async (url) => {
      await page.goto(url);
    },
    url: async () => page.url(),
    click: (selector) => page.click(selector),
    fill: (selector, value) => page.fill(selector, value),
    evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) => page.evaluate(fn as never, arg) as Promise<R>,
    back: async () => {
      await page.goBack();
    },
    cookieNames: async () => (await context.cookies(page.url())).map((cookie) => cookie.name),
    close: () => page.close(),
  };
}

export async function launchChromium(): Promise<Engine> {
  const browser = await chromium.launch({ executablePath: requireInstalled(CHROMIUM, 'Chromium', 'chromium'), args: ARGS });
  return {
    name: 'chromium',
    async newSession(): Promise<SessionDriver> {
      const context = await browser.newContext();
      return {
        newTab: async () => tab(context, await context.newPage()),
        addInitScript: async (source) => {
          await context.addInitScript({ content: source });
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
