import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, WebAuthError, watchIdle, onLogout, type IdleWatch, type LogoutEvent } from '../../../src/index';

let clients = 0;
const watches: IdleWatch[] = [];

/** A fresh application per test, its events, and a logout function that records instead of leaving. */
function setup() {
  const clientID = `idle-${++clients}`;
  const webAuth = new WebAuth({ domain: 'me.auth0.com', clientID, _sendTelemetry: false, openUrl: vi.fn<(url: string) => void>() });
  const events: LogoutEvent[] = [];
  onLogout(webAuth, (event) => events.push(event));
  const key = `webauth-logout:idle:${clientID}`;
  const start = (options: Parameters<typeof watchIdle>[1]) => {
    const watch = watchIdle(webAuth, options);
    watches.push(watch);
    return watch;
  };
  return { clientID, webAuth, events, key, start };
}

const shared = (key: string) => JSON.parse(localStorage.getItem(key) ?? 'null') as { deadline: number; loggedOut?: boolean } | null;

/** What another tab's write looks like here: the value in storage, and a `storage` event. */
function otherTabWrites(key: string, value: object) {
  const newValue = JSON.stringify(value);
  localStorage.setItem(key, newValue);
  window.dispatchEvent(new StorageEvent('storage', { key, newValue }));
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z') });
});

