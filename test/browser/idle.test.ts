// @vitest-environment node
/**
 * `watchIdle` across the tabs of one session, in every engine, from a test
 * page of the example pages' origin (test/browser/fixtures/idle.html): one
 * inactivity deadline for all the application's tabs, kept alive by activity
 * in any of them; the warning shown and withdrawn in all; exactly one
 * logout when the deadline passes; and a tab whose timers stopped while it
 * slept that still logs out as soon as it wakes.
 *
 * The watches start once every tab is open (`start=manual`, then
 * `idleFixture.start()` in each), as an app starts one after sign-in: an
 * engine that takes seconds to open three tabs would otherwise eat the
 * short deadline before the test begins. The activity is the harness's
 * click, trusted input in every engine.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, forEngines, logIn, useBrowserExamples, watchRequests, type Tab } from './harness';
import { poll } from './harness/poll';

/** The globals the fixture page sets (test/browser/fixtures/idle.js). */
type IdlePage = Window & {
  idleFixture: { start(): number; stop(): void; watch?: { remaining(): number } };
  __asleep: boolean;
  __droppedTimers: number;
  __idleWrites: { at: number; value: string | null }[];
};

interface IdleState {
  url: string;
  warning: string;
  warns: number;
  actives: number;
  remaining: number;
  events: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  const idlePage = (query: Record<string, string> = {}) =>
    env.examples.fixture('idle.html', { domain: env.examples.tenantUrl, clientID: CLIENT_ID, start: 'manual', ...query });
  const onIdlePage = (url: string) => new URL(url).pathname === '/harness-fixtures/idle.html';
  const onSpa = (url: string) => url.startsWith(`${env.examples.pagesUrl}/spa/`);
  /** The GET /v2/logout requests the tenant received since `requests` began. */
  const logouts = (requests: ReturnType<typeof watchRequests>) =>
    requests.tenantRequests().filter(({ method, url }) => method === 'GET' && new URL(url).pathname === '/v2/logout');

  /** `count` tabs of the session on the idle page, loaded and not yet watching. */
  async function openIdleTabs(count: number, query: Record<string, string> = {}, first?: Tab): Promise<Tab[]> {
    const tabs: Tab[] = [];
    for (let index = 0; index < count; index++) {
      const tab = index === 0 && first ? first : await env.session.newTab();
      await tab.goto(idlePage(query));
      await tab.waitFor('body[data-ready="true"]');
      tabs.push(tab);
    }
    return tabs;
  }

  /** Starts the watch in each tab, in order; returns the time just before the first one started (Node's clock, which the pages share). */
  async function startWatching(tabs: Tab[]): Promise<number> {
    const started = Date.now();
    for (const tab of tabs) await tab.evaluate(() => (window as unknown as IdlePage).idleFixture.start());
    return started;
  }

  const stopWatching = async (tabs: Tab[]) => {
    for (const tab of tabs) await tab.evaluate(() => (window as unknown as IdlePage).idleFixture.stop());
  };

  const state = (tab: Tab) =>
    tab.evaluate(
      (): IdleState => ({
        url: location.href,
        warning: document.querySelector('#warning')!.textContent ?? '',
        warns: Number(document.querySelector('#warns')!.textContent),
        actives: Number(document.querySelector('#actives')!.textContent),
        remaining: (window as unknown as IdlePage).idleFixture.watch?.remaining() ?? -1,
        events: Array.from(document.querySelectorAll('#events li'), (item) => item.textContent ?? ''),
      }),
    );

  /**
   * Each tab's state, one tab after the other: WebKit's adapter switches
   * its one WebDriver session to a window before each command, so calls to
   * different tabs must not overlap (with Promise.all they read each other's
   * windows).
   */
  async function statesOf(tabs: Tab[]): Promise<IdleState[]> {
    const states: IdleState[] = [];
    for (const tab of tabs) states.push(await state(tab));
    return states;
  }

