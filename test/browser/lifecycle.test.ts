// @vitest-environment node
/**
 * The logout's lifecycle in every engine, from a test page of the example
 * pages' origin (test/browser/fixtures/lifecycle.html): popup logouts and each
 * way they fail, revocation on a slow or failing network, and an app framed
 * in a sandbox that forbids navigating the top window.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, forEngines, logIn, useBrowserExamples, watchRequests, type Tab } from './harness';

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  /** A test page pointed at the test's tenant, as the example pages are (examples/config.js reads the query). */
  const fixture = (path: string, query: Record<string, string> = {}) =>
    env.examples.fixture(path, { domain: env.examples.tenantUrl, clientID: CLIENT_ID, ...query });

  /** A signed-in tab on the lifecycle page, with its query. */
  async function openLifecycle(query: Record<string, string> = {}, signIn = true): Promise<Tab> {
    const tab = await env.session.newTab();
    if (signIn) await logIn(tab, env.examples, env.examples.returnTo('/spa/'));
    await tab.goto(fixture('lifecycle.html', query));
    await tab.waitFor('body[data-ready="true"]');
    return tab;
  }

  const result = (tab: Tab, action: string) => tab.waitFor('#result', new RegExp(`^${action} (resolved|rejected)`));
  const events = (tab: Tab) => tab.texts('#events li');
  const refreshTokenOfSession = async () => ((await env.session.tenantSession()) as { refreshToken?: string }).refreshToken;

  describe('popup logout', () => {
    it('rejects popup_blocked when not called in a click, opening nothing and announcing nothing', async () => {
      const tab = await openLifecycle({ 'popup-on-load': '' }, false);
      expect(await result(tab, 'popup')).toBe('popup rejected popup_blocked');
      expect(await env.session.windowCount()).toBe(1);
      expect(await events(tab)).toEqual([]);
    });

    it('rejects popup_closed when the user closes the popup; the opener stays and the session too', async () => {
      const tab = await openLifecycle();
      const start = await tab.url();
      await tab.click('button[data-action="oidc-popup"]');
      const popup = await tab.waitForPopup();
      // Without a hint, the tenant asks to confirm: the user closes the window instead.
      await popup.waitForUrl((url) => url.startsWith(`${env.examples.tenantUrl}/oidc/logout`), 'the confirmation page');
      await popup.close();
      expect(await result(tab, 'oidc-popup')).toBe('oidc-popup rejected popup_closed');
      expect(await tab.url()).toBe(start);
      // Every started logout ends: this one abandoned, as the popup closed before it came back.
      await tab.waitFor('#events li:nth-child(2)');
      expect(await events(tab)).toEqual(['started this-tab', 'abandoned this-tab']);
      expect((await env.session.tenantSession()).authenticated).toBe(true);
    });

    it('rejects timeout after timeoutMs and closes the popup', async () => {
      const tab = await openLifecycle({ timeout: '1500' });
      await tab.click('button[data-action="oidc-popup"]');
      const popup = await tab.waitForPopup();
      expect(await result(tab, 'oidc-popup')).toBe('oidc-popup rejected timeout');
      await popup.waitUntilClosed();
      await env.session.waitForWindowCount(1);
    });

    it('resolves once the popup is back after confirming; the popup closes itself and the tenant session is over', async () => {
      const tab = await openLifecycle();
      const start = await tab.url();
      await tab.click('button[data-action="oidc-popup"]');
      const popup = await tab.waitForPopup();
      await popup.waitForUrl((url) => url.startsWith(`${env.examples.tenantUrl}/oidc/logout`), 'the confirmation page');
      await popup.click('button[name="confirm"]');
      const outcome = await result(tab, 'oidc-popup');
      expect(outcome).toMatch(/^oidc-popup resolved /);
      const value = JSON.parse(outcome.slice('oidc-popup resolved '.length)) as Record<string, unknown>;
      expect(value).toEqual({ id: expect.stringMatching(/^[\da-f]{32}$/), endpoint: 'oidc', returnTo: `${env.examples.pagesUrl}/spa/?oidc=done`, state: expect.stringMatching(/^[\da-f]{32}$/), federated: false });
      await popup.waitUntilClosed();
      expect(await tab.url()).toBe(start);
      expect(await events(tab)).toEqual(['started this-tab', 'completed this-tab']);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });
  });

  describe('refresh-token revocation', () => {
    /** Logs out with revocation from the lifecycle page; resolves the tenant requests in order once back on /spa/. */
    async function revokeAndLeave(tab: Tab) {
      const requests = watchRequests(env.examples);
      await tab.landAfter(() => tab.click('button[data-action="revoke"]'), (url) => url.startsWith(`${env.examples.pagesUrl}/spa/`));
      return requests.tenantRequests().map(({ method, url }) => `${method} ${new URL(url).pathname}`);
    }

    it('revokes before leaving, and the revoked token is dead at the tenant', async () => {
      const tab = await openLifecycle();
      const token = await refreshTokenOfSession();
      expect(token).toEqual(expect.any(String));
      const revokedBefore = env.examples.tenant.stats.revocations;
      const order = await revokeAndLeave(tab);
      // A form body is a simple request: no preflight.
      expect(order).not.toContain('OPTIONS /oauth/revoke');
      expect(order.indexOf('POST /oauth/revoke')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('POST /oauth/revoke')).toBeLessThan(order.indexOf('GET /v2/logout'));
      expect(env.examples.tenant.stats.revocations).toBe(revokedBefore + 1);
      const refresh = await fetch(`${env.examples.tenantUrl}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: token! }),
      });
      expect(refresh.status).toBe(400);
      expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
      expect(await tab.waitFor('#logout-return', /./)).toBe('Signed out through /v2/logout; refresh token revoked');
    });

    it('a revocation endpoint that is down does not stop the logout; the return says revoked false', async () => {
      env.examples.tenant.faults.revokeUnavailable = true;
      try {
        const tab = await openLifecycle();
        const revokedBefore = env.examples.tenant.stats.revocations;
        const order = await revokeAndLeave(tab);
        expect(order).toContain('GET /v2/logout');
        expect(env.examples.tenant.stats.revocations).toBe(revokedBefore);
        expect(await tab.waitFor('#logout-return', /./)).toBe('Signed out through /v2/logout; the refresh token could not be revoked');
      } finally {
        env.examples.tenant.faults.revokeUnavailable = false;
      }
    });

    it('a revocation endpoint that does not answer in revokeTimeoutMs does not stop the logout', async () => {
      env.examples.tenant.faults.revokeDelayMs = 20_000;
      try {
        const tab = await openLifecycle({ 'revoke-timeout': '500' });
        const order = await revokeAndLeave(tab);
        expect(order).toContain('GET /v2/logout');
        expect(await tab.waitFor('#logout-return', /./)).toBe('Signed out through /v2/logout; the refresh token could not be revoked');
      } finally {
        env.examples.tenant.faults.revokeDelayMs = 0;
      }
    });
  });

  describe('an app framed in a sandbox without allow-top-navigation', () => {
    it("rejects redirectTarget 'top' with navigation_blocked: nothing leaves, nothing is announced", async () => {
      const tab = await env.session.newTab();
      const requests = watchRequests(env.examples);
      await tab.goto(fixture('sandboxed-frame.html'));
      const start = await tab.url();
      const outcome = await tab.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const frame = document.querySelector('iframe')!;
            const read = () => frame.contentDocument?.querySelector('#result')?.textContent ?? '';
            const poll = () => (/^top (resolved|rejected)/.test(read()) ? resolve(read()) : setTimeout(poll, 50));
            poll();
          }),
      );
      expect(outcome).toBe('top rejected navigation_blocked');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await tab.url()).toBe(start);
      expect(await tab.texts('#events li')).toEqual([]);
      expect(requests.tenantRequests().filter(({ url }) => url.includes('/v2/logout'))).toEqual([]);
    });
  });
});
