// @vitest-environment node
/**
 * The SPA example in Chromium: `import { WebAuth } from 'webauth-logout'`
 * bundled by esbuild, every /v2/logout variant against the local tenant, and
 * what happens to a returnTo the tenant or the SDK refuses.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, landAfter, openSignedInSpa, recordDialogs, recordHops, runSpaAction, sessionOf, spaReady, tenantCookieNames, useBrowserExamples } from './harness';

const env = useBrowserExamples();

/** A signed-in SPA tab that says so. */
async function signedInSpa(): Promise<Page> {
  const page = await openSignedInSpa(env);
  expect(await page.textContent('#session-status')).toBe('signed in');
  return page;
}

const logoutHop = (hops: { url: string }[]) => new URL(hops.find((hop) => hop.url.startsWith(`${env.examples.tenantUrl}/v2/logout`))!.url);

describe('the ESM bundle', () => {
  it('runs as a module and adds no global', async () => {
    await env.context.addInitScript(() => Object.defineProperty(window, '__keysBeforeScripts', { value: Object.keys(window) }));
    const page = await env.context.newPage();
    await page.goto(env.examples.page('/spa/'));
    await spaReady(page);
    expect(await page.textContent('#client-id')).toBe(CLIENT_ID);
    const added = await page.evaluate(() => Object.keys(window).filter((key) => !(window as unknown as { __keysBeforeScripts: string[] }).__keysBeforeScripts.includes(key)));
    expect(added).toEqual([]);
    expect(await page.evaluate(() => 'auth0' in window)).toBe(false);
  });
});

describe('/v2/logout from the SPA', () => {
  it('logout(url), the string shorthand, lands on that URL signed out', async () => {
    const page = await signedInSpa();
    const hops = recordHops(page);
    const returnTo = env.examples.returnTo('/spa/');
    await landAfter(page, () => page.click('button[data-action="logout-shorthand"]'), (url) => url === returnTo);
    expect(logoutHop(hops).searchParams.get('returnTo')).toBe(returnTo);
    await spaReady(page);
    expect(await page.textContent('#session-status')).toBe('signed out');
    expect(await tenantCookieNames(env.context, env.examples.tenantUrl)).not.toContain('tenant_session');
  });

  it('federated passes through the identity provider, ends both sessions, and lands on returnTo', async () => {
    const page = await signedInSpa();
    const idpLogouts = env.examples.tenant.stats.idpLogouts;
    const hops = recordHops(page);
    const returnTo = env.examples.returnTo('/spa/');
    await landAfter(page, () => page.click('button[data-action="logout-federated"]'), (url) => url === returnTo);
    expect(hops.map(({ url, status }) => [new URL(url).pathname, status])).toEqual([
      ['/v2/logout', 302],
      ['/idp/logout', 302],
      ['/spa/', 200],
    ]);
    expect(logoutHop(hops).search).toMatch(/&federated$/);
    expect(env.examples.tenant.stats.idpLogouts).toBe(idpLogouts + 1);
    expect(await sessionOf(env.context, env.examples.tenantUrl)).toEqual({ authenticated: false, idpAuthenticated: false });
  });

  it("without returnTo lands on the application's first Allowed Logout URL", async () => {
    const page = await signedInSpa();
    const hops = recordHops(page);
    await landAfter(page, () => page.click('button[data-action="logout-no-return-to"]'), (url) => url === `${env.examples.pagesUrl}/`);
    expect(logoutHop(hops).searchParams.has('returnTo')).toBe(false);
    expect(await page.textContent('h1')).toBe('webauth-logout examples');
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(false);
  });

  it("without client_id is matched against the tenant's list and lands there", async () => {
    const page = await signedInSpa();
    const hops = recordHops(page);
    const signedOut = `${env.examples.pagesUrl}/signed-out.html`;
    await landAfter(page, () => page.click('button[data-action="logout-no-client-id"]'), (url) => url === signedOut);
    const logoutUrl = logoutHop(hops);
    expect(logoutUrl.searchParams.has('client_id')).toBe(false);
    expect(logoutUrl.searchParams.get('returnTo')).toBe(signedOut);
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(false);
  });
});

describe('a returnTo outside Allowed Logout URLs', () => {
  const outside = 'https://evil.example.net/landing';

  it("ends on the tenant's 400 page, without a redirect, still signed in", async () => {
    const page = await signedInSpa();
    const hops = recordHops(page);
    await page.fill('#custom-return-to', outside);
    const landed = await landAfter(page, () => page.click('button[data-action="logout-custom"]'), (url) => url.startsWith(`${env.examples.tenantUrl}/v2/logout`));
    expect(hops.map((hop) => hop.status)).toEqual([400]);
    expect(new URL(landed).searchParams.get('returnTo')).toBe(outside);
    expect(await page.textContent('body')).toContain(`The "returnTo" querystring parameter "${outside}" is not defined as a valid URL in "Allowed Logout URLs".`);
    // Decision (as at Auth0): the request is checked before the session ends.
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(true);
    expect(await tenantCookieNames(env.context, env.examples.tenantUrl)).toContain('tenant_session');
  });

  it('is refused before leaving with returnto_not_allowed when the constructor has allowedLogoutUrls', async () => {
    const page = await signedInSpa();
    const start = page.url();
    const hops = recordHops(page);
    await page.fill('#custom-return-to', outside);
    await page.check('#fail-fast');
    expect(await runSpaAction(page, 'logout-custom')).toBe('rejected');
    expect(await page.getAttribute('#error', 'data-code')).toBe('returnto_not_allowed');
    expect(page.url()).toBe(start);
    expect(hops).toEqual([]);
    // Refused before anyone is told: no onLogout event.
    expect(await page.locator('#events li').count()).toBe(0);
  });
});

describe('a returnTo that is not an absolute http(s) URL, typed into the SPA', () => {
  it.each(['javascript:alert(1)', '/x'])('%s: rejected with invalid_return_to, the page stays', async (returnTo) => {
    const page = await env.context.newPage();
    const dialogs = recordDialogs(page);
    await page.goto(env.examples.page('/spa/'));
    await spaReady(page);
    const start = page.url();
    const hops = recordHops(page);
    await page.fill('#custom-return-to', returnTo);
    expect(await runSpaAction(page, 'logout-custom')).toBe('rejected');
    expect(await page.getAttribute('#error', 'data-code')).toBe('invalid_return_to');
    expect(await page.textContent('#error')).toMatch(/^WebAuthError \(invalid_return_to\): returnTo option is not valid/);
    expect(page.url()).toBe(start);
    expect(hops).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
