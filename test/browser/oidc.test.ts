// @vitest-environment node
/**
 * OpenID Connect logout from the SPA example in every engine: straight back
 * to the registered post_logout_redirect_uri with state when a hint names the
 * session, through the tenant's confirmation page when none does, by GET or
 * by a form POST. The SDK makes the `state`; the page it comes back to checks
 * the echo with handleLogoutReturn, which takes it out of the address bar.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, forEngines, openSignedInSpa as openSignedIn, openSpa, useBrowserExamples, watchRequests, type BrowserTestEnv, type Hop, type Tab } from './harness';

/** A signed-in SPA tab with "More ways to log out" open, where the OIDC buttons are. */
async function openSignedInSpa(env: BrowserTestEnv): Promise<Tab> {
  const tab = await openSignedIn(env);
  await tab.click('#more-ways > summary');
  return tab;
}

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  /** The registered post_logout_redirect_uri (examples/tenant.config.json). */
  const oidcReturn = () => `${env.examples.pagesUrl}/spa/?oidc=done`;
  /** That page, loaded: with the state the tenant appended, or already without it once handleLogoutReturn has checked it. */
  const isOidcReturn = (url: string) => url.startsWith(oidcReturn());
  /** The `state` the tenant echoed, as the pages' server saw the return. */
  const echoedState = (hops: Hop[]) => {
    const back = hops.find((hop) => hop.url.startsWith(`${oidcReturn()}&state=`));
    return back && new URL(back.url).searchParams.get('state');
  };

  /** What the page shows once back and checked: the echo matched, the return counted, `state` gone from the address bar. */
  async function expectCheckedReturn(tab: Tab): Promise<void> {
    // One banner says it: the return counted, its state checked.
    expect(await tab.waitFor('#logout-return', /./)).toBe('Signed out through /oidc/logout; state checked');
    expect(await tab.evaluate(() => document.querySelectorAll('.status-lines .status:not([hidden]):not(:empty)').length)).toBe(1);
    expect(await tab.url()).toBe(oidcReturn());
    expect(await tab.texts('#events li[data-source="this-tab"][data-phase="completed"]')).toEqual([`this-tab completed: /oidc/logout, returnTo ${oidcReturn()}, federated false`]);
  }

  describe('oidcLogout from the SPA', () => {
    it('with logout_hint, lands on post_logout_redirect_uri with state echoed, signed out', async () => {
      const tab = await openSignedInSpa(env);
      const { sid } = await env.session.tenantSession();
      const requests = watchRequests(env.examples);
      await tab.landAfter(() => tab.click('button[data-action="oidc-logout-hint"]'), isOidcReturn);

      const request = new URL(requests.hops()[0]!.url);
      expect(request.origin + request.pathname).toBe(`${env.examples.tenantUrl}/oidc/logout`);
      expect(Object.fromEntries(request.searchParams)).toMatchObject({
        logout_hint: sid,
        client_id: CLIENT_ID,
        post_logout_redirect_uri: oidcReturn(),
      });
      // No state in the call: the SDK made this one.
      const sentState = request.searchParams.get('state');
      expect(sentState).toMatch(/^[\da-f]{32}$/);
      expect(echoedState(requests.hops())).toBe(sentState);
      await expectCheckedReturn(tab);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it('without a hint, shows the confirmation page, and logs out only once confirmed', async () => {
      const tab = await openSignedInSpa(env);
      const confirmation = await tab.landAfter(() => tab.click('button[data-action="oidc-logout"]'), (url) => url.startsWith(`${env.examples.tenantUrl}/oidc/logout`));
      expect(new URL(confirmation).searchParams.has('logout_hint')).toBe(false);
      expect(await tab.text('h1')).toBe('Log out?');
      expect((await env.session.tenantSession()).authenticated).toBe(true);

      await tab.landAfter(() => tab.click('button[name="confirm"]'), isOidcReturn);
      await expectCheckedReturn(tab);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it("with httpMethod 'POST', sends the parameters in a form body, not the URL, and comes back the same way", async () => {
      const tab = await openSignedInSpa(env);
      const requests = watchRequests(env.examples);
      await tab.landAfter(() => tab.click('button[data-action="oidc-logout-post"]'), isOidcReturn);

      const post = requests.tenantRequests().find((request) => new URL(request.url).pathname === '/oidc/logout')!;
      expect([post.method, post.url, post.dest]).toEqual(['POST', `${env.examples.tenantUrl}/oidc/logout`, 'document']);
      // The session's logout_hint went along, so the tenant asked nothing: straight back.
      expect(requests.hops().map(({ url, status }) => [new URL(url).pathname, status])).toEqual([
        ['/oidc/logout', 302],
        ['/spa/', 200],
      ]);
      expect(echoedState(requests.hops())).toMatch(/^[\da-f]{32}$/);
      await expectCheckedReturn(tab);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it('a state this tab did not send is not taken for a logout', async () => {
      const tab = await openSpa(env, { oidc: 'done', state: 'f'.repeat(32) });
      expect(await tab.text('#logout-return')).toMatch(/^Back on the OIDC return page, but not from a logout of this tab \(its state is not the one this tab sent\)/);
      expect(await tab.attribute('.status:has(#logout-return)', 'data-kind')).toBe('warn');
      expect(await tab.texts('#events li')).toEqual([]);
    });
  });
});
