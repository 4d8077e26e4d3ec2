// @vitest-environment node
/**
 * Logout journeys that leave and do not come back, across two tabs of one
 * browser session, in every engine, from a test page of the example pages'
 * origin (test/browser/fixtures/journey.html; the steps in
 * ./journey-steps.ts): an openUrl that does nothing and a Reload, Back from
 * the tenant's error page (restored from the back/forward cache, or loaded
 * afresh), a popup the user closes, an openUrl that rejects, and a tab that
 * never comes back. Each tab's whole story as its onLogout listeners heard
 * it, over every document the tab showed; what handleLogoutReturn resolved
 * in each document; and the tenant's own word (`/session`), which no tab's
 * last event may contradict: a tab that heard `abandoned` last is still
 * signed in there.
 *
 * The browsers run as a user's do: every engine with its back/forward cache
 * (playwright turns Chromium's off by default), and the pages served
 * cacheable (`no-cache`: with the pages server's `no-store`, Chromium and
 * Firefox keep the page out of their caches). One journey needs Back to
 * load the page afresh: it runs in a browser that keeps no back/forward
 * cache, since no page can keep itself out of WebKit's (WebKit caches pages
 * with an `unload` listener, and honours `no-store` only over HTTPS).
 */
import { describe, expect, it } from 'vitest';
import { forEngines, useBrowserExamples } from './harness';
import { backFromRefusal, CACHEABLE_PAGES, docsIn, eventsIn, journeySteps, returnIn, sleep, story, trail } from './journey-steps';

forEngines((engine) => {
  describe('a browser with its back/forward cache, as a user\'s', () => {
    const env = useBrowserExamples(engine, { backForwardCache: true, ...CACHEABLE_PAGES });
    const steps = journeySteps(env);
    const { onTenant, logOf, waitForLog, landOnJourney, landOnTenant, openTabs, expectTruthful } = steps;

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
        expect(story(logA), trail(logA)).toEqual(['started this-tab', 'abandoned this-tab reload']);
        expect(eventsIn(logA).map(({ doc }) => doc)).toEqual([aDoc, reloaded]);
        expect(story(await logOf(b, 'B'))).toEqual(['started other-tab', 'abandoned other-tab reload']);
        expect(await expectTruthful([logA, logB])).toBe(true);
        expect([...story(logA), ...story(logB)].filter((said) => said.startsWith('completed'))).toEqual([]);
      });

      it('Back from the tenant\'s 400 page, restored from the back/forward cache: abandoned (history) in both tabs; still signed in', async () => {
        const { leaving, back, logA, logB } = await backFromRefusal(steps);
        // The very document that left is shown again: no new load, and its pageshow says persisted.
        expect(back).toBe(leaving);
        expect(docsIn(logA)).toEqual([leaving]);
        expect(logA.filter((entry) => entry.kind === 'pageshow').map((entry) => (entry as { persisted: boolean }).persisted)).toEqual([false, true]);
        expect(story(logA), trail(logA)).toEqual(['started this-tab', 'abandoned this-tab history']);
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
  });

  describe('a browser that keeps no back/forward cache', () => {
    const env = useBrowserExamples(engine, { backForwardCache: false, ...CACHEABLE_PAGES });
    const steps = journeySteps(env);
    const { expectTruthful } = steps;

    it('Back from the tenant\'s 400 page loads the page afresh: abandoned (history) in both tabs; still signed in', async () => {
      const { leaving, back, logA, logB } = await backFromRefusal(steps);
      expect(back).not.toBe(leaving);
      expect(logA.find((entry) => entry.kind === 'load' && entry.doc === back)).toMatchObject({ navigation: 'back_forward' });
      expect(returnIn(logA, back)).toBeNull();
      expect(logA.filter((entry) => entry.kind === 'pageshow' && entry.persisted)).toEqual([]);
      expect(story(logA), trail(logA)).toEqual(['started this-tab', 'abandoned this-tab history']);
      expect(story(logB)).toEqual(['started other-tab', 'abandoned other-tab history']);
      expect(await expectTruthful([logA, logB])).toBe(true);
    });
  });
});
