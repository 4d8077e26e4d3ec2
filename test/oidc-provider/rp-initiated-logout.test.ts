// @vitest-environment node
/**
 * OpenID Connect RP-Initiated Logout 1.0 against an OpenID Certified provider
 * (panva's oidc-provider 9, ./provider.ts), not our emulated tenant, in every
 * engine: the RP page (./pages/rp/) signs in through the authorization code
 * flow, logs out with oidcLogout by GET and by form POST, confirms on the
 * provider's logout page (oidc-provider asks whenever its session is signed
 * in, id_token_hint or not), and comes back to its post_logout_redirect_uri,
 * where handleLogoutReturn recognises the echoed state.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEngines, useBrowserExamples, type Tab } from '../browser/harness';
import { CLIENT_ID, CONFIRM_LOGOUT, startOidcProvider, type EndSessionRequest, type OidcProviderFixture, type SignedIn } from './provider';

let op: OidcProviderFixture;
beforeAll(async () => {
  op = await startOidcProvider();
}, 60_000);
afterAll(() => op?.close());

forEngines(['chromium', 'firefox', 'webkit'], (engine) => {
  const env = useBrowserExamples(engine);

  const isEndSession = (url: string) => url.startsWith(`${op.issuer}/oidc/logout`);
  const isRpPage = (url: string) => url.startsWith(`${op.pagesUrl}/rp/`);

  /** Opens the RP page and waits for its handleLogoutReturn to settle. */
  async function openRp(tab: Tab, url = op.rpPage): Promise<string | null> {
    await tab.goto(url);
    await tab.waitFor('body[data-returned="true"]');
    return tab.text('#return');
  }

  /** A new tab of the test's session, signed in at the provider, on the RP page. */
  async function openSignedInRp(): Promise<{ tab: Tab; signedIn: SignedIn }> {
    const tab = await env.session.newTab();
    const signedIn = await op.signIn(tab);
    expect(signedIn.claims).toMatchObject({ iss: op.issuer, aud: CLIENT_ID, sub: 'alice', sid: expect.any(String) });
    expect(op.hasSession(signedIn.claims.sid!)).toBe(true);
    expect(await op.silentAuthorization(tab)).toBe('code');
    expect(await openRp(tab)).toBe('undefined');
    return { tab, signedIn };
  }

  /** Clicks the RP's logout button with oidcLogout's `options`; resolves with the provider's logout page once it has loaded. */
  async function logOut(tab: Tab, options: Record<string, unknown>): Promise<string> {
    await tab.evaluate((json) => {
      document.getElementById('logout')!.dataset.options = json;
    }, JSON.stringify(options));
    try {
      return await tab.landAfter(() => tab.click('#logout'), isEndSession);
    } catch (error) {
      const reported = await tab.text('#error').catch(() => null);
      throw reported ? new Error(`oidcLogout rejected: ${reported}`) : error;
    }
  }

  /** The last end_session request oidc-provider handled. */
  const lastEndSession = (): EndSessionRequest | undefined => op.endSessionRequests.at(-1);

  /** The URL the provider sent the browser back to, as the RP's server saw the navigation (the page may since have rewritten its address bar). */
  const returnHop = (since: number) =>
    op.requests.slice(since).filter((request) => request.dest === 'document' && isRpPage(request.url)).at(-1)?.url;

  /** The onLogout events a tab's RP page listed, as `phase/source`. */
  const events = (tab: Tab) =>
    tab.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => `${item.dataset.phase}/${item.dataset.source}`));

  /** Confirms on the provider's page and waits for the RP page's handleLogoutReturn; returns the hop back and what it resolved. */
  async function confirmAndReturn(tab: Tab): Promise<{ hop: string | undefined; result: unknown }> {
    const since = op.requests.length;
    await tab.landAfter(() => tab.click(CONFIRM_LOGOUT), isRpPage);
    await tab.waitFor('body[data-returned="true"]');
    const text = (await tab.text('#return')) ?? '';
    if (!text.startsWith('{')) throw new Error(`handleLogoutReturn did not resolve a LogoutReturn: ${text}`);
    return { hop: returnHop(since), result: JSON.parse(text) };
  }

  /** Confirms at the provider, and expects the page back with `state` echoed, recognised by handleLogoutReturn, and `state` gone from the address bar. */
  async function confirmAndExpectReturn(tab: Tab, state: string): Promise<void> {
    const { hop, result } = await confirmAndReturn(tab);
    expect(hop).toBe(`${op.rpPage}&state=${state}`);
    expect(result).toMatchObject({ endpoint: 'oidc', returnTo: op.rpPage, state, federated: false });
    expect(await tab.url()).toBe(op.rpPage);
  }

  /** The provider's session is gone from its storage, no code comes without a login, and the grant's access token is refused. */
  async function expectSignedOut(tab: Tab, signedIn: SignedIn, endedBefore: number): Promise<void> {
    expect(op.endedSessions()).toBe(endedBefore + 1);
    expect(op.hasSession(signedIn.claims.sid!)).toBe(false);
    expect(await op.userinfoStatus(signedIn.accessToken)).toBe(401);
    expect(await op.silentAuthorization(tab)).toBe('login_required');
  }

  describe('the provider fixture, without the SDK', () => {
    it('signs in, and ends the session at /oidc/logout reached by URL, back at post_logout_redirect_uri with state', async () => {
      const tab = await env.session.newTab();
      const signedIn = await op.signIn(tab);
      expect(op.hasSession(signedIn.claims.sid!)).toBe(true);
      expect(await op.userinfoStatus(signedIn.accessToken)).toBe(200);
      expect(await op.silentAuthorization(tab)).toBe('code');
      const ended = op.endedSessions();

      const query = new URLSearchParams({ id_token_hint: signedIn.idToken, post_logout_redirect_uri: op.rpPage, state: 'by-url' });
      await tab.goto(`${op.issuer}/oidc/logout?${query}`);
      expect(await tab.text('h1')).toMatch(/^Do you want to sign out from 127\.0\.0\.1:\d+\?$/);
      const since = op.requests.length;
      await tab.landAfter(() => tab.click(CONFIRM_LOGOUT), isRpPage);
      expect(returnHop(since)).toBe(`${op.rpPage}&state=by-url`);
      await expectSignedOut(tab, signedIn, ended);
    });

    it('takes a form POST to /oidc/logout from the RP page, its session cookie sent along', async () => {
      const tab = await env.session.newTab();
      const signedIn = await op.signIn(tab);
      await openRp(tab);
      const ended = op.endedSessions();

      const fields = { id_token_hint: signedIn.idToken, post_logout_redirect_uri: op.rpPage, state: 'by-form' };
      await tab.landAfter(
        () =>
          tab.evaluate(
            ([action, entries]) => {
              const form = document.createElement('form');
              form.method = 'POST';
              form.action = action;
              for (const [name, value] of entries) form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
              document.body.append(form);
              setTimeout(() => form.submit());
            },
            [`${op.issuer}/oidc/logout`, Object.entries(fields)] as const,
          ),
        isEndSession,
      );
      expect(lastEndSession()).toMatchObject({ method: 'POST', query: '', status: 200, params: fields });
      // The confirmation page, not the auto-submitted one oidc-provider shows when the request came without its session.
      expect(await tab.text('h1')).toMatch(/^Do you want to sign out/);
      const since = op.requests.length;
      await tab.landAfter(() => tab.click(CONFIRM_LOGOUT), isRpPage);
      expect(returnHop(since)).toBe(`${op.rpPage}&state=by-form`);
      await expectSignedOut(tab, signedIn, ended);
    });
  });

  describe('oidcLogout against oidc-provider', () => {
    it('GET with id_token_hint: the session ends, and handleLogoutReturn resolves the echoed state and takes it off the address bar', async () => {
      const { tab, signedIn } = await openSignedInRp();
      const other = await env.session.newTab();
      expect(await openRp(other)).toBe('undefined');
      const ended = op.endedSessions();
      const state = randomBytes(8).toString('hex');

      const confirmation = await logOut(tab, { idTokenHint: signedIn.idToken, postLogoutRedirectUri: op.rpPage, state });
      expect(new URL(confirmation).searchParams.get('id_token_hint')).toBe(signedIn.idToken);
      expect(lastEndSession()).toMatchObject({
        method: 'GET',
        status: 200,
        params: { id_token_hint: signedIn.idToken, client_id: CLIENT_ID, post_logout_redirect_uri: op.rpPage, state },
      });
      // Confirming is the user's part; until then the session lives.
      expect(op.endedSessions()).toBe(ended);

      await confirmAndExpectReturn(tab, state);
      expect(await events(tab)).toEqual(['completed/this-tab']);
      await other.waitFor('#events li[data-phase="completed"]');
      expect(await events(other)).toEqual(['started/other-tab', 'completed/other-tab']);
      await expectSignedOut(tab, signedIn, ended);
    });

    it('POST with id_token_hint: a form POST that oidc-provider reads from the body, with the same return', async () => {
      const { tab, signedIn } = await openSignedInRp();
      const ended = op.endedSessions();
      const state = randomBytes(8).toString('hex');
      const since = op.requests.length;

      const confirmation = await logOut(tab, { httpMethod: 'POST', idTokenHint: signedIn.idToken, postLogoutRedirectUri: op.rpPage, state });
      // Nothing in the address bar or the request target: the hint went in the body.
      expect(confirmation).toBe(`${op.issuer}/oidc/logout`);
      expect(op.requests.slice(since).find((request) => isEndSession(request.url))).toMatchObject({ method: 'POST', dest: 'document', status: 200 });
      expect(lastEndSession()).toMatchObject({
        method: 'POST',
        query: '',
        status: 200,
        params: { id_token_hint: signedIn.idToken, post_logout_redirect_uri: op.rpPage, state },
      });
      expect(op.endedSessions()).toBe(ended);

      await confirmAndExpectReturn(tab, state);
      expect(await events(tab)).toEqual(['completed/this-tab']);
      await expectSignedOut(tab, signedIn, ended);
    });

    it('GET with neither hint nor state: client_id names the client, and the state oidcLogout made comes back', async () => {
      const { tab, signedIn } = await openSignedInRp();
      const ended = op.endedSessions();

      await logOut(tab, { postLogoutRedirectUri: op.rpPage });
      const request = lastEndSession();
      expect(request).toMatchObject({ method: 'GET', status: 200, params: { client_id: CLIENT_ID, post_logout_redirect_uri: op.rpPage } });
      expect(request?.params.id_token_hint).toBeUndefined();
      const state = request?.params.state;
      expect(state).toMatch(/^[\da-f]{32}$/);

      await confirmAndExpectReturn(tab, String(state));
      await expectSignedOut(tab, signedIn, ended);
    });

    it('a forged state, while a logout is pending, resolves undefined and abandons the pending logout; the session lives', async () => {
      const { tab, signedIn } = await openSignedInRp();
      const ended = op.endedSessions();
      await logOut(tab, { idTokenHint: signedIn.idToken, postLogoutRedirectUri: op.rpPage, state: randomBytes(8).toString('hex') });

      // Instead of confirming, the tab follows a link to the return page carrying another state.
      expect(await openRp(tab, `${op.rpPage}&state=forged`)).toBe('undefined');
      // This page is not the logout's return: the trip this tab left on did not come back, and the page says so.
      await tab.waitFor('#events li[data-phase="abandoned"]');
      expect(await events(tab)).toEqual(['abandoned/this-tab']);
      expect(op.endedSessions()).toBe(ended);
      expect(op.hasSession(signedIn.claims.sid!)).toBe(true);
      expect(await op.userinfoStatus(signedIn.accessToken)).toBe(200);
      expect(await op.silentAuthorization(tab)).toBe('code');
    });
  });
});
