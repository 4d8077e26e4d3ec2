/**
 * `onLogout(webAuth, listener)`: what one subscription hears of each logout.
 * After a `started`, exactly one `completed` or `abandoned`, never both,
 * never twice; an end of a logout it never heard start is told too, once
 * (the page Auth0 sends the tab back to, or the page a reload or Back
 * brings, is a new document that must learn how its tab's logout ended).
 * A logout heard starting and never heard ending is looked up in
 * the recent endings other tabs wrote (`webauth-logout:ended:<clientID>`)
 * once `abandonAfterMs` pass, or when the page comes back from the
 * back/forward cache; failing that, the listener alone hears it abandoned,
 * `no_return`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, WebAuthError, onLogout, type LogoutEvent } from '../../../src/index';
import { APP, LOGOUT_ID, freshClientID, otherTab, recordedWebAuth, settle } from './support';

const endingsKey = (clientID: string) => `webauth-logout:ended:${clientID}`;

/** Another tab of the origin that logs out: it posts on the channel every tab of the application listens on. */
function loggingOutTab(clientID: string) {
  const channel = new BroadcastChannel(`webauth-logout:${clientID}`);
  const announce = (id: string, phase: string, extra: Record<string, unknown> = {}) =>
    channel.postMessage({ id, clientID, endpoint: 'v2', returnTo: `${APP}/bye`, federated: false, phase, page: 'another-tab', ...extra });
  return { announce, close: () => channel.close() };
}

const phases = (events: LogoutEvent[]) => events.map(({ id, phase, reason }) => `${id} ${phase}${reason ? ` ${reason}` : ''}`);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  localStorage.clear();
  sessionStorage.clear();
});

describe('one end per started logout, per subscription', () => {
  it('hears a started once, then one end: repeated and late messages say nothing', async () => {
    const { clientID, events, unsubscribe } = recordedWebAuth();
    const tab = loggingOutTab(clientID);
    tab.announce('one', 'started');
    tab.announce('one', 'started');
    tab.announce('one', 'completed');
    tab.announce('one', 'completed');
    // Late: the logout has ended; an abandonment now would contradict the completion.
    tab.announce('one', 'abandoned', { reason: 'reload' });
    tab.announce('one', 'started');
    tab.announce('two', 'started');
    tab.announce('two', 'abandoned', { reason: 'history' });
    tab.announce('two', 'completed');
    await settle();
    tab.close();
    unsubscribe();
    expect(phases(events)).toEqual(['one started', 'one completed', 'two started', 'two abandoned history']);
    expect(events.every((event) => event.source === 'other-tab')).toBe(true);
  });

  it('delivers the end of a logout it never heard start, once, whether abandoned or completed', async () => {
    const { clientID, events, unsubscribe } = recordedWebAuth();
    const tab = loggingOutTab(clientID);
    tab.announce('unheard', 'abandoned', { reason: 'no_return' });
    tab.announce('unheard', 'abandoned', { reason: 'no_return' });
    tab.announce('came-back', 'completed');
    tab.announce('came-back', 'completed');
    await settle();
    tab.close();
    unsubscribe();
    expect(phases(events)).toEqual(['unheard abandoned no_return', 'came-back completed']);
  });

  it('keeps each subscription to its own promise: one that subscribed late hears only what follows, the end once', async () => {
    const first = recordedWebAuth();
    const tab = loggingOutTab(first.clientID);
    tab.announce('one', 'started');
    await settle();
    const late: LogoutEvent[] = [];
    const stopLate = onLogout(first.webAuth, (event) => late.push(event));
    tab.announce('one', 'abandoned', { reason: 'navigated' });
    tab.announce('one', 'abandoned', { reason: 'navigated' });
    await settle();
    tab.close();
    first.unsubscribe();
    stopLate();
    expect(phases(first.events)).toEqual(['one started', 'one abandoned navigated']);
    expect(phases(late)).toEqual(['one abandoned navigated']);
  });

  it('hears nothing more once unsubscribed, and unsubscribing twice is harmless', async () => {
    const { clientID, events, unsubscribe } = recordedWebAuth();
    const tab = loggingOutTab(clientID);
    tab.announce('one', 'started');
    await settle();
    unsubscribe();
    unsubscribe();
    tab.announce('one', 'completed');
    await settle();
    tab.close();
    expect(phases(events)).toEqual(['one started']);
  });
});

