// @vitest-environment node
/**
 * The SPA example in every engine: `import { WebAuth } from 'webauth-logout'`
 * bundled by esbuild, the signed-in user and the one Log out button, every
 * /v2/logout variant against the local tenant (popup, revocation, framed
 * included) and what the page reads on the way back, the second tab, and
 * what happens to a returnTo the tenant or the SDK refuses, and the idle-logout
 * switch held across two tabs.
 */
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  dialogsIn,
  forEngines,
  globalsAddedIn,
  noteGlobalsBeforeScripts,
  openSignedInSpa,
  logIn,
  openSpa,
  runSpaAction,
  spaReady,
  useBrowserExamples,
  watchDialogs,
  watchRequests,
  type Hop,
  type Tab,
  type TenantSession,
} from './harness';
import { poll } from './harness/poll';

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  /** Opens "More ways to log out", where every button but the main Log out is, as a user would. */
  async function showMoreWays(tab: Tab): Promise<Tab> {
    if (!(await tab.evaluate(() => document.querySelector<HTMLDetailsElement>('#more-ways')!.open))) await tab.click('#more-ways > summary');
    return tab;
  }

  /** A signed-in SPA tab that says so, every way to log out in view. */
  async function signedInSpa(): Promise<Tab> {
    const tab = await openSignedInSpa(env);
    expect(await tab.text('#session-status')).toBe('signed in');
    return showMoreWays(tab);
  }

  const logoutHop = (hops: Hop[]) => new URL(hops.find((hop) => hop.url.startsWith(`${env.examples.tenantUrl}/v2/logout`))!.url);

  describe('the ESM bundle', () => {
    it('runs as a module and adds no global', async () => {
      await noteGlobalsBeforeScripts(env.session);
      const tab = await openSpa(env);
      expect(await tab.text('#client-id')).toBe(CLIENT_ID);
      expect(await globalsAddedIn(tab)).toEqual([]);
      expect(await tab.evaluate(() => 'auth0' in window)).toBe(false);
    });
  });

  describe('the app', () => {
    it('shows who is signed in, with their initials as the avatar, and one Log out button; every other way is in the panel', async () => {
      const tab = await openSignedInSpa(env);
      expect(await tab.text('#user-name')).toBe('Demo User');
      expect(await tab.text('#avatar')).toBe('DU');
      expect(await tab.attribute('#account', 'data-state')).toBe('signed-in');
      expect(await tab.evaluate(() => document.getElementById('login')!.hidden)).toBe(true);
      const outsidePanel = await tab.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-action]'))
          .filter((button) => !button.closest('details#more-ways'))
          .map((button) => button.dataset.action),
      );
      expect(outsidePanel).toEqual(['logout']);
      expect(await tab.evaluate(() => document.querySelector<HTMLDetailsElement>('#more-ways')!.open)).toBe(false);
    });

    it('signed out: no name, no initials, and the Log in link', async () => {
      const tab = await openSpa(env);
      expect(await tab.text('#session-status')).toBe('signed out');
      expect(await tab.text('#user-name')).toBe('Not signed in');
      expect(await tab.text('#avatar')).toBe('');
      expect(await tab.attribute('#account', 'data-state')).toBe('signed-out');
      expect(await tab.evaluate(() => document.getElementById('login')!.hidden)).toBe(false);
      // Signed out, there is nothing to log out of: no Log out beside Log in.
      expect(await tab.evaluate(() => document.querySelector<HTMLButtonElement>('button[data-action="logout"]')!.hidden)).toBe(true);
      expect(await tab.text('#logout-return')).toBe('');
    });
  });

  describe('/v2/logout from the SPA', () => {
    it('the Log out button lands back on the app signed out, and the app says how it got there', async () => {
      const tab = await openSignedInSpa(env);
      const returnTo = env.examples.returnTo('/spa/');
      await tab.landAfter(() => tab.click('button[data-action="logout"]'), (url) => url === returnTo);
      await tab.waitFor('body[data-ready="true"]');
      expect(await tab.text('#logout-return')).toBe('Signed out through /v2/logout');
      expect(await tab.text('#session-status')).toBe('signed out');
      expect(await tab.text('#user-name')).toBe('Not signed in');
      // The new document heard only the end of the logout.
      expect(await tab.texts('#events li')).toEqual([`this-tab completed: /v2/logout, returnTo ${returnTo}, federated false`]);
    });

    it('logout(url), the string shorthand, lands on that URL signed out', async () => {
      const tab = await signedInSpa();
      const requests = watchRequests(env.examples);
      const returnTo = env.examples.returnTo('/spa/');
      await tab.landAfter(() => tab.click('button[data-action="logout-shorthand"]'), (url) => url === returnTo);
      expect(logoutHop(requests.hops()).searchParams.get('returnTo')).toBe(returnTo);
      await tab.waitFor('body[data-ready="true"]');
      expect(await tab.text('#session-status')).toBe('signed out');
      expect(await env.session.tenantCookieNames()).not.toContain('tenant_session');
    });

    it('revokes the refresh token first, then logs out; the token never shows in a URL, and the return says so', async () => {
      const tab = await signedInSpa();
      const { refreshToken } = (await env.session.tenantSession()) as TenantSession & { refreshToken?: string };
      expect(refreshToken).toBeTruthy();
      const revocations = env.examples.tenant.stats.revocations;
      const requests = watchRequests(env.examples);
      const returnTo = env.examples.returnTo('/spa/');
      await tab.landAfter(() => tab.click('button[data-action="logout-revoke"]'), (url) => url === returnTo);
      expect(env.examples.tenant.stats.revocations).toBe(revocations + 1);
      const calls = requests.tenantRequests().map(({ method, url }) => `${method} ${new URL(url).pathname}`);
      expect(calls.indexOf('POST /oauth/revoke')).toBeGreaterThanOrEqual(0);
      expect(calls.indexOf('POST /oauth/revoke')).toBeLessThan(calls.indexOf('GET /v2/logout'));
      expect(requests.tenantRequests().filter(({ url }) => url.includes(refreshToken!))).toEqual([]);
      await tab.waitFor('body[data-ready="true"]');
      expect(await tab.text('#logout-return')).toBe('Signed out through /v2/logout; refresh token revoked');
      expect(await tab.texts('#events li')).toEqual([`this-tab completed: /v2/logout, returnTo ${returnTo}, federated false, refresh token revoked`]);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it('in a popup: the popup goes to the tenant and back and closes itself; the page stays, and says so', async () => {
      const tab = await signedInSpa();
      const start = await tab.url();
      const requests = watchRequests(env.examples);
      const returnTo = env.examples.returnTo('/spa/');
      await tab.click('button[data-action="logout-popup"]');
      const popup = await tab.waitForPopup();
      await popup.waitUntilClosed();
      expect(await tab.waitFor('#result', /^logout-popup (resolved|rejected)$/)).toBe('logout-popup resolved');
      expect(await tab.text('#logout-return')).toBe('Signed out through /v2/logout in a popup');
      expect(await tab.waitFor('#session-status', /^signed (in|out)$/)).toBe('signed out');
      expect(await tab.url()).toBe(start);
      // Every document load was the popup's: the page never left.
      expect(requests.hops().map(({ url, status }) => [new URL(url).pathname, status])).toEqual([
        ['/v2/logout', 302],
        ['/spa/', 200],
      ]);
      expect(logoutHop(requests.hops()).searchParams.get('returnTo')).toBe(returnTo);
      expect(await tab.texts('#events li')).toEqual([`this-tab started: /v2/logout, returnTo ${returnTo}, federated false`, `this-tab completed: /v2/logout, returnTo ${returnTo}, federated false`]);
      // One logout: both events carry its id.
      expect(new Set(await tab.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => item.dataset.id))).size).toBe(1);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it('federated passes through the identity provider, ends both sessions, and lands on returnTo', async () => {
      const tab = await signedInSpa();
      const idpLogouts = env.examples.tenant.stats.idpLogouts;
      const requests = watchRequests(env.examples);
      const returnTo = env.examples.returnTo('/spa/');
      await tab.landAfter(() => tab.click('button[data-action="logout-federated"]'), (url) => url === returnTo);
      const hops = requests.hops();
      expect(hops.map(({ url, status }) => [new URL(url).pathname, status])).toEqual([
        ['/v2/logout', 302],
        ['/idp/logout', 302],
        ['/spa/', 200],
      ]);
      expect(logoutHop(hops).search).toMatch(/&federated$/);
      expect(env.examples.tenant.stats.idpLogouts).toBe(idpLogouts + 1);
      expect(await env.session.tenantSession()).toEqual({ authenticated: false, idpAuthenticated: false });
    });

    it("without returnTo lands on the application's first Allowed Logout URL", async () => {
      const tab = await signedInSpa();
      const requests = watchRequests(env.examples);
      await tab.landAfter(() => tab.click('button[data-action="logout-no-return-to"]'), (url) => url === `${env.examples.pagesUrl}/`);
      expect(logoutHop(requests.hops()).searchParams.has('returnTo')).toBe(false);
      expect(await tab.text('h1')).toBe('webauth-logout examples');
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it("without client_id is matched against the tenant's list and lands there", async () => {
      const tab = await signedInSpa();
      const requests = watchRequests(env.examples);
      const signedOut = `${env.examples.pagesUrl}/signed-out.html`;
      await tab.landAfter(() => tab.click('button[data-action="logout-no-client-id"]'), (url) => url === signedOut);
      const logoutUrl = logoutHop(requests.hops());
      expect(logoutUrl.searchParams.has('client_id')).toBe(false);
      expect(logoutUrl.searchParams.get('returnTo')).toBe(signedOut);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });
  });

  describe('another tab of the app', () => {
    it("says 'Signed out in another tab' once that logout has completed, and its session line agrees", async () => {
      const tabA = await openSignedInSpa(env);
      const tabB = await openSpa(env);
      expect(await tabB.text('#session-status')).toBe('signed in');
      const returnTo = env.examples.returnTo('/spa/');
      await tabA.landAfter(() => tabA.click('button[data-action="logout"]'), (url) => url === returnTo);
      expect(await tabB.waitFor('#cross-tab', /^Signed out in another tab/)).toBe('Signed out in another tab');
      expect(await tabB.waitFor('#session-status', /^signed (in|out)$/)).toBe('signed out');
      expect(await tabB.text('#user-name')).toBe('Not signed in');
      expect(await tabB.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => `${item.dataset.source} ${item.dataset.phase}`))).toEqual([
        'other-tab started',
        'other-tab completed',
      ]);
    });
  });

  describe('in a frame', () => {
    /** The app inside examples/framed/, once ready: its session line. */
    const frameReady = (tab: Tab) =>
      poll(
        'the framed app to be ready',
        () =>
          tab.evaluate(() => {
            const frame = document.querySelector<HTMLIFrameElement>('#framed-app')?.contentDocument;
            return frame?.body?.dataset.ready === 'true' ? frame.getElementById('session-status')!.textContent : null;
          }),
        (status) => status !== null,
      );

    it("its Log out moves the whole tab (redirectTarget 'top') and comes back to the framed page, which reads the return", async () => {
      const tab = await env.session.newTab();
      const framedPage = env.examples.returnTo('/framed/');
      await logIn(tab, env.examples, framedPage);
      await tab.waitFor('body[data-ready="true"]');
      expect(await frameReady(tab)).toBe('signed in');
      const requests = watchRequests(env.examples);
      await tab.landAfter(
        () => tab.evaluate(() => document.querySelector<HTMLIFrameElement>('#framed-app')!.contentDocument!.querySelector<HTMLButtonElement>('button[data-action="logout"]')!.click()),
        (url) => url === framedPage,
      );
      const hops = requests.hops();
      // A document, not a frame, went to the tenant: the top window left.
      expect(hops.map(({ url, status }) => [new URL(url).pathname, status])).toEqual([
        ['/v2/logout', 302],
        ['/framed/', 200],
      ]);
      expect(logoutHop(hops).searchParams.get('returnTo')).toBe(framedPage);
      await tab.waitFor('body[data-ready="true"]');
      expect(await tab.text('#logout-return')).toBe('Signed out through /v2/logout, the whole tab and back');
      expect(await frameReady(tab)).toBe('signed out');
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });
  });

  describe('a returnTo outside Allowed Logout URLs', () => {
    const outside = 'https://evil.example.net/landing';

    it("ends on the tenant's 400 page, without a redirect, still signed in", async () => {
      const tab = await signedInSpa();
      const requests = watchRequests(env.examples);
      await tab.fill('#custom-return-to', outside);
      const landed = await tab.landAfter(() => tab.click('button[data-action="logout-custom"]'), (url) => url.startsWith(`${env.examples.tenantUrl}/v2/logout`));
      expect(requests.hops().map((hop) => hop.status)).toEqual([400]);
      expect(new URL(landed).searchParams.get('returnTo')).toBe(outside);
      expect(await tab.text('body')).toContain(`The "returnTo" querystring parameter "${outside}" is not defined as a valid URL in "Allowed Logout URLs".`);
      // Decision (as at Auth0): the request is checked before the session ends.
      expect((await env.session.tenantSession()).authenticated).toBe(true);
      expect(await env.session.tenantCookieNames()).toContain('tenant_session');
    });

    it('is refused before leaving with returnto_not_allowed when the constructor has allowedLogoutUrls', async () => {
      const tab = await signedInSpa();
      const start = await tab.url();
      const requests = watchRequests(env.examples);
      await tab.fill('#custom-return-to', outside);
      await tab.click('#fail-fast');
      expect(await runSpaAction(tab, 'logout-custom')).toBe('rejected');
      expect(await tab.attribute('#error', 'data-code')).toBe('returnto_not_allowed');
      expect(await tab.url()).toBe(start);
      expect(requests.hops()).toEqual([]);
      // Refused before anyone is told: no onLogout event.
      expect(await tab.texts('#events li')).toEqual([]);
    });
  });

  describe('a returnTo that is not an absolute http(s) URL, typed into the SPA', () => {
    it.each(['javascript:alert(1)', '/x'])('%s: rejected with invalid_return_to, the page stays', async (returnTo) => {
      await watchDialogs(env.session);
      const tab = await showMoreWays(await openSpa(env));
      const start = await tab.url();
      const requests = watchRequests(env.examples);
      await tab.fill('#custom-return-to', returnTo);
      expect(await runSpaAction(tab, 'logout-custom')).toBe('rejected');
      expect(await tab.attribute('#error', 'data-code')).toBe('invalid_return_to');
      expect(await tab.text('#error')).toMatch(/^WebAuthError \(invalid_return_to\): returnTo option is not valid/);
      expect(await tab.url()).toBe(start);
      expect(requests.hops()).toEqual([]);
      expect(await dialogsIn(tab)).toEqual([]);
    });
  });

  describe('idle logout', () => {
    /** Short enough for a test: the warning 1.5 s before the deadline, 3 s after the last activity. */
    const shortIdle = { 'idle-ms': '3000', 'idle-warn-ms': '1500' };
    const countdown = /^Signing out in \d s if idle$/;
    const warning = /^Still there\? You will be signed out in \d s: move the mouse or press a key\.$/;

    /** What the tab shows of the idle logout, read in one go: the switch, the countdown (null when hidden) and the warning (null when hidden). */
    const idleView = (tab: Tab) =>
      tab.evaluate(() => {
        const shown = (id: string) => {
          const element = document.getElementById(id)!;
          return element.hidden ? null : element.textContent;
        };
        return { on: document.querySelector<HTMLInputElement>('#idle-switch')!.checked, countdown: shown('idle-countdown'), warning: shown('idle-warning') };
      });

    it('the switch holds in every tab; both warn, exactly one tab logs out at the deadline, and the other says it was signed out', async () => {
      const tabA = await openSignedInSpa(env);
      await tabA.goto(env.examples.page('/spa/', shortIdle));
      await spaReady(tabA);
      const tabB = await openSpa(env, shortIdle);
      for (const tab of [tabA, tabB]) {
        expect(await tab.text('#session-status')).toBe('signed in');
        expect(await idleView(tab)).toEqual({ on: false, countdown: null, warning: null });
      }
      const requests = watchRequests(env.examples);

      await tabA.click('#idle-switch');
      // Heard in the other tab through the storage event: the switch is on there too, and its own watch runs.
      await poll('the switch to be on in tab B', () => idleView(tabB), ({ on }) => on);
      for (const tab of [tabA, tabB]) expect((await poll('a countdown', () => idleView(tab), (view) => view.countdown !== null)).countdown).toMatch(countdown);
      // Read together, since the warning lasts 1.5 s: both tabs warn before the deadline.
      await poll(
        'the warning in both tabs',
        async () => [await idleView(tabA), await idleView(tabB)],
        (views) => views.every((view) => warning.test(view.warning ?? '')),
      );

      // Mark both documents, then see which tab left for the tenant and came back.
      for (const tab of [tabA, tabB]) {
        await tab.evaluate(() => {
          Object.defineProperty(window, '__harnessOldDocument', { value: true });
        });
      }
      const newDocument = (tab: Tab) =>
        tab.evaluate(() => !('__harnessOldDocument' in window) && document.readyState === 'complete' && document.body.dataset.ready === 'true').catch(() => false);
      const [leftA, leftB] = await poll('one tab to log out and come back', async () => [await newDocument(tabA), await newDocument(tabB)], (left) => left.includes(true));
      expect([leftA, leftB].filter(Boolean)).toHaveLength(1);
      const [leaving, staying] = leftA ? [tabA, tabB] : [tabB, tabA];
      // The return URL keeps the page's idle settings, so the page that comes back is configured as it was.
      const returnTo = env.examples.page('/spa/', shortIdle);
      expect(await leaving.url()).toBe(returnTo);
      expect(await leaving.text('#logout-return')).toBe('You were signed out after 3 s without activity');

      // The other tab stayed, heard the logout and asked the tenant again; its watch is over.
      expect(await staying.waitFor('#cross-tab', /^Signed out in another tab/)).toBe('Signed out in another tab after 3 s without activity');
      expect(await staying.waitFor('#session-status', /^signed (in|out)$/)).toBe('signed out');
      expect(await idleView(staying)).toEqual({ on: true, countdown: 'Starts once you are signed in', warning: null });
      expect(await staying.evaluate(() => '__harnessOldDocument' in window)).toBe(true);
      // The tab that came back keeps the switch on, and waits for a sign-in.
      expect(await idleView(leaving)).toEqual({ on: true, countdown: 'Starts once you are signed in', warning: null });

      const logouts = requests.hops().filter(({ url }) => url.startsWith(`${env.examples.tenantUrl}/v2/logout`));
      expect(logouts).toHaveLength(1);
      expect(logoutHop(logouts).searchParams.get('returnTo')).toBe(returnTo);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it('off in one tab stops the watch in every tab', async () => {
      const tabA = await openSignedInSpa(env);
      await tabA.goto(env.examples.page('/spa/', shortIdle));
      await spaReady(tabA);
      const tabB = await openSpa(env, shortIdle);
      await tabA.click('#idle-switch');
      await poll('a countdown in tab B', () => idleView(tabB), (view) => view.on && view.countdown !== null);
      const requests = watchRequests(env.examples);
      await tabB.click('#idle-switch');
      for (const tab of [tabA, tabB]) await poll('the switch off, no countdown', () => idleView(tab), (view) => !view.on && view.countdown === null && view.warning === null);
      // Well past the deadline the watches had: neither tab logged out.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(requests.hops()).toEqual([]);
      for (const tab of [tabA, tabB]) expect(await tab.text('#session-status')).toBe('signed in');
    });
  });
});
