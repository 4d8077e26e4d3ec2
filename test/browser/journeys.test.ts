// @vitest-environment node
/**
 * Logout journeys across two tabs of one browser session, in every engine,
 * from a test page of the example pages' origin
 * (test/browser/fixtures/journey.html): each tab's whole story as its
 * onLogout listeners heard it, over every document the tab showed; what
 * handleLogoutReturn resolved in each document; and the tenant's own word
 * (`/session`), which no tab's last event may contradict: a tab that heard
 * `completed` last is signed out at the tenant, one that heard `abandoned`
 * last is still signed in.
 *
 * The browsers run as a user's do: Chromium with its back/forward cache
 * (playwright turns it off by default), and the pages served cacheable
 * (`no-cache`, not `no-store`, which keeps a page out of Chromium's cache).
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, forEngines, logIn, useBrowserExamples, watchRequests, type Tab } from './harness';
import { poll } from './harness/poll';

const JOURNEY_PATH = '/harness-fixtures/journey.html';

/** What the page logs (test/browser/fixtures/journey.js), one array per tab label. */
type Entry =
  | { kind: 'load'; doc: string; at: number; url: string; navigation: string | null }
  | { kind: 'pageshow'; doc: string; at: number; persisted: boolean }
  | { kind: 'event'; doc: string; at: number; id: string; clientID: string; endpoint: string; returnTo?: string; federated: boolean; source: string; phase: string; reason?: string }
  | { kind: 'return'; doc: string; at: number; value: Record<string, unknown> | null; error?: string }
  | { kind: 'result'; doc: string; at: number; action: string; outcome: { settled: string; value?: unknown; code?: string } };

type EventEntry = Extract<Entry, { kind: 'event' }>;

