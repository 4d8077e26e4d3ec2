// @vitest-environment node
/**
 * openUrl, redirectMethod and cross-tab logout in Chromium, from the SPA
 * example's buttons.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, landAfter, recordHops, runSpaAction, spaReady, useBrowserExamples } from './harness';

const env = useBrowserExamples();

async function openSpa(extra?: Record<string, string>): Promise<Page> {
  const page = await env.context.newPage();
  await page.goto(env.examples.page('/spa/', extra));
  await spaReady(page);
  return page;
}

const eventSources = (page: Page) => page.locator('#events li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.source));

describe('openUrl', () => {
  it('false: no navigation, but the onLogout listener hears the logout', async () => {
    const page = await openSpa();
    const start = page.url();
    const hops = recordHops(page);
    const tenantRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(env.examples.tenantUrl)) tenantRequests.push(request.url());
    });
    expect(await runSpaAction(page, 'logout-local')).toBe('resolved');
    expect(await eventSources(page)).toEqual(['this-tab']);
    expect(await page.textContent('#events li')).toBe('this-tab: returnTo (none), federated false');
    expect(page.url()).toBe(start);
    expect(hops).toEqual([]);
    expect(tenantRequests).toEqual([]);
  });

  it('a function: receives the logout URL instead of the browser going there', async () => {
    const page = await openSpa();
    const start = page.url();
    const hops = recordHops(page);
    expect(await runSpaAction(page, 'logout-open-url')).toBe('resolved');
    const opened = new URL((await page.textContent('#opened-url'))!);
    expect(opened.origin + opened.pathname).toBe(`${env.examples.tenantUrl}/v2/logout`);
    expect(opened.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(opened.searchParams.get('returnTo')).toBe(env.examples.returnTo('/spa/'));
    expect(opened.searchParams.get('auth0Client')).toBeTruthy();
    expect(await eventSources(page)).toEqual(['this-tab']);
    expect(page.url()).toBe(start);
    expect(hops).toEqual([]);
  });
});

describe('redirectMethod', () => {
  /** Index page, then the SPA (marked so it differs from returnTo), then a logout: returns the history length before and after, and where Back goes. */
  async function logoutFromSecondEntry(action: string) {
    const page = await env.context.newPage();
    await page.goto(`${env.examples.pagesUrl}/`);
    await page.goto(env.examples.page('/spa/', { visit: 'before-logout' }));
    await spaReady(page);
    const lengthBefore = await page.evaluate(() => history.length);
    const returnTo = env.examples.returnTo('/spa/');
    await landAfter(page, () => page.click(`button[data-action="${action}"]`), (url) => url === returnTo);
    const lengthAfter = await page.evaluate(() => history.length);
    await page.goBack();
    return { lengthBefore, lengthAfter, back: page.url() };
  }

  it("'replace' leaves no history entry: Back skips the page that logged out", async () => {
    const { lengthBefore, lengthAfter, back } = await logoutFromSecondEntry('logout-replace');
    expect(lengthAfter).toBe(lengthBefore);
    expect(back).toBe(`${env.examples.pagesUrl}/`);
  });

  it("'assign' (the default) adds one: Back returns to the page that logged out", async () => {
    const { lengthBefore, lengthAfter, back } = await logoutFromSecondEntry('logout');
    expect(lengthAfter).toBe(lengthBefore + 1);
    expect(back).toBe(env.examples.page('/spa/', { visit: 'before-logout' }));
  });
});

describe('cross-tab logout', () => {
  it("tells the app's other tabs: 'this-tab' in the one that logs out, 'other-tab' in the others", async () => {
    const tabA = await openSpa();
    const tabB = await openSpa();

    expect(await runSpaAction(tabA, 'logout-local')).toBe('resolved');
    expect(await eventSources(tabA)).toEqual(['this-tab']);
    await tabB.locator('#cross-tab', { hasText: 'Logged out in another tab' }).waitFor();
    expect(await eventSources(tabB)).toEqual(['other-tab']);

    // A logout that leaves the page is announced before it goes.
    const returnTo = env.examples.returnTo('/spa/');
    await landAfter(tabA, () => tabA.click('button[data-action="logout"]'), (url) => url === returnTo);
    await tabB.locator('#events li:nth-child(2)').waitFor();
    expect(await eventSources(tabB)).toEqual(['other-tab', 'other-tab']);
    expect(await tabB.locator('#events li').nth(1).textContent()).toBe(`other-tab: returnTo ${returnTo}, federated false`);
  });
});
