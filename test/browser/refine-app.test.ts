// @vitest-environment node
/**
 * The refine example as users run it: examples/refine/ built by Vite (once
 * per file, into a temporary directory) and served at /refine/, signed in at
 * the local tenant, in every engine. refine's own Logout button, federated,
 * popup and idle logouts, a returnTo the SDK refuses, and the other tab that
 * `<LogoutSync>` moves to /login once the logout has completed.
 */
import { describe, expect, it } from 'vitest';
import { forEngines, logIn, useBrowserExamples, watchRequests, type Hop, type Tab } from './harness';
import { poll } from './harness/poll';

/** Within this long of hearing `completed`, another tab of the app shows /login. */
const FOLLOW_MS = 2_000;

forEngines((engine) => {
  const env = useBrowserExamples(engine, { refine: true });

  const onRoute = (route: string) => (url: string) => new URL(url).pathname === `/refine/${route}`;
  const paths = (hops: Hop[]) => hops.map(({ url, status }) => [new URL(url).pathname, status]);

  /** The dashboard, rendered: refine has checked the session and the user is known. */
  async function dashboardShown(tab: Tab): Promise<void> {
    await tab.waitFor('#page[data-page="dashboard"]');
    await tab.waitFor('#user-name', 'Demo User');
  }

  /** A tab signed in at the tenant, back on the app's dashboard. */
  async function signedInApp(extra: Record<string, string> = {}): Promise<Tab> {
    const tab = await env.session.newTab();
    await logIn(tab, env.examples, env.examples.refinePage('', extra));
    await dashboardShown(tab);
    return tab;
  }

  /** Another tab of the same session, on the dashboard. */
  async function secondTab(extra: Record<string, string> = {}): Promise<Tab> {
    const tab = await env.session.newTab();
    await tab.goto(env.examples.refinePage('', extra));
    await dashboardShown(tab);
    return tab;
  }

  /** The logout events the tab lists: `source phase` (with the reason), in order. */
  const events = (tab: Tab) =>
    tab.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => `${item.dataset.source} ${item.dataset.phase}${item.dataset.reason ? ` ${item.dataset.reason}` : ''}`),
    );
  const pathname = (tab: Tab) => tab.evaluate(() => location.pathname);
  const logoutRequests = (requests: ReturnType<typeof watchRequests>) => requests.tenantRequests().filter(({ url }) => new URL(url).pathname === '/v2/logout');

  it("(a) refine's Logout button ends the tenant session and lands on the login route", async () => {
    const tab = await signedInApp();
    const requests = watchRequests(env.examples);
    await tab.landAfter(() => tab.click('header.app-bar > button'), onRoute('login'));
    await tab.waitFor('#page[data-page="login"]');
    expect(await tab.waitFor('#logout-return')).toBe('Signed out through /v2/logout');
    expect(paths(requests.hops())).toEqual([
      ['/v2/logout', 302],
      ['/refine/login', 200],
    ]);
    const logoutUrl = new URL(requests.hops()[0]!.url);
    expect(new URL(logoutUrl.searchParams.get('returnTo')!).pathname).toBe('/refine/login');
    expect((await env.session.tenantSession()).authenticated).toBe(false);
  });

  it('(b) federated passes through the identity provider, ends both sessions, and lands on the login route', async () => {
    const tab = await signedInApp();
    const idpLogouts = env.examples.tenant.stats.idpLogouts;
    const requests = watchRequests(env.examples);
    await tab.landAfter(() => tab.click('#federated-logout'), onRoute('login'));
    expect(paths(requests.hops())).toEqual([
      ['/v2/logout', 302],
      ['/idp/logout', 302],
      ['/refine/login', 200],
    ]);
    expect(requests.hops()[0]!.url).toMatch(/&federated$/);
    expect(env.examples.tenant.stats.idpLogouts).toBe(idpLogouts + 1);
    expect(await tab.waitFor('#logout-return')).toBe('Signed out through /v2/logout, and out of the identity provider');
    expect(await env.session.tenantSession()).toEqual({ authenticated: false, idpAuthenticated: false });
  });

  it('(c) a logout in one tab sends the other to /login, with no action in it, within 2 s of hearing it completed', async () => {
    const tabA = await signedInApp();
    const tabB = await secondTab();
    const requests = watchRequests(env.examples);
    await tabA.landAfter(() => tabA.click('header.app-bar > button'), onRoute('login'));
    await tabB.waitFor('#page[data-page="login"]');
    expect(await pathname(tabB)).toBe('/refine/login');
    const timing = await tabB.evaluate(() => ({
      completedAt: Number(document.querySelector<HTMLElement>('#events li[data-phase="completed"]')?.dataset.at),
      loginAt: Number(document.documentElement.dataset.loginAt),
    }));
    expect(timing.loginAt - timing.completedAt).toBeGreaterThanOrEqual(0);
    expect(timing.loginAt - timing.completedAt).toBeLessThanOrEqual(FOLLOW_MS);
    // Tab B moved inside the app: the only documents loaded were tab A's trip to the tenant and back.
    expect(paths(requests.hops())).toEqual([
      ['/v2/logout', 302],
      ['/refine/login', 200],
    ]);
  });

  it("(d) a returnTo outside allowedLogoutUrls shows refine's Logout Error, reaches no tenant, and keeps both sessions", async () => {
    const tabA = await signedInApp();
    const tabB = await secondTab();
    const requests = watchRequests(env.examples);
    await tabA.fill('#return-to', 'https://example.com/');
    await tabA.click('#custom-logout');
    await tabA.waitFor('#notifications li[data-type="error"]');
    expect(await tabA.text('#notifications li[data-key="useLogout-error"] .notification-title')).toBe('Logout Error');
    expect(await tabA.text('#notifications li[data-key="useLogout-error"] .notification-text')).toMatch(/https:\/\/example\.com\/.*allowedLogoutUrls/);
    expect(requests.tenantRequests()).toEqual([]);
    expect(requests.hops()).toEqual([]);
    for (const tab of [tabA, tabB]) {
      expect(await pathname(tab)).toBe('/refine/');
      expect(await tab.text('#page')).toBe('Dashboard');
      expect(await events(tab)).toEqual([]);
    }
    expect((await env.session.tenantSession()).authenticated).toBe(true);
  });

  it('(e) the popup logout keeps the page, closes the popup and routes to /login', async () => {
    const tab = await signedInApp();
    const requests = watchRequests(env.examples);
    await tab.evaluate(() => {
      Object.defineProperty(window, '__sameDocument', { value: true });
    });
    await tab.click('#popup-logout');
    const popup = await tab.waitForPopup();
    await popup.waitUntilClosed();
    await tab.waitFor('#page[data-page="login"]');
    expect(await pathname(tab)).toBe('/refine/login');
    expect(await tab.evaluate(() => '__sameDocument' in window)).toBe(true);
    // Every document load was the popup's.
    expect(paths(requests.hops())).toEqual([
      ['/v2/logout', 302],
      ['/refine/signed-out', 200],
    ]);
    expect(await events(tab)).toEqual(['this-tab started', 'this-tab completed']);
    expect(await tab.texts('#notifications li')).toEqual([]);
    expect((await env.session.tenantSession()).authenticated).toBe(false);
  });

  it('(f) the idle logout moves every tab to /login, and exactly one tab reaches the tenant', async () => {
    const idle = { 'idle-ms': '3000' };
    const tabA = await signedInApp(idle);
    const tabB = await secondTab(idle);
    const requests = watchRequests(env.examples);
    for (const tab of [tabA, tabB]) await poll('the tab on /refine/login', () => pathname(tab), (path) => path === '/refine/login');
    for (const tab of [tabA, tabB]) await tab.waitFor('#page[data-page="login"]');
    expect(logoutRequests(requests)).toHaveLength(1);
    const heard = [await events(tabA), await events(tabB)].sort((a, b) => a.length - b.length);
    // The tab that left hears its own return; the other heard it start and complete.
    expect(heard).toEqual([['this-tab completed idle'], ['other-tab started idle', 'other-tab completed idle']]);
    expect((await env.session.tenantSession()).authenticated).toBe(false);
  });

  it('(g) after the Logout button, both tabs hear the same logout completed', async () => {
    const tabA = await signedInApp();
    const tabB = await secondTab();
    await tabA.landAfter(() => tabA.click('header.app-bar > button'), onRoute('login'));
    await tabA.waitFor('#events li[data-phase="completed"]');
    await tabB.waitFor('#events li[data-phase="completed"]');
    expect(await events(tabA)).toEqual(['this-tab completed']);
    expect(await events(tabB)).toEqual(['other-tab started', 'other-tab completed']);
    const ids = async (tab: Tab) => tab.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => item.dataset.id));
    const [idA] = await ids(tabA);
    expect(await ids(tabB)).toEqual([idA, idA]);
  });

  describe('the app', () => {
    it('answers its client routes with the app, and sends a signed-out visitor to /login', async () => {
      const tab = await env.session.newTab();
      await tab.goto(env.examples.refinePage('signed-out'));
      expect(await tab.waitFor('#page[data-page="signed-out"]')).toBe('Signed out');
      await tab.goto(env.examples.refinePage(''));
      await tab.waitFor('#page[data-page="login"]');
      expect(await pathname(tab)).toBe('/refine/login');
    });
  });
});
