// @vitest-environment node
/**
 * openUrl, redirectMethod and cross-tab logout in every engine, from the SPA
 * example's buttons.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, eventSources, forEngines, logIn, openSignedInSpa, openSpa as openApp, runSpaAction, spaReady, useBrowserExamples, watchRequests, type BrowserTestEnv, type Tab } from './harness';

/** Opens the SPA's "More ways to log out" panel, where these buttons are, as a user would. */
async function showMoreWays(tab: Tab): Promise<Tab> {
  await tab.click('#more-ways > summary');
  return tab;
}

/** An SPA tab with the panel open. */
const openSpa = async (env: BrowserTestEnv): Promise<Tab> => showMoreWays(await openApp(env));

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  describe('openUrl', () => {
    it('false: no navigation, but the onLogout listener hears the logout', async () => {
      const tab = await openSpa(env);
      const start = await tab.url();
      const requests = watchRequests(env.examples);
      expect(await runSpaAction(tab, 'logout-local')).toBe('resolved');
      // Nothing leaves, so nothing is left to wait for: started, then completed at once.
      expect(await eventSources(tab)).toEqual(['this-tab', 'this-tab']);
      expect(await tab.texts('#events li')).toEqual(['this-tab started: /v2/logout, returnTo (none), federated false', 'this-tab completed: /v2/logout, returnTo (none), federated false']);
      expect(await tab.url()).toBe(start);
      expect(requests.hops()).toEqual([]);
      // Nothing went to the tenant but the page asking it how the session stands now, to show beside what it says.
      expect(requests.tenantRequests().map(({ method, url }) => `${method} ${new URL(url).pathname}`)).toEqual(['GET /session']);
    });

    it('a function: receives the logout URL instead of the browser going there', async () => {
      const tab = await openSpa(env);
      const start = await tab.url();
      const requests = watchRequests(env.examples);
      expect(await runSpaAction(tab, 'logout-open-url')).toBe('resolved');
      const opened = new URL((await tab.text('#opened-url'))!);
      expect(opened.origin + opened.pathname).toBe(`${env.examples.tenantUrl}/v2/logout`);
      expect(opened.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(opened.searchParams.get('returnTo')).toBe(env.examples.returnTo('/spa/'));
      expect(opened.searchParams.get('auth0Client')).toBeTruthy();
      expect(await eventSources(tab)).toEqual(['this-tab']);
      expect(await tab.url()).toBe(start);
      expect(requests.hops()).toEqual([]);
    });
  });

  describe('redirectMethod', () => {
    /** Index page, then the SPA (marked so it differs from returnTo), then a logout: returns the history length before and after, and where Back goes. */
    async function logoutFromSecondEntry(action: string) {
      const tab = await env.session.newTab();
      // Signed in: signed out, the app offers no Log out.
      await logIn(tab, env.examples, `${env.examples.pagesUrl}/`);
      await tab.goto(env.examples.page('/spa/', { visit: 'before-logout' }));
      await spaReady(tab);
      await showMoreWays(tab);
      const lengthBefore = await tab.evaluate(() => history.length);
      const returnTo = env.examples.returnTo('/spa/');
      await tab.landAfter(() => tab.click(`button[data-action="${action}"]`), (url) => url === returnTo);
      const lengthAfter = await tab.evaluate(() => history.length);
      const back = await tab.back();
      return { lengthBefore, lengthAfter, back };
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
      // Signed in, so that tab A has its Log out button for the second logout.
      const tabA = await showMoreWays(await openSignedInSpa(env));
      const tabB = await openSpa(env);

      expect(await runSpaAction(tabA, 'logout-local')).toBe('resolved');
      expect(await eventSources(tabA)).toEqual(['this-tab', 'this-tab']);
      // A local logout is complete at once.
      await tabB.waitFor('#cross-tab', 'Signed out in another tab');
      expect(await eventSources(tabB)).toEqual(['other-tab', 'other-tab']);

      // A logout that leaves the page is announced before it goes, and completed once back.
      const returnTo = env.examples.returnTo('/spa/');
      await tabA.landAfter(() => tabA.click('button[data-action="logout"]'), (url) => url === returnTo);
      await tabB.waitFor('#events li:nth-child(4)');
      expect(await eventSources(tabB)).toEqual(['other-tab', 'other-tab', 'other-tab', 'other-tab']);
      expect((await tabB.texts('#events li')).slice(2)).toEqual([
        `other-tab started: /v2/logout, returnTo ${returnTo}, federated false`,
        `other-tab completed: /v2/logout, returnTo ${returnTo}, federated false`,
      ]);
      await tabB.waitFor('#cross-tab', 'Signed out in another tab');
    });
  });
});
