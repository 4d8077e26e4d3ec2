// @vitest-environment node
/**
 * OpenID Connect logout from the SPA example in every engine: straight back
 * to the registered post_logout_redirect_uri with state when a hint names the
 * session, through the tenant's confirmation page when none does.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, forEngines, openSignedInSpa, useBrowserExamples, watchRequests } from './harness';

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  /** The registered post_logout_redirect_uri (examples/tenant.config.json), with the state the tenant appended. */
  const isOidcReturn = (url: string) => url.startsWith(`${env.examples.pagesUrl}/spa/?oidc=done&state=`);

  describe('oidcLogout from the SPA', () => {
    it('with logout_hint, lands on post_logout_redirect_uri with state echoed, signed out', async () => {
      const tab = await openSignedInSpa(env);
      const { sid } = await env.session.tenantSession();
      const requests = watchRequests(env.examples);
      const landed = await tab.landAfter(() => tab.click('button[data-action="oidc-logout-hint"]'), isOidcReturn);

      const request = new URL(requests.hops()[0]!.url);
      expect(request.origin + request.pathname).toBe(`${env.examples.tenantUrl}/oidc/logout`);
      expect(Object.fromEntries(request.searchParams)).toMatchObject({
        logout_hint: sid,
        client_id: CLIENT_ID,
        post_logout_redirect_uri: `${env.examples.pagesUrl}/spa/?oidc=done`,
      });
      const sentState = request.searchParams.get('state');
      expect(sentState).toMatch(/^[\da-f]{32}$/);
      expect(new URL(landed).searchParams.get('state')).toBe(sentState);
      expect(await tab.waitFor('#oidc-result', /./)).toBe('Back from OIDC logout; state matches.');
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });

    it('without a hint, shows the confirmation page, and logs out only once confirmed', async () => {
      const tab = await openSignedInSpa(env);
      const confirmation = await tab.landAfter(() => tab.click('button[data-action="oidc-logout"]'), (url) => url.startsWith(`${env.examples.tenantUrl}/oidc/logout`));
      expect(new URL(confirmation).searchParams.has('logout_hint')).toBe(false);
      expect(await tab.text('h1')).toBe('Log out?');
      expect((await env.session.tenantSession()).authenticated).toBe(true);

      await tab.landAfter(() => tab.click('button[name="confirm"]'), isOidcReturn);
      expect(await tab.waitFor('#oidc-result', /./)).toBe('Back from OIDC logout; state matches.');
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });
  });
});