/** An event as the assertions spell it: "<phase> <source>[ <reason>]". */
const spell = ({ phase, source, reason }: EventEntry) => [phase, source, reason].filter(Boolean).join(' ');
const eventsIn = (log: Entry[]) => log.filter((entry): entry is EventEntry => entry.kind === 'event');
const story = (log: Entry[]) => eventsIn(log).map(spell);
const docsIn = (log: Entry[]) => log.filter((entry) => entry.kind === 'load').map((entry) => entry.doc);
/** What handleLogoutReturn resolved in `doc`: the value, `null` for undefined, `undefined` when it has not settled. */
const returnIn = (log: Entry[], doc: string) => {
  const entry = log.find((candidate) => candidate.kind === 'return' && candidate.doc === doc) as Extract<Entry, { kind: 'return' }> | undefined;
  return entry && (entry.error === undefined ? entry.value : `rejected ${entry.error}`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEngines((engine) => {
  const env = useBrowserExamples(engine, { backForwardCache: true, cacheControl: 'no-cache', allowedLogoutPaths: [JOURNEY_PATH] });

  const journeyPage = (tab: string, query: Record<string, string> = {}) =>
    env.examples.fixture('journey.html', { domain: env.examples.tenantUrl, clientID: CLIENT_ID, tab, ...query });
  const onTenant = (url: string) => url.startsWith(`${env.examples.tenantUrl}/`);

  /** The log of tab `label`, read through `via`, a tab that shows a page of the pages' origin (localStorage is the session's). */
  const logOf = (via: Tab, label: string) => via.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as Entry[], `journey:log:${label}`);

  /** Waits until the log of `label` passes `test`; returns it. */
  const waitForLog = (via: Tab, label: string, what: string, test: (log: Entry[]) => boolean, timeout?: number) =>
    poll(`tab ${label}: ${what}`, () => logOf(via, label), test, timeout);

  /** What the tab shows now: the journey page's document id (null elsewhere), its URL and whether it is loaded and done with the return. */
  const shown = (tab: Tab) =>
    tab.evaluate(() => ({
      doc: ((window as unknown as { journeyDoc?: string }).journeyDoc ?? null) as string | null,
      url: location.href,
      complete: document.readyState === 'complete',
      ready: document.body?.dataset.ready === 'true',
    }));

  /** Waits until the tab shows a journey page document other than `from`, loaded and done with the return; returns its id. */
  async function landOnJourney(tab: Tab, from: string | null, what: string): Promise<string> {
    const state = await poll(what, () => shown(tab), ({ doc, complete, ready }) => doc !== null && doc !== from && complete && ready);
    return state.doc!;
  }

  async function landOnTenant(tab: Tab, what: string): Promise<string> {
    const state = await poll(what, () => shown(tab), ({ url, complete }) => onTenant(url) && complete);
    return state.url;
  }

  /**
   * Tabs A and B of the session on the journey page (`query` for both,
   * `onlyA` for A), signed in at the tenant first: A signs in and comes
   * back to its page.
   */
  async function openTabs(query: Record<string, string> = {}, onlyA: Record<string, string> = {}) {
    const a = await env.session.newTab();
    await logIn(a, env.examples, journeyPage('A', { ...query, ...onlyA }));
    const aDoc = await landOnJourney(a, null, 'tab A on the journey page');
    const b = await env.session.newTab();
    await b.goto(journeyPage('B', query));
    const bDoc = await landOnJourney(b, null, 'tab B on the journey page');
    expect((await env.session.tenantSession()).authenticated).toBe(true);
    return { a, b, aDoc, bDoc };
  }

  const tenantSignedIn = async () => (await env.session.tenantSession()).authenticated;

  /**
   * The tenant's word against each tab's last event: `completed` means
   * signed out there, `abandoned` signed in; and every event of the journey
   * is about one logout, the same `id` in both tabs.
   */
  async function expectTruthful(logs: Entry[][]) {
    const signedIn = await tenantSignedIn();
    for (const log of logs) {
      const last = eventsIn(log).at(-1);
      if (last?.phase === 'completed') expect(signedIn, 'a tab heard completed last, so the tenant has signed it out').toBe(false);
      if (last?.phase === 'abandoned') expect(signedIn, 'a tab heard abandoned last, so the tenant still has it signed in').toBe(true);
    }
    const ids = new Set(logs.flatMap((log) => eventsIn(log).map(({ id }) => id)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[\da-f]{32}$/);
    return signedIn;
  }

  describe('journeys that leave and do not come back', () => {
    it('an openUrl that does nothing, then Reload: abandoned (reload) in both tabs; still signed in', async () => {
      const { a, b, aDoc } = await openTabs();
      await a.click('button[data-action="logout-open-url-idle"]');
      await waitForLog(a, 'A', 'the logout call to settle', (log) => log.some((entry) => entry.kind === 'result'));
      await waitForLog(b, 'B', 'started', (log) => story(log).length === 1);
      await a.reload();
      const reloaded = await landOnJourney(a, aDoc, 'tab A reloaded');
      const logB = await waitForLog(b, 'B', 'the end of the logout', (log) => story(log).length === 2);
      await sleep(1000);
      const logA = await logOf(a, 'A');

      expect(logA.find((entry) => entry.kind === 'result')).toMatchObject({ doc: aDoc, action: 'logout-open-url-idle', outcome: { settled: 'resolved' } });
      expect(logA.find((entry) => entry.kind === 'load' && entry.doc === reloaded)).toMatchObject({ navigation: 'reload' });
      expect(returnIn(logA, reloaded)).toBeNull();
      expect(story(logA)).toEqual(['started this-tab', 'abandoned this-tab reload']);
      expect(eventsIn(logA).map(({ doc }) => doc)).toEqual([aDoc, reloaded]);
      expect(story(await logOf(b, 'B'))).toEqual(['started other-tab', 'abandoned other-tab reload']);
      expect(await expectTruthful([logA, logB])).toBe(true);
      expect([...story(logA), ...story(logB)].filter((said) => said.startsWith('completed'))).toEqual([]);
    });

    /** Tab A leaves for the tenant's 400 page (a returnTo it refuses) and the user presses Back. */
    async function backFromRefusal(queryA: Record<string, string>) {
      const { a, b, aDoc: leaving } = await openTabs({}, queryA);
      await a.click('button[data-action="logout-refused"]');
      await landOnTenant(a, "the tenant's 400 page");
      await waitForLog(b, 'B', 'started', (log) => story(log).length === 1);
      await a.traverse(-1);
      const back = await poll('tab A back on the journey page', () => shown(a), ({ doc, complete, ready }) => doc !== null && complete && ready);
      const logB = await waitForLog(b, 'B', 'the end of the logout', (log) => story(log).length === 2);
      // Tab A's page tells its own listeners before the announcement leaves for tab B: by now it has heard all it will.
      const logA = await logOf(a, 'A');
      return { a, b, leaving, back: back.doc!, logA, logB };
    }

    it('Back from the tenant\'s 400 page, restored from the back/forward cache: abandoned (history) in both tabs; still signed in', async () => {
      const { leaving, back, logA, logB } = await backFromRefusal({});
      // The very document that left is shown again: no new load, and its pageshow says persisted.
      expect(back).toBe(leaving);
      expect(docsIn(logA)).toEqual([leaving]);
      expect(logA.filter((entry) => entry.kind === 'pageshow').map((entry) => (entry as { persisted: boolean }).persisted)).toEqual([false, true]);
      expect(story(logA)).toEqual(['started this-tab', 'abandoned this-tab history']);
      expect(story(logB)).toEqual(['started other-tab', 'abandoned other-tab history']);
      expect(await expectTruthful([logA, logB])).toBe(true);
    });

    it('Back from the tenant\'s 400 page to a page the back/forward cache cannot keep: a fresh load; abandoned (history) in both tabs; still signed in', async () => {
      const { leaving, back, logA, logB } = await backFromRefusal({ 'no-bfcache': '1' });
      expect(back).not.toBe(leaving);
      expect(logA.find((entry) => entry.kind === 'load' && entry.doc === back)).toMatchObject({ navigation: 'back_forward' });
      expect(returnIn(logA, back)).toBeNull();
      expect(logA.filter((entry) => entry.kind === 'pageshow' && entry.persisted)).toEqual([]);
      expect(story(logA)).toEqual(['started this-tab', 'abandoned this-tab history']);
      expect(story(logB)).toEqual(['started other-tab', 'abandoned other-tab history']);
      expect(await expectTruthful([logA, logB])).toBe(true);
    });

    it('a popup the user closes while the tenant shows it an error: abandoned (popup_closed) in both tabs; still signed in', async () => {
      const { a, b } = await openTabs();
      // The SDK points the popup at the tenant in the click's own task, before any user could close it; it is held
      // on the tenant's 400 page (a returnTo the tenant refuses), which ends no session, and closed there.
      await a.click('button[data-action="popup-refused"]');
      const popup = await a.waitForPopup();
      await popup.waitForUrl(onTenant, "the popup on the tenant's 400 page");
      await waitForLog(b, 'B', 'started', (log) => story(log).length === 1);
      await popup.close();
      const logA = await waitForLog(a, 'A', 'the popup call to settle', (log) => log.some((entry) => entry.kind === 'result'));
      const logB = await waitForLog(b, 'B', 'the end of the logout', (log) => story(log).length === 2);
      await env.session.waitForWindowCount(2);

      expect(logA.find((entry) => entry.kind === 'result')).toMatchObject({ action: 'popup-refused', outcome: { settled: 'rejected', code: 'popup_closed' } });
      expect(story(logA)).toEqual(['started this-tab', 'abandoned this-tab popup_closed']);
      expect(story(logB)).toEqual(['started other-tab', 'abandoned other-tab popup_closed']);
      expect(await expectTruthful([logA, logB])).toBe(true);
    });

    it('an openUrl that rejects: abandoned (open_url_failed) in both tabs; still signed in', async () => {
      const { a, b, aDoc } = await openTabs();
      await a.click('button[data-action="logout-open-url-rejects"]');
      const logA = await waitForLog(a, 'A', 'the logout call to settle', (log) => log.some((entry) => entry.kind === 'result'));
      const logB = await waitForLog(b, 'B', 'the end of the logout', (log) => story(log).length === 2);

      expect(logA.find((entry) => entry.kind === 'result')).toMatchObject({ outcome: { settled: 'rejected', code: 'the in-app browser failed to open' } });
      expect(story(logA)).toEqual(['started this-tab', 'abandoned this-tab open_url_failed']);
      expect(eventsIn(logA).every(({ doc }) => doc === aDoc)).toBe(true);
      expect(story(logB)).toEqual(['started other-tab', 'abandoned other-tab open_url_failed']);
      expect(await expectTruthful([logA, logB])).toBe(true);
    });

    it('a tab that never comes back: the other tab hears abandoned (no_return) once abandonAfterMs has passed; still signed in', async () => {
      const abandonAfterMs = 3000;
      const { a, b } = await openTabs({ abandon: String(abandonAfterMs) });
      await a.click('button[data-action="logout-refused"]');
      await landOnTenant(a, "the tenant's 400 page");
      const logB = await waitForLog(b, 'B', 'abandoned after the deadline', (log) => story(log).length === 2, abandonAfterMs + 20_000);
      const [started, abandoned] = eventsIn(logB);
      expect(story(logB)).toEqual(['started other-tab', 'abandoned other-tab no_return']);
      expect(abandoned!.at - started!.at).toBeGreaterThanOrEqual(abandonAfterMs - 50);
      // Tab A is still on the tenant's page; its page heard only its own start.
      expect(onTenant(await a.url())).toBe(true);
      const logA = await logOf(b, 'A');
      expect(story(logA)).toEqual(['started this-tab']);
      expect(await expectTruthful([logA, logB])).toBe(true);
    });
  });

  describe('journeys that come back', () => {
    /** Tab A logs out and comes back to its page through the tenant; resolves once both tabs heard the end. */
    async function plainTrip() {
      const tabs = await openTabs();
      const { a, b, aDoc } = tabs;
      const requests = watchRequests(env.examples);
      await a.click('button[data-action="logout"]');
      const returned = await landOnJourney(a, aDoc, 'tab A back from the tenant');
      const logA = await waitForLog(a, 'A', 'completed', (log) => story(log).length === 2);
      const logB = await waitForLog(b, 'B', 'completed', (log) => story(log).length === 2);
      const logouts = requests.tenantRequests().filter(({ url }) => new URL(url).pathname === '/v2/logout');
      return { ...tabs, returned, logA, logB, logouts };
    }

    it('there and back: started, then completed on the new page, in both tabs; handleLogoutReturn resolves the return; signed out', async () => {
      const { aDoc, returned, logA, logB, logouts } = await plainTrip();
      expect(logouts).toHaveLength(1);
      expect(story(logA)).toEqual(['started this-tab', 'completed this-tab']);
      expect(eventsIn(logA).map(({ doc }) => doc)).toEqual([aDoc, returned]);
      expect(story(logB)).toEqual(['started other-tab', 'completed other-tab']);
      const [{ id }] = eventsIn(logA) as [EventEntry];
      expect(returnIn(logA, aDoc)).toBeNull();
      expect(returnIn(logA, returned)).toEqual({ id, endpoint: 'v2', returnTo: journeyPage('A'), federated: false });
      expect(logA.find((entry) => entry.kind === 'load' && entry.doc === returned)).toMatchObject({ navigation: 'navigate' });
      for (const event of [...eventsIn(logA), ...eventsIn(logB)]) expect(event).toMatchObject({ endpoint: 'v2', returnTo: journeyPage('A'), federated: false, clientID: CLIENT_ID });
      expect(await expectTruthful([logA, logB])).toBe(false);
    });

    it('Reload of the page the logout came back to: nothing new in either tab; handleLogoutReturn resolves undefined', async () => {
      const { a, b, returned, logA, logB } = await plainTrip();
      await a.reload();
      const reloaded = await landOnJourney(a, returned, 'tab A reloaded');
      await sleep(1000);
      const afterA = await logOf(a, 'A');
      const afterB = await logOf(b, 'B');
      expect(afterA.find((entry) => entry.kind === 'load' && entry.doc === reloaded)).toMatchObject({ navigation: 'reload' });
      expect(returnIn(afterA, reloaded)).toBeNull();
      expect(eventsIn(afterA)).toEqual(eventsIn(logA));
      expect(eventsIn(afterB)).toEqual(eventsIn(logB));
      expect(await expectTruthful([afterA, afterB])).toBe(false);
    });

    it('Back, then Forward, after the return: nothing new, no second completed, no abandoned', async () => {
      const { a, b, returned, logA, logB } = await plainTrip();
      await a.traverse(-1);
      const back = await landOnJourney(a, returned, 'tab A back on the page it left from');
      await a.traverse(1);
      await landOnJourney(a, back, 'tab A forward on the page it came back to');
      await sleep(1000);
      const afterA = await logOf(a, 'A');
      const afterB = await logOf(b, 'B');
      expect(story(afterA)).toEqual(['started this-tab', 'completed this-tab']);
      expect(eventsIn(afterA)).toEqual(eventsIn(logA));
      expect(eventsIn(afterB)).toEqual(eventsIn(logB));
      for (const doc of docsIn(afterA).slice(2)) expect(returnIn(afterA, doc)).toBeNull();
      expect(await expectTruthful([afterA, afterB])).toBe(false);
    });

    it('an idle logout: exactly one tab goes to the tenant; both hear started and completed with reason idle; signed out', async () => {
      const { a, b, aDoc, bDoc } = await openTabs({ 'idle-timeout': '3000' });
      const requests = watchRequests(env.examples);
      await a.click('button[data-action="watch-idle"]');
      await b.click('button[data-action="watch-idle"]');
      const ends = (via: Tab, label: string) => waitForLog(via, label, 'completed', (log) => story(log).some((said) => said.startsWith('completed')), 30_000);
      // Whichever tab logs out comes back to a new document of its page: wait for each on a page of the origin.
      await poll('one tab to leave and come back', async () => [await shown(a), await shown(b)], (states) => states.every(({ doc, ready }) => doc !== null && ready) && states.some(({ doc }) => doc !== aDoc && doc !== bDoc), 30_000);
      const logA = await ends(a, 'A');
      const logB = await ends(b, 'B');
      await sleep(1000);
      const finalA = await logOf(a, 'A');
      const finalB = await logOf(b, 'B');
      const logouts = requests.tenantRequests().filter(({ url }) => new URL(url).pathname === '/v2/logout');
      expect(logouts).toHaveLength(1);
      expect(eventsIn(finalA)).toEqual(eventsIn(logA));
      expect(eventsIn(finalB)).toEqual(eventsIn(logB));
      const leaver = story(finalA)[0] === 'started this-tab idle' ? { log: finalA, other: finalB, label: 'A' } : { log: finalB, other: finalA, label: 'B' };
      expect(story(leaver.log)).toEqual(['started this-tab idle', 'completed this-tab idle']);
      expect(story(leaver.other)).toEqual(['started other-tab idle', 'completed other-tab idle']);
      const docs = docsIn(leaver.log);
      expect(docs).toHaveLength(2);
      const [{ id }] = eventsIn(leaver.log) as [EventEntry];
      expect(returnIn(leaver.log, docs[1]!)).toEqual({ id, endpoint: 'v2', returnTo: journeyPage(leaver.label, { 'idle-timeout': '3000' }), federated: false, reason: 'idle' });
      expect(docsIn(leaver.other)).toHaveLength(1);
      expect(await expectTruthful([finalA, finalB])).toBe(false);
    });
  });
});
