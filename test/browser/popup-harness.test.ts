// @vitest-environment node
/**
 * The harness's popups in every engine, on a page of test/browser/fixtures/
 * that opens one as a logout popup is opened: from a click it opens and the
 * test can follow it to the tenant and back; without a user gesture the
 * browser blocks it, as a user's would; and its closing, by the test or by
 * the popup itself, is what the opener sees.
 */
import { describe, expect, it } from 'vitest';
import { forEngines, useBrowserExamples, watchRequests, type Tab } from './harness';

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  /** A tab on the opener page, `query` telling it what to open and when. */
  async function opener(query: Record<string, string>): Promise<Tab> {
    const tab = await env.session.newTab();
    await tab.goto(env.examples.fixture('popup-opener.html', query));
    await tab.waitFor('#open');
    return tab;
  }

  /** The popup as the opener's script sees it: never opened, blocked (`null`), open at a same-origin URL, open elsewhere, or closed. */
  const popupSeenBy = (tab: Tab) =>
    tab.evaluate(() => {
      const popup = (window as unknown as { harnessPopup?: Window | null }).harnessPopup;
      if (popup === undefined) return 'not opened';
      if (popup === null) return 'blocked';
      if (popup.closed) return 'closed';
      try {
        return popup.location.href;
      } catch {
        return 'open on another origin';
      }
    });

  /** What the opener's script sees once the popup has closed, or the last it saw if it did not within 20 s. */
  async function openerSeesClosed(tab: Tab): Promise<string> {
    const deadline = Date.now() + 20_000;
    let seen = await popupSeenBy(tab);
    while (seen !== 'closed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await popupSeenBy(tab);
    }
    return seen;
  }

  describe('opened from a click', () => {
    it('opens; the test follows it through the tenant back to the site, evaluates in it, and closes it', async () => {
      const signedOut = `${env.examples.pagesUrl}/signed-out.html`;
      const logout = `${env.examples.tenantUrl}/v2/logout?${new URLSearchParams({ returnTo: signedOut })}`;
      const tab = await opener({ popup: logout });
      const requests = watchRequests(env.examples);
      await tab.click('#open');
      expect(await tab.text('#opened')).toBe('true');
      const popup = await tab.waitForPopup();
      expect(await popup.waitForUrl((url) => url === signedOut, 'the popup back on the site')).toBe(signedOut);
      expect(requests.hops().map(({ url, status }) => [new URL(url).origin + new URL(url).pathname, status])).toEqual([
        [`${env.examples.tenantUrl}/v2/logout`, 302],
        [signedOut, 200],
      ]);
      expect(await popup.url()).toBe(signedOut);
      expect(await popup.evaluate(() => ({ title: document.title, hasOpener: window.opener !== null }))).toEqual({ title: 'Signed out', hasOpener: true });
      expect(await popupSeenBy(tab)).toBe(signedOut);
      expect(await env.session.windowCount()).toBe(2);

      await popup.close();
      expect(await popup.isClosed()).toBe(true);
      expect(await openerSeesClosed(tab)).toBe('closed');
      expect(await env.session.windowCount()).toBe(1);
    });

    it("after the handler awaits a while, as a user's browser allows, though the test polls the page meanwhile", async () => {
      const tab = await opener({ popup: `${env.examples.tenantUrl}/`, 'click-delay': '400' });
      await tab.click('#open');
      expect(await tab.waitFor('#opened', /^(true|false)$/)).toBe('true');
      await (await tab.waitForPopup()).close();
    });

    it('on the tenant: the test reads and evaluates it there, the opener only knows it is open, and closing it from the test is seen', async () => {
      const tenantHome = `${env.examples.tenantUrl}/`;
      const tab = await opener({ popup: tenantHome });
      await tab.click('#open');
      const popup = await tab.waitForPopup();
      await popup.waitForUrl((url) => url === tenantHome, 'the popup on the tenant');
      expect(await popup.url()).toBe(tenantHome);
      expect(await popup.evaluate(() => location.origin)).toBe(env.examples.tenantUrl);
      expect(await popupSeenBy(tab)).toBe('open on another origin');

      await popup.close();
      expect(await openerSeesClosed(tab)).toBe('closed');
      expect(await env.session.windowCount()).toBe(1);
    });

    it("runs the session's scripts-before-the-page in the page the popup comes back to", async () => {
      // Reached through the tenant's redirect, it is the popup's first page, of the opener's origin: it keeps the window of the blank page the popup opened with.
      await env.session.addInitScript(() => {
        Object.defineProperty(document, '__harnessScriptFirst', { value: document.readyState });
      });
      const signedOut = `${env.examples.pagesUrl}/signed-out.html`;
      const tab = await opener({ popup: `${env.examples.tenantUrl}/v2/logout?${new URLSearchParams({ returnTo: signedOut })}` });
      await tab.click('#open');
      const popup = await tab.waitForPopup();
      await popup.waitForUrl((url) => url === signedOut, 'the popup back on the site');
      expect(await popup.evaluate(() => (document as unknown as { __harnessScriptFirst?: string }).__harnessScriptFirst ?? 'did not run')).toBe('loading');
    });

    it('closes itself: the test sees the window go, the opener sees it closed', async () => {
      const tab = await opener({ popup: env.examples.fixture('popup-opener.html') });
      await tab.click('#open');
      const popup = await tab.waitForPopup();
      await popup.waitFor('h1', 'Popup opener');
      expect(await env.session.windowCount()).toBe(2);
      await popup.evaluate(() => {
        setTimeout(() => window.close(), 0);
      });
      await popup.waitUntilClosed();
      await env.session.waitForWindowCount(1);
      expect(await openerSeesClosed(tab)).toBe('closed');
    });

    it('closes itself once loaded, before the test asks for it: the test still gets it, closed, and only the opener is left', async () => {
      // Soon after the click, but not within it: WebKit's driver lists windows only once a command is over (engines/webkit.ts).
      const popupPage = env.examples.fixture('popup-opener.html', { 'close-on-load': '300' });
      const tab = await opener({ popup: popupPage });
      const requests = watchRequests(env.examples);
      await tab.click('#open');
      expect(await tab.text('#opened')).toBe('true');
      expect(await openerSeesClosed(tab)).toBe('closed');
      // The driver may hear of the close a moment after the page does.
      await (await tab.waitForPopup()).waitUntilClosed();
      await env.session.waitForWindowCount(1);
      expect(requests.hops()).toEqual([{ url: popupPage, status: 200 }]);
    });
  });

  describe('opened without a user gesture', () => {
    it('from a timer after load: window.open returns null and no window opens', async () => {
      const tab = await opener({ popup: `${env.examples.tenantUrl}/`, 'open-after-load': '' });
      expect(await tab.waitFor('#opened-after-load', /^(true|false)$/)).toBe('false');
      expect(await popupSeenBy(tab)).toBe('blocked');
      expect(await env.session.windowCount()).toBe(1);
    });

    it("from the test's evaluate, even right after the page's waits: window.open returns null", async () => {
      const tab = await opener({});
      await tab.waitFor('h1', 'Popup opener');
      expect(await tab.evaluate((url) => window.open(url, '_blank', 'popup') === null, `${env.examples.tenantUrl}/`)).toBe(true);
      expect(await env.session.windowCount()).toBe(1);
    });
  });
});
