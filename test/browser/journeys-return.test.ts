// @vitest-environment node
/**
 * Logout journeys that come back, across two tabs of one browser session,
 * in every engine, from a test page of the example pages' origin
 * (test/browser/fixtures/journey.html; the steps in ./journey-steps.ts):
 * the trip to the tenant and back, then a Reload of the page it came back
 * to, or Back and Forward; and an idle logout. Each tab's whole story as its
 * onLogout listeners heard it, over every document the tab showed; what
 * handleLogoutReturn resolved in each document; and the tenant's own word
 * (`/session`), which no tab's last event may contradict: a tab that heard
 * `completed` last is signed out there.
 *
 * The browsers run as a user's do: every engine with its back/forward cache
 * (playwright turns Chromium's off by default), and the pages served
 * cacheable (`no-cache`, not the pages server's `no-store`).
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, forEngines, useBrowserExamples, watchRequests, type Tab } from './harness';
import { poll } from './harness/poll';
import { CACHEABLE_PAGES, docsIn, eventsIn, journeySteps, returnIn, sleep, spell, story, trail, type EventEntry } from './journey-steps';

forEngines((engine) => {
  describe('a browser with its back/forward cache, as a user\'s', () => {
    const env = useBrowserExamples(engine, { backForwardCache: true, ...CACHEABLE_PAGES });
    const { journeyPage, onTenant, logOf, waitForLog, shown, landOnJourney, openTabs, expectTruthful } = journeySteps(env);

    describe('journeys that come back', () => {
      /** Tab A logs out and comes back to its page through the tenant; resolves once both tabs heard the end. */
      async function plainTrip({ before }: { before?: string } = {}) {
        const tabs = await openTabs({}, {}, before);
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
        // The tab came to the app from another page, so Back has somewhere to go even where the return replaced
        // the entry of the page that left (Firefox makes a navigation that ends on the very URL of the current
        // entry a replacement: Back from the return then goes to the page before the app).
        const { a, b, returned, logA, logB } = await plainTrip({ before: `${env.examples.tenantUrl}/session` });
        await a.traverse(-1);
        const back = await poll('tab A to show the page before', () => shown(a), ({ doc, url, complete, ready }) => doc !== returned && complete && (doc === null ? onTenant(url) : ready));
        if (engine === 'firefox') expect(back.url).toBe(`${env.examples.tenantUrl}/session`);
        else expect(back.url).toBe(journeyPage('A'));
        await a.traverse(1);
        const forward = await landOnJourney(a, back.doc, 'tab A forward on the page it came back to');
        await sleep(1000);
        const afterA = await logOf(a, 'A');
        const afterB = await logOf(b, 'B');
        // Every page tells the truth on its own: the page that left, when Back restores it from the back/forward
        // cache (WebKit), learns from the recent endings that its logout completed; loaded afresh, it heard only its start.
        const [leaving] = docsIn(afterA);
        const restored = afterA.some((entry) => entry.kind === 'pageshow' && entry.doc === leaving && entry.persisted);
        const storyOf = (doc: string | undefined) => eventsIn(afterA).filter((entry) => entry.doc === doc).map(spell);
        expect(storyOf(leaving), trail(afterA)).toEqual(restored ? ['started this-tab', 'completed this-tab'] : ['started this-tab']);
        expect(storyOf(returned), trail(afterA)).toEqual(['completed this-tab']);
        expect(eventsIn(afterA).filter((entry) => !(restored && entry.doc === leaving && entry.phase === 'completed'))).toEqual(eventsIn(logA));
        expect(eventsIn(afterB)).toEqual(eventsIn(logB));
        for (const doc of docsIn(afterA).slice(2)) expect(returnIn(afterA, doc)).toBeNull();
        if (forward !== returned) expect(returnIn(afterA, forward)).toBeNull();
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
});
