// @vitest-environment node
/**
 * The script-tag example in Chromium: the UMD bundle, Auth0's documented
 * snippet, the `auth0` global and the checks that keep a bad returnTo from
 * ever leaving the page.
 */
import { describe, expect, it } from 'vitest';
import type * as Sdk from '../../src/index';
import { CLIENT_ID, landAfter, recordDialogs, recordHops, sessionOf, tenantCookieNames, useBrowserExamples } from './harness';

const env = useBrowserExamples();

describe('the documented snippet on the script-tag page', () => {
  it('logs in, logs out through /v2/logout, lands on returnTo, and the session cookie is gone', async () => {
    const page = await env.context.newPage();
    const returnTo = env.examples.returnTo('/script-tag/');
    await page.goto(env.examples.page('/script-tag/', { visit: 'start' }));
    await page.locator('#session-status', { hasText: /^signed out$/ }).waitFor();

    await landAfter(page, () => page.click('#login'), (url) => url === returnTo);
    await page.locator('#session-status', { hasText: /^signed in$/ }).waitFor();
    expect(await tenantCookieNames(env.context, env.examples.tenantUrl)).toEqual(['idp_session', 'tenant_session']);

    const hops = recordHops(page);
    await landAfter(page, () => page.click('#logout'), (url) => url === returnTo);
    expect(hops.map((hop) => hop.status)).toEqual([302, 200]);
    const logoutUrl = new URL(hops[0]!.url);
    expect(logoutUrl.origin + logoutUrl.pathname).toBe(`${env.examples.tenantUrl}/v2/logout`);
    expect(logoutUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(logoutUrl.searchParams.get('returnTo')).toBe(returnTo);

    await page.locator('#session-status', { hasText: /^signed out$/ }).waitFor();
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(false);
    expect(await tenantCookieNames(env.context, env.examples.tenantUrl)).toEqual(['idp_session']);
    expect(await page.textContent('#error')).toBe('');
  });
});

describe('the auth0 global', () => {
  it('is the only global the UMD bundle adds, and holds the SDK', async () => {
    await env.context.addInitScript(() => Object.defineProperty(window, '__keysBeforeScripts', { value: Object.keys(window) }));
    const page = await env.context.newPage();
    await page.goto(env.examples.page('/script-tag/'));
    const { added, members } = await page.evaluate(() => {
      const before = (window as unknown as { __keysBeforeScripts: string[] }).__keysBeforeScripts;
      const sdk = (window as unknown as { auth0: typeof Sdk }).auth0;
      return { added: Object.keys(window).filter((key) => !before.includes(key)), members: Object.keys(sdk) };
    });
    expect(added).toEqual(['auth0']);
    expect(members).toEqual(expect.arrayContaining(['WebAuth', 'WebAuthError', 'buildLogoutUrl', 'buildOidcLogoutUrl', 'isAllowedLogoutUrl', 'version']));
  });
});

describe('a returnTo that is not an absolute http(s) URL', () => {
  it.each(['javascript:alert(1)', '/x'])('%s: logout rejects with invalid_return_to and the page stays', async (returnTo) => {
    const page = await env.context.newPage();
    const dialogs = recordDialogs(page);
    const start = env.examples.page('/script-tag/');
    await page.goto(start);
    const hops = recordHops(page);
    const outcome = await page.evaluate(
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
    expect(page.url()).toBe(start);
    expect(hops).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