  describe('one inactivity deadline for every tab', () => {
    it('activity in one tab keeps all three alive past the timeout; the others hear of it at most once a second', async () => {
      const timeoutMs = 4000;
      const tabs = await openIdleTabs(3, { timeout: String(timeoutMs), warn: '2000' });
      const requests = watchRequests(env.examples);
      const started = await startWatching(tabs);
      // From here on, every deadline write comes from the busy tab's activity, none from a tab's start.
      const allStarted = Date.now();
      let activity = 0;
      // Well past the timeout, the user busy in the middle tab only: a trusted click, then a burst of pointer
      // moves (dispatched by the page, which the SDK counts like any other: it does not look at isTrusted),
      // so the tab sees far more activity than one event a second, in every engine however slow its clicks.
      while (Date.now() - started < timeoutMs + 2500) {
        await tabs[1]!.click('#area');
        await tabs[1]!.evaluate(() => {
          for (let move = 0; move < 50; move++) window.dispatchEvent(new PointerEvent('pointermove', { clientX: move, clientY: move }));
        });
        activity += 51;
        await sleep(200);
      }
      const states = await statesOf(tabs);
      expect(logouts(requests)).toEqual([]);
      for (const seen of states) {
        expect(onIdlePage(seen.url)).toBe(true);
        expect(seen.events).toEqual([]);
        expect(seen.remaining).toBeGreaterThan(0);
      }
      for (const tab of [tabs[0]!, tabs[2]!]) {
        const heard = (await tab.evaluate(() => (window as unknown as IdlePage).__idleWrites)).filter(({ at }) => at > allStarted);
        // The other tabs heard the busy tab's deadline all along…
        expect(heard.length).toBeGreaterThanOrEqual(4);
        // …though never more than once a second, however often it was clicked (the gaps are as the listener heard them: a little jitter).
        const gaps = heard.slice(1).map(({ at }, index) => at - heard[index]!.at);
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
        expect(heard.length).toBeLessThan(activity / 20);
      }
      await stopWatching(tabs);
    });

    it('warns in all three, and activity in one withdraws the warning in all three', async () => {
      // A wide warning, so the click lands well before the deadline however long the engine takes to see three warnings.
      const tabs = await openIdleTabs(3, { timeout: '6000', warn: '4000' });
      const requests = watchRequests(env.examples);
      await startWatching(tabs);
      for (const tab of tabs) await tab.waitFor('#warning', 'warning');
      for (const seen of await statesOf(tabs)) {
        expect(seen).toMatchObject({ warns: 1, actives: 0, events: [] });
        expect(seen.remaining).toBeGreaterThan(0);
        expect(seen.remaining).toBeLessThanOrEqual(4000);
      }

      await tabs[2]!.click('#area');
      for (const tab of tabs) await tab.waitFor('#warning', /^$/);
      for (const seen of await statesOf(tabs)) {
        expect(seen).toMatchObject({ warning: '', warns: 1, actives: 1, events: [] });
        expect(seen.remaining).toBeGreaterThan(4000);
      }
      expect(logouts(requests)).toEqual([]);
      await stopWatching(tabs);
    });

    it('after the deadline exactly one tab logs out through /v2/logout and lands on /spa/; the other two hear it and stay', async () => {
      const timeoutMs = 4000;
      const first = await env.session.newTab();
      await logIn(first, env.examples, env.examples.returnTo('/spa/'));
      const tabs = await openIdleTabs(3, { timeout: String(timeoutMs), warn: '2000' }, first);
      const requests = watchRequests(env.examples);
      const started = await startWatching(tabs);

      // The tenant's log is read in Node, so the moment the logout arrives is known to within the poll.
      await poll('the tenant to receive GET /v2/logout', async () => logouts(requests).length, (count) => count > 0);
      const arrivedMs = Date.now() - started;
      expect(arrivedMs).toBeGreaterThanOrEqual(timeoutMs);
      // At most a second late by the SDK's tick, with room for the navigation and the poll on a busy machine.
      expect(arrivedMs).toBeLessThan(timeoutMs + 2500);

      const urls = await poll(
        'one tab to land on /spa/',
        async () => {
          const now: string[] = [];
          for (const tab of tabs) now.push(await tab.url());
          return now;
        },
        (now) => now.some(onSpa),
      );
      const leaver = urls.findIndex(onSpa);
      const stayers = tabs.filter((_, index) => index !== leaver);
      await tabs[leaver]!.waitForUrl(onSpa, 'the logout to land on /spa/');
      for (const tab of stayers) await tab.waitFor('#events li', 'started other-tab');
      // Time for a second tab's logout to show, had one claimed it too.
      await sleep(1500);

      expect(logouts(requests)).toHaveLength(1);
      for (const tab of stayers) {
        const seen = await state(tab);
        expect(onIdlePage(seen.url)).toBe(true);
        expect(seen.events).toContain('started other-tab');
        expect(seen.events.filter((event) => event.endsWith('this-tab'))).toEqual([]);
        // Stopped: the deadline is spent and marked as logged out for every tab.
        expect(seen.remaining).toBe(0);
      }
      const shared = await stayers[0]!.evaluate((key) => localStorage.getItem(key), `webauth-logout:idle:${CLIENT_ID}`);
      expect(JSON.parse(shared!)).toMatchObject({ loggedOut: true });
      // Only the one tab ever left the idle page.
      expect(requests.hops().filter(({ url }) => url.startsWith(`${env.examples.tenantUrl}/v2/logout`))).toHaveLength(1);
      expect((await env.session.tenantSession()).authenticated).toBe(false);
    });
  });

  describe('a tab whose timers stopped while it slept', () => {
    /**
     * Not real background throttling, which no engine's automation can
     * force the same way: the page's `setTimeout` drops every timer with a
     * delay while `__asleep` (idle.js, `sleep=1`), so once the watch's
     * pending tick has run, nothing in the page ticks again. That is a
     * harder sleep than a throttled tab's or a suspended laptop's, whose
     * timers run late; a `focus` event is what a tab hears when the user
     * comes back to it, and the wall-clock deadline must be enforced then.
     */
    it('does not log out while asleep, and logs out within a second of waking after the deadline passed', async () => {
      const timeoutMs = 3000;
      const [tab] = await openIdleTabs(1, { timeout: String(timeoutMs), warn: '0', sleep: '1' });
      const requests = watchRequests(env.examples);
      const started = await startWatching([tab!]);
      await tab!.evaluate(() => {
        (window as unknown as IdlePage).__asleep = true;
      });
      await sleep(started + timeoutMs + 1500 - Date.now());

      // Past the deadline, and nothing happened: the page had no timer left to notice.
      const asleep = await state(tab!);
      expect(onIdlePage(asleep.url)).toBe(true);
      expect(asleep.events).toEqual([]);
      expect(asleep.remaining).toBe(0);
      expect(await tab!.evaluate(() => (window as unknown as IdlePage).__droppedTimers)).toBeGreaterThan(0);
      expect(logouts(requests)).toEqual([]);

      const woke = Date.now();
      await tab!.evaluate(() => {
        const page = window as unknown as IdlePage;
        page.__asleep = false;
        window.dispatchEvent(new Event('focus'));
      });
      await poll('the tenant to receive GET /v2/logout', async () => logouts(requests).length, (count) => count > 0, 5000);
      expect(Date.now() - woke).toBeLessThan(1000);
      expect(logouts(requests)).toHaveLength(1);
      await tab!.waitForUrl(onSpa, 'the logout to land on /spa/');
    });
  });
});