describe('abandonAfterMs', () => {
  /** A logout started in this tab with an openUrl that never comes back, its listener's events, and whatever other tabs hear. */
  async function startedAndLeft(abandonAfterMs?: number) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const recorded = recordedWebAuth({ openUrl: () => undefined, ...(abandonAfterMs === undefined ? {} : { abandonAfterMs }) });
    await recorded.webAuth.logout(`${APP}/bye`);
    const id = recorded.events[0]!.id;
    expect(id).toMatch(LOGOUT_ID);
    return { ...recorded, id };
  }

  it('gives up after abandonAfterMs with no word: its own listener hears abandoned, no_return; no other tab is told', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const { clientID, events, id, unsubscribe } = await startedAndLeft(1000);
    const tab = otherTab(clientID);
    setItem.mockClear();
    await vi.advanceTimersByTimeAsync(999);
    expect(phases(events)).toEqual([`${id} started`]);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual([
      { id, clientID, endpoint: 'v2', returnTo: `${APP}/bye`, federated: false, phase: 'started', source: 'this-tab' },
      { id, clientID, endpoint: 'v2', returnTo: `${APP}/bye`, federated: false, phase: 'abandoned', reason: 'no_return', source: 'this-tab' },
    ]);
    // Nothing written to the recent endings: another tab may still hear how it really ended.
    expect(setItem).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(events).toHaveLength(2);
    vi.useRealTimers();
    await settle();
    tab.close();
    unsubscribe();
    expect(tab.received).toEqual([]);
  });

  it('waits five minutes by default', async () => {
    const { events, unsubscribe } = await startedAndLeft();
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(events.map((event) => event.phase)).toEqual(['started']);
    await vi.advanceTimersByTimeAsync(1);
    expect(events.map((event) => event.phase)).toEqual(['started', 'abandoned']);
    unsubscribe();
  });

  it('at the deadline, delivers the end another tab wrote to the recent endings, completed or abandoned with its reason', async () => {
    for (const [ending, expected] of [
      [['completed', null], 'completed'],
      [['abandoned', 'reload'], 'abandoned reload'],
    ] as const) {
      const { clientID, events, id, unsubscribe } = await startedAndLeft(1000);
      // What another tab wrote when it announced the end: this tab, asleep or frozen, missed the message.
      localStorage.setItem(endingsKey(clientID), JSON.stringify([['some-other-logout', 'completed', null], [id, ...ending]]));
      await vi.advanceTimersByTimeAsync(1000);
      unsubscribe();
      expect(phases(events)).toEqual([`${id} started`, `${id} ${expected}`]);
      expect(events[1]).toMatchObject({ source: 'this-tab', endpoint: 'v2', returnTo: `${APP}/bye` });
      vi.useRealTimers();
    }
  });

  it('ignores garbage in the recent endings, and an ending that does not fit its phase', async () => {
    for (const garbage of ['{not json', '"x"', '{}', '[1, null, "x"]', JSON.stringify([['ID', 'started', null]]), JSON.stringify([['ID', 'abandoned', 'idle']]), JSON.stringify([['ID', 'completed', 'reload']])]) {
      const { clientID, events, id, unsubscribe } = await startedAndLeft(1000);
      localStorage.setItem(endingsKey(clientID), garbage.replace('ID', id));
      await vi.advanceTimersByTimeAsync(1000);
      unsubscribe();
      expect(phases(events), garbage).toEqual([`${id} started`, `${id} abandoned no_return`]);
      vi.useRealTimers();
    }
  });

  it('on a page restored from the back/forward cache, catches up from the recent endings at once, and only then', async () => {
    const { clientID, events, id, unsubscribe } = await startedAndLeft(60_000);
    localStorage.setItem(endingsKey(clientID), JSON.stringify([[id, 'abandoned', 'history']]));
    // A page shown for the first time is no restoration.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    expect(phases(events)).toEqual([`${id} started`]);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(phases(events)).toEqual([`${id} started`, `${id} abandoned history`]);
    // The deadline, since cleared, adds nothing.
    await vi.advanceTimersByTimeAsync(60_000);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    unsubscribe();
    expect(events).toHaveLength(2);
  });

  it('on a restoration with no ending known, keeps waiting for the deadline', async () => {
    const { events, id, unsubscribe } = await startedAndLeft(60_000);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(phases(events)).toEqual([`${id} started`]);
    await vi.advanceTimersByTimeAsync(60_000);
    unsubscribe();
    expect(phases(events)).toEqual([`${id} started`, `${id} abandoned no_return`]);
  });

  it('stops every deadline when unsubscribed', async () => {
    const { events, unsubscribe } = await startedAndLeft(1000);
    unsubscribe();
    await vi.advanceTimersByTimeAsync(5000);
    expect(events.map((event) => event.phase)).toEqual(['started']);
  });

  it('is refused at the constructor with invalid_option unless a number of ms from 1 to 300000', () => {
    for (const abandonAfterMs of [0, -1, 300_001, Number.NaN, Number.POSITIVE_INFINITY, '1000', null, true, {}, [1000]]) {
      const error = (() => {
        try {
          new WebAuth({ domain: 'me.auth0.com', clientID: freshClientID(), abandonAfterMs } as never);
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error, String(abandonAfterMs)).toBeInstanceOf(WebAuthError);
      expect((error as WebAuthError).code, String(abandonAfterMs)).toBe('invalid_option');
    }
    for (const abandonAfterMs of [1, 1000, 300_000]) {
      expect(() => new WebAuth({ domain: 'me.auth0.com', clientID: freshClientID(), abandonAfterMs })).not.toThrow();
    }
  });

  it('refuses a fraction of a millisecond below 1: the shortest wait is 1 ms', () => {
    for (const abandonAfterMs of [0.5, 0.001, Number.MIN_VALUE]) {
      expect(() => new WebAuth({ domain: 'me.auth0.com', clientID: freshClientID(), abandonAfterMs }), String(abandonAfterMs)).toThrow(
        expect.objectContaining({ code: 'invalid_option' }),
      );
    }
  });
});

describe('onLogout refuses what is not a client or a listener', () => {
  it('throws invalid_instance for anything but an instance, invalid_option for a listener that is not a function', () => {
    for (const notAClient of [undefined, null, {}, { config: { clientID: 'x' } }, 'webAuth']) {
      expect(() => onLogout(notAClient as never, () => undefined)).toThrow(expect.objectContaining({ code: 'invalid_instance' }));
    }
    const { webAuth } = recordedWebAuth();
    for (const notAListener of [undefined, null, 'listener', {}]) {
      expect(() => onLogout(webAuth, notAListener as never)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    }
  });
});
