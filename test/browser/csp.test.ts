// @vitest-environment node
/**
 * Both bundles under a strict Content-Security-Policy (`script-src 'self';
 * object-src 'none'; base-uri 'none'`: no inline script, no eval), in every
 * engine: the example pages must load and log out without a single violation.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { cspViolationsIn, forEngines, logIn, spaReady, STRICT_CSP, useBrowserExamples, watchCspViolations, type Tab } from './harness';

forEngines((engine) => {
  const env = useBrowserExamples(engine, { csp: true });

  // The watcher runs before the pages' scripts in every example page of the flow, which is where this policy applies
  // (the tenant's pages have their own and run no script); it keeps its records in the tab, so they outlive each page.
  beforeEach(() => watchCspViolations(env.session));

  /** Opens a page and checks, from the browser, that the page's URL is served with the strict policy. */
  async function openStrict(url: string): Promise<Tab> {
    const tab = await env.session.newTab();
    await tab.goto(url);
    const policy = await tab.evaluate(async () => (await fetch(location.href, { cache: 'no-store' })).headers.get('content-security-policy'));
    expect(policy).toBe(STRICT_CSP);
    return tab;
  }

  describe("under script-src 'self'", () => {
    it('the UMD bundle and the documented snippet load and log out with no violation', async () => {
      const returnTo = env.examples.returnTo('/script-tag/');
      const tab = await openStrict(env.examples.page('/script-tag/', { visit: 'start' }));
      await tab.waitFor('#session-status', /^signed out$/);
      await logIn(tab, env.examples, returnTo);
      await tab.waitFor('#session-status', /^signed in$/);
      await tab.landAfter(() => tab.click('#logout'), (url) => url === returnTo);
      await tab.waitFor('#session-status', /^signed out$/);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
      expect(await cspViolationsIn(tab)).toEqual([]);
    });

    it('the ESM bundle loads and logs out with no violation', async () => {
      const returnTo = env.examples.returnTo('/spa/');
      const tab = await openStrict(env.examples.page('/spa/', { visit: 'start' }));
      await spaReady(tab);
      await logIn(tab, env.examples, returnTo);
      await spaReady(tab);
      await tab.click('#more-ways > summary');
      await tab.landAfter(() => tab.click('button[data-action="logout-federated"]'), (url) => url === returnTo);
      await spaReady(tab);
      expect(await tab.text('#session-status')).toBe('signed out');
      expect(await cspViolationsIn(tab)).toEqual([]);
    });

    it('does report a violation when there is one, so the zero above means something', async () => {
      const tab = await openStrict(env.examples.page('/spa/'));
      await spaReady(tab);
      await tab.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineScriptRan = true;';
        document.body.append(script);
      });
      await expect.poll(async () => (await cspViolationsIn(tab)).length).toBe(1);
      expect((await cspViolationsIn(tab))[0]).toMatch(/^script-src-elem blocked inline /);
      expect(await tab.evaluate(() => '__inlineScriptRan' in window)).toBe(false);
    });
  });
});
