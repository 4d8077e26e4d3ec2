// @vitest-environment node
/**
 * The script-tag example in every engine: the UMD bundle, Auth0's documented
 * snippet, the `auth0` global and the checks that keep a bad returnTo from
 * ever leaving the page.
 */
import { describe, expect, it } from 'vitest';
import type * as Sdk from '../../src/index';
import { CLIENT_ID, dialogsIn, forEngines, globalsAddedIn, noteGlobalsBeforeScripts, useBrowserExamples, watchDialogs, watchRequests } from './harness';

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  describe('the documented snippet on the script-tag page', () => {
    it('logs in, logs out through /v2/logout, lands on returnTo, and the session cookie is gone', async () => {
      const tab = await env.session.newTab();
      const returnTo = env.examples.returnTo('/script-tag/');
      await tab.goto(env.examples.page('/script-tag/', { visit: 'start' }));
      await tab.waitFor('#session-status', /^signed out$/);

      await tab.landAfter(() => tab.click('#login'), (url) => url === returnTo);
      await tab.waitFor('#session-status', /^signed in$/);
      expect(await env.session.tenantCookieNames()).toEqual(['idp_session', 'tenant_session']);

      const requests = watchRequests(env.examples);
      await tab.landAfter(() => tab.click('#logout'), (url) => url === returnTo);
      const hops = requests.hops();
      expect(hops.map((hop) => hop.status)).toEqual([302, 200]);
      const logoutUrl = new URL(hops[0]!.url);
      expect(logoutUrl.origin + logoutUrl.pathname).toBe(`${env.examples.tenantUrl}/v2/logout`);
      expect(logoutUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(logoutUrl.searchParams.get('returnTo')).toBe(returnTo);
      expect(hops[1]!.url).toBe(returnTo);

      await tab.waitFor('#session-status', /^signed out$/);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
      expect(await env.session.tenantCookieNames()).toEqual(['idp_session']);
      expect(await tab.text('#error')).toBe('');
    });
  });

  describe('the auth0 global', () => {
    it('is the only global the UMD bundle adds, and holds the SDK', async () => {
      await noteGlobalsBeforeScripts(env.session);
      const tab = await env.session.newTab();
      await tab.goto(env.examples.page('/script-tag/'));
      expect(await globalsAddedIn(tab)).toEqual(['auth0']);
      const members = await tab.evaluate(() => Object.keys((window as unknown as { auth0: typeof Sdk }).auth0));
      expect(members).toEqual(expect.arrayContaining(['WebAuth', 'WebAuthError', 'buildLogoutUrl', 'buildOidcLogoutUrl', 'isAllowedLogoutUrl', 'version']));
    });

    it('builds the OIDC logout URL with the standalone buildOidcLogoutUrl(config, options); an instance has no such method', async () => {
      const tab = await env.session.newTab();
      await tab.goto(env.examples.page('/script-tag/'));
      const built = await tab.evaluate(
        ({ domain, clientID, uri }) => {
          const { WebAuth, buildOidcLogoutUrl } = (window as unknown as { auth0: typeof Sdk }).auth0;
          return {
            url: buildOidcLogoutUrl({ domain, clientID, _sendTelemetry: false }, { postLogoutRedirectUri: uri, state: 's1' }),
            method: typeof (new WebAuth({ domain, clientID }) as unknown as Record<string, unknown>).buildOidcLogoutUrl,
          };
        },
        { domain: env.examples.tenantUrl, clientID: CLIENT_ID, uri: `${env.examples.pagesUrl}/spa/?oidc=done` },
      );
      expect(built.url).toBe(
        `${env.examples.tenantUrl}/oidc/logout?client_id=${CLIENT_ID}&post_logout_redirect_uri=${encodeURIComponent(`${env.examples.pagesUrl}/spa/?oidc=done`)}&state=s1`,
      );
      expect(built.method).toBe('undefined');
    });
  });

  describe('a returnTo that is not an absolute http(s) URL', () => {
    it.each(['javascript:alert(1)', '/x'])('%s: logout rejects with invalid_return_to and the page stays', async (returnTo) => {
      await watchDialogs(env.session);
      const tab = await env.session.newTab();
      const start = env.examples.page('/script-tag/');
      await tab.goto(start);
      const requests = watchRequests(env.examples);
      const outcome = await tab.evaluate(
        async ({ domain, clientID, returnTo }) => {
          const { WebAuth, WebAuthError } = (window as unknown as { auth0: typeof Sdk }).auth0;
          try {
            await new WebAuth({ domain, clientID }).logout({ returnTo, client_id: clientID });
            return { settled: 'resolved' };
          } catch (error) {
            return { settled: 'rejected', isWebAuthError: error instanceof WebAuthError, code: (error as Sdk.WebAuthError).code };
          }
        },
        { domain: env.examples.tenantUrl, clientID: CLIENT_ID, returnTo },
      );
      expect(outcome).toEqual({ settled: 'rejected', isWebAuthError: true, code: 'invalid_return_to' });
      // The SDK checks before it navigates, so by the time the promise settles nothing can have started.
      expect(await tab.url()).toBe(start);
      expect(requests.hops()).toEqual([]);
      expect(await dialogsIn(tab)).toEqual([]);
    });
  });
});
