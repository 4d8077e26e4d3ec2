// @vitest-environment node
/**
 * Logged out elsewhere, as `npm start` runs it: the tenant ends a session
 * ("End this session" on its home page), POSTs a logout token to the example
 * app's server (examples/back-channel-receiver.mjs, on the package's server
 * entry), and every open tab of the SPA (and of the refine app) says so, with
 * no action in the tabs: one tab of the browser holds the event stream, and
 * when it closes another takes it over. Web Locks, EventSource and
 * BroadcastChannel are each engine's own, so every engine runs it.
 */
import { expect, it } from 'vitest';
import { forEngines, logIn, openSignedInSpa, openSpa, runSpaAction, spaReady, useBrowserExamples, type Tab } from './harness';
import { poll } from './harness/poll';

const ENDED = 'Your session was ended at the tenant';

forEngines((engine) => {
  const env = useBrowserExamples(engine, { backChannel: true, refine: engine === 'chromium' });

  /** Presses the tenant home page's "End this session" of the session `sid`, as a user (or an admin) would; resolves with when it was pressed. */
  async function endAtTenant(sid: string): Promise<number> {
    const tenantTab = await env.session.newTab();
    await tenantTab.goto(`${env.examples.tenantUrl}/`);
    const found = await tenantTab.evaluate((id) => {
      const input = Array.from(document.querySelectorAll<HTMLInputElement>('form input[name="sid"]')).find((field) => field.value === id);
      input?.form?.querySelector('button')?.setAttribute('id', 'end-this-session');
      return input !== undefined;
    }, sid);
    expect(found).toBe(true);
    const pressedAt = Date.now();
    await tenantTab.click('#end-this-session');
    return pressedAt;
  }

  /** The session's `sid`, as the tenant knows it. */
  async function sidOf(): Promise<string> {
    const { authenticated, sid } = await env.session.tenantSession();
    expect(authenticated).toBe(true);
    return sid!;
  }

  /** Every event the SPA tab heard: `source phase`. */
  const heard = (tab: Tab) => tab.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => `${item.dataset.source} ${item.dataset.phase}`));
  /** When the tab heard the back channel's `completed` (ms since the epoch). */
  const heardAt = (tab: Tab) => tab.evaluate(() => Number(document.querySelector<HTMLElement>('#events li[data-source="back-channel"]')?.dataset.at));

  const delivered = () => env.examples.tenant.backChannel.stats.delivered;

  /** How many event streams browsers have asked the example app's server for, so far. */
  const streamRequestCount = () => env.examples.requests.filter((request) => request.url.startsWith(`${env.examples.pagesUrl}/back-channel/events`)).length;

  /** Waits until browsers hold `count` event streams at the example app's server. */
  const streamsOpen = (count: number) => poll(`${count} open event streams`, async () => env.examples.backChannel.openStreams(), (open) => open === count);

  it('"End this session" at the tenant reaches a signed-in tab with no action in it, and the tab says so', async () => {
    const tab = await openSignedInSpa(env);
    await streamsOpen(1);
    const before = delivered();
    const pressedAt = await endAtTenant(await sidOf());
    expect(await tab.waitFor('#cross-tab', ENDED)).toBe(ENDED);
    expect(await tab.waitFor('#session-status', /^signed (in|out)$/)).toBe('signed out');
    expect(await heard(tab)).toEqual(['back-channel completed']);
    // The tenant's token was accepted, and the ended session's stream is over.
    expect(delivered() - before).toBe(1);
    expect(env.examples.tenant.backChannel.stats.failed).toBe(0);
    await streamsOpen(0);
    console.info(`${engine}: "End this session" → the tab heard it in ${(await heardAt(tab)) - pressedAt} ms`);
  });

  it('three tabs of one browser hold one stream; closing the holder hands it to another, and every tab left hears the end', async () => {
    const earlier = streamRequestCount();
    const streamRequests = () => streamRequestCount() - earlier;
    const tabs = [await openSignedInSpa(env), await openSpa(env), await openSpa(env)];
    await streamsOpen(1);
    // Still one after a while: the other tabs wait on the lock rather than open their own.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(env.examples.backChannel.openStreams()).toBe(1);
    expect(streamRequests()).toBe(1);
    // The first tab got the lock; closing it frees the lock, and the next tab opens the stream.
    await tabs[0]!.close();
    await poll('a second tab to open the stream', async () => streamRequests(), (count) => count === 2);
    await streamsOpen(1);
    const pressedAt = await endAtTenant(await sidOf());
    for (const tab of tabs.slice(1)) {
      expect(await tab.waitFor('#cross-tab', ENDED)).toBe(ENDED);
      expect(await heard(tab)).toEqual(['back-channel completed']);
    }
    const latencies = await Promise.all(tabs.slice(1).map(async (tab) => (await heardAt(tab)) - pressedAt));
    console.info(`${engine}: after the hand-over, the two tabs heard "End this session" in ${latencies.join(' and ')} ms`);
  });

  if (engine === 'chromium') {
    it("a logout in one tab is one end in the others, though the tenant's back channel and the trip back both tell it", async () => {
      const leaving = await openSignedInSpa(env);
      const staying = await openSpa(env);
      await streamsOpen(1);
      const before = delivered();
      const returnTo = env.examples.returnTo('/spa/');
      await leaving.landAfter(() => leaving.click('button[data-action="logout"]'), (url) => url === returnTo);
      expect(await staying.waitFor('#cross-tab', /^Signed out in another tab/)).toBe('Signed out in another tab');
      await env.examples.tenant.backChannel.settled();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const ids = await staying.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => item.dataset.id));
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(1);
      expect((await heard(staying))[0]).toBe('other-tab started');
      expect(delivered() - before).toBe(1);
    });

    it('a logout whose trip never comes back is completed by the tenant\'s token; the tab that reloads says signed out, not "did not finish"', async () => {
      const leaving = await openSignedInSpa(env);
      const staying = await openSpa(env);
      await streamsOpen(1);
      // The app is handed the logout URL (openUrl) and opens it elsewhere, as an in-app browser would: no trip back to this tab.
      await leaving.click('#more-ways > summary');
      expect(await runSpaAction(leaving, 'logout-open-url')).toBe('resolved');
      const elsewhere = await env.session.newTab();
      await elsewhere.goto((await leaving.text('#opened-url'))!);
      await staying.waitFor('#events li[data-phase="completed"]');
      expect(await heard(staying)).toEqual(['other-tab started', 'back-channel completed']);
      expect(await heard(leaving)).toEqual(['this-tab started', 'back-channel completed']);
      expect(new Set(await staying.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => item.dataset.id))).size).toBe(1);
      // The tab that left reloads: the trip is given up, but Auth0 had ended the session, so nothing says otherwise.
      await leaving.reload();
      await spaReady(leaving);
      expect(await leaving.text('#logout-return')).toBe('Signed out: the tenant ended the session before this tab came back');
      expect(await heard(leaving)).toEqual([]);
      expect(await heard(staying)).toEqual(['other-tab started', 'back-channel completed']);
    });

    it('moves every tab of the refine app to its login page, with a notice, when the tenant ends the session', async () => {
      const tabs = [await env.session.newTab(), await env.session.newTab()];
      const dashboard = env.examples.refinePage('');
      await logIn(tabs[0]!, env.examples, dashboard);
      await tabs[1]!.goto(dashboard);
      for (const tab of tabs) await tab.waitFor('#page[data-page="dashboard"]');
      await streamsOpen(1);
      await endAtTenant(await sidOf());
      for (const tab of tabs) {
        await tab.waitFor('#page[data-page="login"]');
        expect(await tab.waitFor('#notifications li[data-key="ended-at-tenant"] .notification-title')).toBe(ENDED);
      }
    });
  }
});
