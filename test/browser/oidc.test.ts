// @vitest-environment node
/**
 * OpenID Connect logout from the SPA example in Chromium: straight back to
 * the registered post_logout_redirect_uri with state when a hint names the
 * session, through the tenant's confirmation page when none does.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, landAfter, openSignedInSpa, recordHops, sessionOf, useBrowserExamples } from './harness';

const env = useBrowserExamples();

/** The registered post_logout_redirect_uri (examples/tenant.config.json), with the state the tenant appended. */
const isOidcReturn = (url: string) => url.startsWith(`${env.examples.pagesUrl}/spa/?oidc=done&state=`);

describe('oidcLogout from the SPA', () => {
  it('with logout_hint, lands on post_logout_redirect_uri with state echoed, signed out', async () => {
    const page = await openSignedInSpa(env);
    const { sid } = await sessionOf(env.context, env.examples.tenantUrl);
    const hops = recordHops(page);
    const landed = await landAfter(page, () => page.click('button[data-action="oidc-logout-hint"]'), isOidcReturn);

    const request = new URL(hops[0]!.url);
    expect(request.origin + request.pathname).toBe(`${env.examples.tenantUrl}/oidc/logout`);
    expect(Object.fromEntries(request.searchParams)).toMatchObject({
      logout_hint: sid,
      client_id: CLIENT_ID,
      post_logout_redirect_uri: `${env.examples.pagesUrl}/spa/?oidc=done`,
    });
    const sentState = request.searchParams.get('state');
    expect(sentState).toMatch(/^[\da-f]{32}$/);
    expect(new URL(landed).searchParams.get('state')).toBe(sentState);
    expect(await page.textContent('#oidc-result')).toBe('Back from OIDC logout; state matches.');
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(false);
  });

  it('without a hint, shows the confirmation page, and logs out only once confirmed', async () => {
    const page = await openSignedInSpa(env);
    const confirmation = await landAfter(page, () => page.click('button[data-action="oidc-logout"]'), (url) => url.startsWith(`${env.examples.tenantUrl}/oidc/logout`));
    expect(new URL(confirmation).searchParams.has('logout_hint')).toBe(false);
    expect(await page.textContent('h1')).toBe('Log out?');
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(true);

    await landAfter(page, () => page.click('button[name="confirm"]'), isOidcReturn);
    expect(await page.textContent('#oidc-result')).toBe('Back from OIDC logout; state matches.');
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(false);
  });
});
