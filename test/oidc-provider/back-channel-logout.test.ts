// @vitest-environment node
/**
 * OpenID Connect Back-Channel Logout 1.0 against an OpenID Certified provider
 * (panva's oidc-provider 9, ./provider.ts), in every engine: the provider
 * POSTs its own logout tokens to the RP server's backchannel_logout_uri,
 * where the package's server entry (dist/back-channel.mjs) validates them,
 * and the event stream of the RP session (its HttpOnly cookie from the RP's
 * own sign-in) carries the logout to the browser, whose
 * watchBackChannelLogout tells every onLogout listener, `completed` from
 * `back-channel`. The ways a provider session ends: the RP's own oidcLogout
 * confirmed in another tab (with and without a return to the RP, where the
 * token and the return both tell the same logout, heard once), and a logout
 * at the provider that no page of the RP took part in (another app's, by
 * URL, without a hint).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEngines, useBrowserExamples, type Tab } from '../browser/harness';
import { poll } from '../browser/harness/poll';
import { CLIENT_ID, CONFIRM_LOGOUT, RP_PATHS, startOidcProvider, type BackChannelPost, type OidcProviderFixture, type SignedIn } from './provider';

let op: OidcProviderFixture;
beforeAll(async () => {
  op = await startOidcProvider();
}, 60_000);
afterAll(() => op?.close());

const BACK_CHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describe("the RP server's event stream, without a browser", () => {
  it('answers 401 to a request without the RP session cookie, or with one it never set', async () => {
    for (const cookie of [undefined, 'rp_session=forged']) {
      const answer = await fetch(op.eventsUrl, { headers: cookie ? { cookie } : {} });
      await answer.arrayBuffer();
      expect(answer.status, String(cookie)).toBe(401);
    }
  });

  it('answers 400 to a POST without a logout token, and the provider advertises back-channel logout with sid', async () => {
    const answer = await fetch(`${new URL(op.eventsUrl).origin}${RP_PATHS.logout}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=',
    });
    expect(answer.status).toBe(400);
    const discovery = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ backchannel_logout_supported: true, backchannel_logout_session_supported: true });
  });
});

forEngines(['chromium', 'firefox', 'webkit'], (engine) => {
  const env = useBrowserExamples(engine);

  const isEndSession = (url: string) => url.startsWith(`${op.issuer}/oidc/logout`);
  const isRpPage = (url: string) => url.startsWith(`${op.pagesUrl}/rp/`);

  /** Opens an RP page and waits for its handleLogoutReturn to settle. */
  async function openRp(tab: Tab, url: string): Promise<void> {
    await tab.goto(url);
    await tab.waitFor('body[data-returned="true"]');
  }

  /** The onLogout events a tab's RP page listed, as `phase/source`, and when it heard each. */
  const heard = (tab: Tab) =>
    tab.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => ({ event: `${item.dataset.phase}/${item.dataset.source}`, at: Number(item.dataset.at) })),
    );

  /** Waits until `count` event streams are open on the RP server. */
  const streamsOpen = (count: number) => poll(`${count} open event stream(s)`, async () => op.openStreams(), (open) => open === count);

  /** A new tab of the test's session, signed in at the provider and at the RP (its session cookie set). */
  async function signInToRp(): Promise<{ tab: Tab; signedIn: SignedIn }> {
    const tab = await env.session.newTab();
    const signedIn = await op.signIn(tab);
    expect(signedIn.claims).toMatchObject({ iss: op.issuer, aud: CLIENT_ID, sub: 'alice', sid: expect.any(String) });
    await op.startRpSession(tab, signedIn);
    return { tab, signedIn };
  }

  /** The one logout token posted since `since`: answered 200, in the request log and in the RP server's record, naming the session. */
  function expectAcceptedToken(since: { requests: number; posts: number }, signedIn: SignedIn): BackChannelPost {
    const logged = op.requests.slice(since.requests).filter((request) => request.url === `${op.pagesUrl}${RP_PATHS.logout}`);
    expect(logged).toEqual([expect.objectContaining({ method: 'POST', status: 200 })]);
    const posts = op.backChannelPosts.slice(since.posts);
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect({ status: post.status, answer: post.answer }).toEqual({ status: 200, answer: '' });
    expect(post.header).toMatchObject({ typ: 'logout+jwt', alg: 'RS256', kid: 'fixture-rs256' });
    // The token names the very session the RP signed in with: its sid, not merely its user.
    expect(post.claims).toMatchObject({ iss: op.issuer, aud: CLIENT_ID, sub: signedIn.claims.sub, sid: signedIn.claims.sid, events: { [BACK_CHANNEL_EVENT]: {} } });
    expect(post.claims).not.toHaveProperty('nonce');
    return post;
  }

  const mark = () => ({ requests: op.requests.length, posts: op.backChannelPosts.length });

  /** Signs in, opens the leaving RP tab and a watching one, and starts oidcLogout with `options` in the first, up to the provider's confirmation page. */
  async function startRpInitiatedLogout(options: (signedIn: SignedIn) => Record<string, unknown>) {
    const { tab: leaving, signedIn } = await signInToRp();
    await openRp(leaving, op.rpPage);
    const watching = await env.session.newTab();
    await openRp(watching, op.rpWatchPage);
    await streamsOpen(1);
    await leaving.evaluate((json) => {
      document.getElementById('logout')!.dataset.options = json;
    }, JSON.stringify(options(signedIn)));
    await leaving.landAfter(() => leaving.click('#logout'), isEndSession);
    // Until the user confirms, the session lives and no token is sent.
    const since = mark();
    expect(op.backChannelPosts).toHaveLength(since.posts);
    expect((await heard(watching)).map(({ event }) => event)).toEqual(['started/other-tab']);
    return { leaving, watching, signedIn, since };
  }

  /** The ids of the events a tab's RP page listed. */
  const ids = (tab: Tab) => tab.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => item.dataset.id));

  it("RP-initiated logout that never comes back to the RP: the provider's logout token completes it in the other tab, after the POST", async () => {
    // No post_logout_redirect_uri: the provider ends on its own "Sign-out success" page, and no page of the RP hears a return.
    const { leaving, watching, signedIn, since } = await startRpInitiatedLogout(({ idToken }) => ({ idTokenHint: idToken }));
    await leaving.click(CONFIRM_LOGOUT);
    await leaving.waitFor('h1', 'Sign-out success');
    const post = expectAcceptedToken(since, signedIn);
    expect(op.hasSession(signedIn.claims.sid!)).toBe(false);

    await watching.waitFor('#events li[data-source="back-channel"]');
    const events = await heard(watching);
    expect(events.map(({ event }) => event)).toEqual(['started/other-tab', 'completed/back-channel']);
    expect(events[1]!.at).toBeGreaterThanOrEqual(post.receivedAt);
    // The end of the very logout the tab saw start: one id.
    expect(new Set(await ids(watching)).size).toBe(1);
    await streamsOpen(0);
  });

  it('RP-initiated logout that comes back: the token is accepted, and the other tab hears one end of it, whichever way came first', async () => {
    const state = randomBytes(8).toString('hex');
    const { leaving, watching, signedIn, since } = await startRpInitiatedLogout(({ idToken }) => ({ idTokenHint: idToken, postLogoutRedirectUri: op.rpPage, state }));
    await leaving.landAfter(() => leaving.click(CONFIRM_LOGOUT), isRpPage);
    const post = expectAcceptedToken(since, signedIn);
    expect(op.hasSession(signedIn.claims.sid!)).toBe(false);

    await watching.waitFor('#events li[data-phase="completed"]');
    // Long enough for the other way to arrive too, if the SDK were to tell it a second time.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const events = await heard(watching);
    expect(events.map(({ event }) => event)).toEqual(['started/other-tab', expect.stringMatching(/^completed\/(back-channel|other-tab)$/)]);
    if (events[1]!.event === 'completed/back-channel') expect(events[1]!.at).toBeGreaterThanOrEqual(post.receivedAt);
    expect(new Set(await ids(watching)).size).toBe(1);
    await streamsOpen(0);
  });

  it("a logout at the provider without the RP (end_session by URL, no hint): the watching tab hears it, completed from back-channel", async ({ annotate }) => {
    const { tab: watching, signedIn } = await signInToRp();
    await openRp(watching, op.rpWatchPage);
    await streamsOpen(1);

    const elsewhere = await env.session.newTab();
    await elsewhere.goto(`${op.issuer}/oidc/logout`);
    await elsewhere.waitFor('h1', /^Do you want to sign out/);
    const since = mark();
    await elsewhere.click(CONFIRM_LOGOUT);
    await elsewhere.waitFor('h1', 'Sign-out success');
    // Nothing named the RP: neither a hint nor a client.
    const request = op.endSessionRequests.at(-1);
    expect(request).toMatchObject({ method: 'GET', status: 200 });
    expect([request?.params.id_token_hint, request?.params.client_id]).toEqual([undefined, undefined]);
    const post = expectAcceptedToken(since, signedIn);
    expect(op.hasSession(signedIn.claims.sid!)).toBe(false);

    await watching.waitFor('#events li[data-source="back-channel"]');
    const events = await heard(watching);
    expect(events.map(({ event }) => event)).toEqual(['completed/back-channel']);
    expect(events[0]!.at).toBeGreaterThanOrEqual(post.receivedAt);
    await annotate(`${engine}: heard ${events[0]!.at - post.receivedAt} ms after the logout token's POST arrived`);
    await streamsOpen(0);
  });
});