afterEach(() => {
  for (const watch of watches.splice(0)) watch.stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('watchIdle in one tab', () => {
  it('logs out through webAuth.logout once timeoutMs pass without activity, never before', async () => {
    const { webAuth, events, start } = setup();
    const logout = vi.spyOn(webAuth, 'logout');
    start({ timeoutMs: 10_000, logout: { returnTo: 'https://app.example.com/' } });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(logout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_001);
    expect(logout).toHaveBeenCalledTimes(1);
    expect(logout.mock.calls[0]![0]).toMatchObject({ returnTo: 'https://app.example.com/' });
    expect(events.map((event) => `${event.phase} ${event.source}`)).toEqual(['started this-tab']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(logout).toHaveBeenCalledTimes(1);
  });

  it('moves the deadline on activity, and remaining() says what is left', async () => {
    const { start } = setup();
    const logout = vi.fn<() => void>();
    const watch = start({ timeoutMs: 10_000, logout });
    await vi.advanceTimersByTimeAsync(8_000);
    expect(watch.remaining()).toBe(2_000);
    window.dispatchEvent(new Event('keydown'));
    expect(watch.remaining()).toBe(10_000);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(logout).not.toHaveBeenCalled();
    watch.reset();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(logout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(logout).toHaveBeenCalledTimes(1);
    expect(watch.remaining()).toBe(0);
  });

  it('warns warnBeforeMs before, once, and withdraws the warning on activity', async () => {
    const { start } = setup();
    const onWarn = vi.fn();
    const onActive = vi.fn();
    start({ timeoutMs: 10_000, warnBeforeMs: 3_000, onWarn, onActive, logout: vi.fn<() => void>() });
    await vi.advanceTimersByTimeAsync(6_999);
    expect(onWarn).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onWarn).toHaveBeenCalledTimes(1);
    expect(onWarn.mock.calls[0]![0]).toBe(3_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onWarn).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event('pointermove'));
    expect(onActive).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(7_000);
    expect(onWarn).toHaveBeenCalledTimes(2);
  });

  it('does not flash a warning when activity comes inside the warning time before a tick noticed it', () => {
    const { start } = setup();
    const onWarn = vi.fn();
    const onActive = vi.fn();
    start({ timeoutMs: 10_000, warnBeforeMs: 3_000, onWarn, onActive, logout: vi.fn<() => void>() });
    // The clock moves into the warning time without a timer running (a busy page), then the user moves.
    vi.setSystemTime(Date.now() + 8_000);
    window.dispatchEvent(new Event('pointermove'));
    expect(onWarn).not.toHaveBeenCalled();
    expect(onActive).not.toHaveBeenCalled();
  });

  it('counts only the events it is given, and a return to a visible tab', async () => {
    const { start } = setup();
    const logout = vi.fn<() => void>();
    const watch = start({ timeoutMs: 10_000, events: ['custom-activity'], logout });
    await vi.advanceTimersByTimeAsync(5_000);
    window.dispatchEvent(new Event('keydown'));
    expect(watch.remaining()).toBe(5_000);
    window.dispatchEvent(new Event('custom-activity'));
    expect(watch.remaining()).toBe(10_000);

    const visible = setup().start({ timeoutMs: 10_000, logout: vi.fn<() => void>() });
    await vi.advanceTimersByTimeAsync(4_000);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    window.dispatchEvent(new Event('visibilitychange'));
    expect(visible.remaining()).toBe(6_000);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    window.dispatchEvent(new Event('visibilitychange'));
    expect(visible.remaining()).toBe(10_000);
  });

  it('keeps wall-clock time: a page that slept past the deadline logs out as it wakes, and the waking movement does not revive it', async () => {
    const { start } = setup();
    const logout = vi.fn<() => void>();
    const watch = start({ timeoutMs: 10_000, logout });
    // The clock jumps, as after a laptop's sleep; no timer ran meanwhile.
    vi.setSystemTime(Date.now() + 60_000);
    window.dispatchEvent(new Event('pointermove'));
    expect(logout).toHaveBeenCalledTimes(1);
    expect(watch.remaining()).toBe(0);

    const throttled = setup();
    const logoutToo = vi.fn<() => void>();
    throttled.start({ timeoutMs: 10_000, logout: logoutToo });
    vi.setSystemTime(Date.now() + 30_000);
    window.dispatchEvent(new Event('focus'));
    expect(logoutToo).toHaveBeenCalledTimes(1);
  });

  it('is never more than a second late once its timers run', async () => {
    const { start } = setup();
    const logout = vi.fn<() => void>();
    start({ timeoutMs: 60_000, logout });
    // Timers run, but the clock moves faster than they fire (a throttled tab catching up).
    vi.setSystemTime(Date.now() + 59_500);
    await vi.advanceTimersByTimeAsync(499);
    expect(logout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(logout).toHaveBeenCalledTimes(1);
  });

  it('stop() ends the watch: no logout, no listener left', async () => {
    const { start } = setup();
    const logout = vi.fn<() => void>();
    const removed = vi.spyOn(window, 'removeEventListener');
    const watch = start({ timeoutMs: 1_000, logout });
    watch.stop();
    watch.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(logout).not.toHaveBeenCalled();
    expect(removed.mock.calls.map(([name]) => name)).toEqual(expect.arrayContaining(['pointerdown', 'keydown', 'storage', 'focus', 'pageshow']));
    expect(watch.remaining()).toBe(0);
    watch.reset();
    expect(watch.remaining()).toBe(0);
  });

  it('reports a logout function that fails, and goes no further', async () => {
    const { start } = setup();
    const failure = new Error('popup blocked');
    start({ timeoutMs: 1_000, logout: () => Promise.reject(failure) });
    const reported = vi.fn();
    const timeout = globalThis.setTimeout;
    vi.stubGlobal('setTimeout', (callback: () => void, ms?: number) =>
      timeout(() => {
        try {
          callback();
        } catch (error) {
          reported(error);
        }
      }, ms),
    );
    await vi.advanceTimersByTimeAsync(1_100);
    await vi.advanceTimersByTimeAsync(10);
    expect(reported).toHaveBeenCalledWith(failure);
  });
});

describe('watchIdle across tabs', () => {
  it('writes its deadline for the others, at most once a second however many events', async () => {
    const { key, start } = setup();
    const writes = vi.spyOn(Storage.prototype, 'setItem');
    const watch = start({ timeoutMs: 60_000, logout: vi.fn<() => void>() });
    writes.mockClear();
    for (let move = 0; move < 500; move++) {
      window.dispatchEvent(new Event('pointermove'));
      await vi.advanceTimersByTimeAsync(10);
    }
    const idleWrites = writes.mock.calls.filter(([name]) => name === key);
    // 5 s of a mouse storm: one write a second, the first at once and the last one trailing.
    expect(idleWrites.length).toBeGreaterThanOrEqual(5);
    expect(idleWrites.length).toBeLessThanOrEqual(6);
    // The trailing write carries the last movement's deadline: the others end up where this tab is.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shared(key)!.deadline - Date.now()).toBe(watch.remaining());
  });

  it('adopts a later deadline another tab writes, and withdraws its warning', async () => {
    const { key, start } = setup();
    const onActive = vi.fn();
    const logout = vi.fn<() => void>();
    const watch = start({ timeoutMs: 10_000, warnBeforeMs: 2_000, onWarn: vi.fn(), onActive, logout });
    await vi.advanceTimersByTimeAsync(9_000);
    otherTabWrites(key, { deadline: Date.now() + 10_000 });
    expect(onActive).toHaveBeenCalledTimes(1);
    expect(watch.remaining()).toBe(10_000);
    // An earlier deadline does not shorten this tab's.
    otherTabWrites(key, { deadline: Date.now() + 1_000 });
    expect(watch.remaining()).toBe(10_000);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(logout).not.toHaveBeenCalled();
  });

  it('joins late on the deadline the others keep, and starts afresh on a passed one', () => {
    const late = setup();
    localStorage.setItem(late.key, JSON.stringify({ deadline: Date.now() + 4_000 }));
    expect(late.start({ timeoutMs: 10_000, logout: vi.fn<() => void>() }).remaining()).toBe(4_000);

    const stale = setup();
    localStorage.setItem(stale.key, JSON.stringify({ deadline: Date.now() - 4_000, loggedOut: true }));
    expect(stale.start({ timeoutMs: 10_000, logout: vi.fn<() => void>() }).remaining()).toBe(10_000);
    expect(shared(stale.key)).toEqual({ deadline: Date.now() + 10_000 });
  });

  it('logs out in exactly one tab: one that finds the deadline already claimed stops without logging out', async () => {
    const { key, start } = setup();
    const logout = vi.fn<() => void>();
    start({ timeoutMs: 10_000, logout });
    await vi.advanceTimersByTimeAsync(9_500);
    // Another tab got there first and marked the deadline as its logout.
    otherTabWrites(key, { deadline: shared(key)!.deadline, loggedOut: true });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(logout).not.toHaveBeenCalled();
  });

  it('marks the deadline it logs out for, under a Web Lock when the browser has one', async () => {
    const { key, start } = setup();
    const requested: string[] = [];
    vi.stubGlobal('navigator', {
      ...navigator,
      locks: { request: (name: string, callback: () => void) => (requested.push(name), Promise.resolve(callback())) },
    });
    const logout = vi.fn<() => void>();
    start({ timeoutMs: 1_000, logout });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requested).toEqual([`${key}:logout`]);
    expect(logout).toHaveBeenCalledTimes(1);
    expect(shared(key)).toMatchObject({ loggedOut: true });
  });

  it('keeps its own deadline with crossTab: false, and ignores the others', async () => {
    const { key, start } = setup();
    const logout = vi.fn<() => void>();
    const watch = start({ timeoutMs: 10_000, crossTab: false, logout });
    expect(localStorage.getItem(key)).toBeNull();
    otherTabWrites(key, { deadline: Date.now() + 60_000 });
    expect(watch.remaining()).toBe(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(logout).toHaveBeenCalledTimes(1);
  });

  it('ignores what is not a deadline in its key', () => {
    const { key, start } = setup();
    for (const value of ['x', '[]', '{"deadline":"soon"}', '{"deadline":null}', '{}']) {
      localStorage.setItem(key, value);
      const watch = start({ timeoutMs: 10_000, logout: vi.fn<() => void>() });
      expect(watch.remaining()).toBe(10_000);
      window.dispatchEvent(new StorageEvent('storage', { key, newValue: value }));
      expect(watch.remaining()).toBe(10_000);
      watch.stop();
    }
  });
});

describe('watchIdle refuses what it cannot run, before anything starts', () => {
  it('answers a WebAuthError for each bad option, starting nothing', () => {
    const { webAuth } = setup();
    const added = vi.spyOn(window, 'addEventListener');
    const refusals: [unknown, string][] = [
      [undefined, 'invalid_options'],
      ['10s', 'invalid_options'],
      [{}, 'invalid_option'],
      [{ timeoutMs: 0 }, 'invalid_option'],
      [{ timeoutMs: Number.NaN }, 'invalid_option'],
      [{ timeoutMs: 1_000, warnBeforeMs: 1_000 }, 'invalid_option'],
      [{ timeoutMs: 1_000, warnBeforeMs: -1 }, 'invalid_option'],
      [{ timeoutMs: 1_000, onWarn: 'alert' }, 'invalid_option'],
      [{ timeoutMs: 1_000, onActive: 1 }, 'invalid_option'],
      [{ timeoutMs: 1_000, events: 'keydown' }, 'invalid_option'],
      [{ timeoutMs: 1_000, events: [''] }, 'invalid_option'],
      [{ timeoutMs: 1_000, crossTab: 'yes' }, 'invalid_option'],
      [{ timeoutMs: 1_000, logout: 'https://app.example.com/' }, 'invalid_option'],
      [{ timeoutMs: 1_000, logout: { returnTo: 'javascript:alert(1)' } }, 'invalid_return_to'],
      [{ timeoutMs: 1_000, get logout(): never { throw new Error('getter'); } }, 'invalid_options'],
    ];
    for (const [index, [options, code]] of refusals.entries()) {
      let thrown: unknown;
      try {
        watchIdle(webAuth, options as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `refusal ${index}`).toBeInstanceOf(WebAuthError);
      expect((thrown as WebAuthError).code, `refusal ${index}`).toBe(code);
    }
    expect(() => watchIdle({} as never, { timeoutMs: 1_000 })).toThrow(expect.objectContaining({ code: 'invalid_instance' }));
    expect(added).not.toHaveBeenCalled();
  });
});
