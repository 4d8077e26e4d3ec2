// @vitest-environment node
/**
 * Cross-tab logout where `BroadcastChannel` is missing, in every engine: the
 * SDK falls back to a `localStorage` write, which the app's other tabs hear
 * as a `storage` event. Two tabs of one session on the SPA example; the
 * channel is taken away before the page's scripts run, as in a browser that
 * never had it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, eventSources, forEngines, openSpa, removeBroadcastChannel, runSpaAction, useBrowserExamples } from './harness';

forEngines((engine) => {
  const env = useBrowserExamples(engine);

  beforeEach(() => removeBroadcastChannel(env.session));

  describe('cross-tab logout without BroadcastChannel', () => {
    it("tells the other tab over a storage event: 'this-tab' in the one that logs out, 'other-tab' in the other", async () => {
      const tabA = await openSpa(env);
      const tabB = await openSpa(env);
      // The fallback is what runs: neither page has the channel.
      expect(await tabA.evaluate(() => typeof BroadcastChannel)).toBe('undefined');
      expect(await tabB.evaluate(() => typeof BroadcastChannel)).toBe('undefined');

      await tabA.click('#more-ways > summary');
      expect(await runSpaAction(tabA, 'logout-local')).toBe('resolved');
      expect(await eventSources(tabA)).toEqual(['this-tab', 'this-tab']);
      await tabB.waitFor('#cross-tab', 'Signed out in another tab');
      // Both phases cross, in order: a local logout is complete at once.
      expect(await eventSources(tabB)).toEqual(['other-tab', 'other-tab']);
      expect(await tabB.texts('#events li')).toEqual(['other-tab started: /v2/logout, returnTo (none), federated false', 'other-tab completed: /v2/logout, returnTo (none), federated false']);
      // The announcement is removed once written, so nothing is left behind for a later tab to misread; what stays is
      // the short list of recent endings, which a tab that missed a message reads.
      expect(await tabB.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('webauth-logout:')))).toEqual([`webauth-logout:ended:${CLIENT_ID}`]);
    });
  });
});
