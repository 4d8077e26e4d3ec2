// @vitest-environment node
/**
 * The SPA example in every engine: `import { WebAuth } from 'webauth-logout'`
 * bundled by esbuild, every /v2/logout variant against the local tenant, and
 * what happens to a returnTo the tenant or the SDK refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  dialogsIn,
  forEngines,
  globalsAddedIn,
  noteGlobalsBeforeScripts,
  openSignedInSpa,
  openSpa,
  runSpaAction,
  useBrowserExamples,
  watchDialogs,
  watchRequests,
  type Hop,
  type Tab,
} from './harness';

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  /** A signed-in SPA tab that says so. */
  async function signedInSpa(): Promise<Tab> {
    const tab = await openSignedInSpa(env);
    expect(await tab.text('#session-status')).toBe('signed in');
    return tab;
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

  describe('/v2/logout from the SPA', () => {
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
      const tab = await openSpa(env);
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
});
