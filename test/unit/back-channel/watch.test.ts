import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackChannelWatch, IdleWatch, LogoutEvent } from '../../../src/index';
import { asTab, FakeEventSource, FakeLockManager } from './support';

const FIXED_SEED = 20261206;
const DOMAIN = 'me.auth0.com';
const STREAM_ID = '1764990012345-0';
const LOGOUT_DATA = { sid: 'eB4aXk1', sub: 'auth0|64f0', iss: 'https://me.auth0.com/', time: 1764990012345 };

let clients = 0;
let manager: FakeLockManager;
/** What `navigator.locks` is for the tab being started; `undefined` plays a browser without Web Locks. */
let currentLocks: LockManager | undefined;
const cleanups: (() => void)[] = [];

/** Lets the channel's messages between tabs arrive (BroadcastChannel delivers on the event loop, not on timers). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A tab of the application: its own instance of the SDK's modules (its own
 * page mark and listeners), its `onLogout` events, and its back-channel
 * watch. `close()` is the page going away: the browser closes its streams
 * and frees its locks; the app calls nothing.
 */
async function openTab(name: string, clientID: string, { locks = true, url = '/auth/events' as string | URL } = {}) {
  vi.resetModules();
  const sdk = await import('../../../src/index');
  const webAuth = new sdk.WebAuth({ domain: DOMAIN, clientID, _sendTelemetry: false, openUrl: vi.fn<(url: string) => void>() });
  const events: LogoutEvent[] = [];
  const unsubscribe = sdk.onLogout(webAuth, (event) => events.push(event));
  currentLocks = locks ? manager.forTab(name) : undefined;
  const watch: BackChannelWatch = asTab(name, () => sdk.watchBackChannelLogout(webAuth, { url }));
  const close = () => {
    for (const source of FakeEventSource.instances) if (source.tab === name) source.close();
    manager.closeTab(name);
    unsubscribe();
  };
  cleanups.push(() => {
    watch.stop();
    unsubscribe();
  });
  return { name, sdk, webAuth, events, watch, close, unsubscribe };
}

const lockName = (clientID: string) => `webauth-logout:back-channel:${clientID}`;
const heard = (events: LogoutEvent[]) => events.map((event) => `${event.phase} ${event.source}`);

beforeEach(() => {
  clients += 1;
  manager = new FakeLockManager();
  currentLocks = undefined;
  FakeEventSource.instances = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: new Date('2026-12-06T05:00:00Z') });
  vi.stubGlobal('EventSource', FakeEventSource);
  Object.defineProperty(navigator, 'locks', { configurable: true, get: () => currentLocks });
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  delete (navigator as { locks?: unknown }).locks;
  localStorage.clear();
});

describe('watchBackChannelLogout: one stream per browser', () => {
  it('opens one stream for three tabs, held by the first, the others queued on the Web Lock', async () => {
    const clientID = `bc-${clients}`;
    await openTab('tab-1', clientID);
    await openTab('tab-2', clientID);
    await openTab('tab-3', clientID);
    await settle();
    expect(FakeEventSource.live().map((source) => source.tab)).toEqual(['tab-1']);
    // Relative to the page, same-origin, cookies sent as for any same-origin request.
    expect(FakeEventSource.live()[0]!.url).toBe(new URL('/auth/events', window.location.href).href);
    expect(FakeEventSource.live()[0]!.withCredentials).toBe(false);
    expect(manager.holderOf(lockName(clientID))).toBe('tab-1');
    expect(manager.queueOf(lockName(clientID))).toEqual(['tab-2', 'tab-3']);
  });

  it('hands the stream to the next tab within a second when the holder closes, and on when that one closes', async () => {
    const clientID = `bc-${clients}`;
    const first = await openTab('tab-1', clientID);
    const second = await openTab('tab-2', clientID);
    await openTab('tab-3', clientID);
    await settle();
    first.close();
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(FakeEventSource.live().map((source) => source.tab)).toEqual(['tab-2']);
    second.close();
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(FakeEventSource.live().map((source) => source.tab)).toEqual(['tab-3']);
    expect(FakeEventSource.instances).toHaveLength(3);
  });

  it('opens a stream in every tab where the browser has no Web Locks, and says so by doing it', async () => {
    const clientID = `bc-${clients}`;
    await openTab('tab-1', clientID, { locks: false });
    await openTab('tab-2', clientID, { locks: false });
    expect(FakeEventSource.live().map((source) => source.tab)).toEqual(['tab-1', 'tab-2']);
    expect(manager.requested).toEqual([]);
  });
});

describe('watchBackChannelLogout: the logout event', () => {
  it('reaches every listener of every tab exactly once, completed, from the back channel, with the same id', async () => {
    const clientID = `bc-${clients}`;
    const tabs = [await openTab('tab-1', clientID), await openTab('tab-2', clientID), await openTab('tab-3', clientID)];
    // A second listener in the holder's page hears it too, through the page's own dispatch.
    const holderSecond: LogoutEvent[] = [];
    tabs[0]!.sdk.onLogout(tabs[0]!.webAuth, (event) => holderSecond.push(event));
    await settle();
    const [stream] = FakeEventSource.live();
    stream!.open();
    stream!.logout(STREAM_ID, LOGOUT_DATA);
    await settle();
    await vi.advanceTimersByTimeAsync(400_000);
    await settle();
    const expected = { id: `bc-${STREAM_ID}`, clientID, endpoint: 'oidc', federated: false, phase: 'completed', source: 'back-channel' };
    for (const tab of tabs) expect(tab.events).toEqual([expected]);
    expect(holderSecond).toEqual([expected]);
    expect(tabs.map((tab) => tab.events[0]!.returnTo)).toEqual([undefined, undefined, undefined]);
    // The session it watched is over: the holder closes its stream and keeps its place, so no tab opens another.
    expect(FakeEventSource.live()).toEqual([]);
    expect(manager.holderOf(lockName(clientID))).toBe('tab-1');
  });

  it("tells the other tabs even when the holder's page has no listener of its own", async () => {
    const clientID = `bc-${clients}`;
    const holder = await openTab('tab-1', clientID);
    const other = await openTab('tab-2', clientID);
    holder.close();
    const next = await openTab('tab-3', clientID);
    await settle();
    // tab-2 now holds the stream; its page stops listening to onLogout but keeps watching.
    expect(FakeEventSource.live().map((source) => source.tab)).toEqual(['tab-2']);
    other.unsubscribe();
    FakeEventSource.live()[0]!.logout(STREAM_ID, LOGOUT_DATA);
    await settle();
    expect(other.events).toEqual([]);
    expect(heard(next.events)).toEqual(['completed back-channel']);
  });

  it('without Web Locks, every tab hears the logout from its own stream and from the others, and still once', async () => {
    const clientID = `bc-${clients}`;
    const tabs = [await openTab('tab-1', clientID, { locks: false }), await openTab('tab-2', clientID, { locks: false })];
    for (const source of FakeEventSource.live()) source.logout(STREAM_ID, LOGOUT_DATA);
    await settle();
    for (const tab of tabs) expect(heard(tab.events)).toEqual(['completed back-channel']);
    expect(new Set(tabs.map((tab) => tab.events[0]!.id))).toEqual(new Set([`bc-${STREAM_ID}`]));
  });

  it("takes the id from the session's sid when the event has no usable id", async () => {
    const clientID = `bc-${clients}`;
    const tab = await openTab('tab-1', clientID);
    await settle();
    FakeEventSource.live()[0]!.logout('', LOGOUT_DATA);
    expect(tab.events.map((event) => event.id)).toEqual([`bc-${LOGOUT_DATA.sid}`]);
  });

  it("stops the idle watch of every tab of the client, so the ended session is not logged out twice", async () => {
    const clientID = `bc-${clients}`;
    const holder = await openTab('tab-1', clientID);
    const other = await openTab('tab-2', clientID);
    const idleWatches: IdleWatch[] = [];
    const logouts = [vi.spyOn(holder.webAuth, 'logout'), vi.spyOn(other.webAuth, 'logout')];
    for (const tab of [holder, other]) idleWatches.push(tab.sdk.watchIdle(tab.webAuth, { timeoutMs: 10_000 }));
    cleanups.push(() => idleWatches.forEach((watch) => watch.stop()));
    await settle();
    await vi.advanceTimersByTimeAsync(5_000);
    FakeEventSource.live()[0]!.logout(STREAM_ID, LOGOUT_DATA);
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    for (const logout of logouts) expect(logout).not.toHaveBeenCalled();
    for (const tab of [holder, other]) expect(heard(tab.events)).toEqual(['completed back-channel']);
    expect(idleWatches.map((watch) => watch.remaining())).toEqual([0, 0]);
    expect(JSON.parse(localStorage.getItem(`webauth-logout:idle:${clientID}`)!)).toMatchObject({ loggedOut: true });
  });

  it('ends a logout of this browser that was under way, as that logout, so every listener hears one end', async () => {
    const clientID = `bc-${clients}`;
    const holder = await openTab('tab-1', clientID);
    const leaving = await openTab('tab-2', clientID);
    await settle();
    await leaving.webAuth.logout({ returnTo: 'https://app.example/bye' });
    await settle();
    const [started] = leaving.events;
    expect(started).toMatchObject({ phase: 'started', endpoint: 'v2', returnTo: 'https://app.example/bye' });
    FakeEventSource.live()[0]!.logout(STREAM_ID, LOGOUT_DATA);
    await settle();
    // The trip comes back after Auth0 has already told the app's server: the same logout, heard ended already.
    const returned = await leaving.sdk.handleLogoutReturn(leaving.webAuth, 'https://app.example/bye');
    expect(returned).toMatchObject({ id: started!.id });
    await settle();
    await vi.advanceTimersByTimeAsync(400_000);
    await settle();
    const ended = { id: started!.id, clientID, endpoint: 'v2', federated: false, phase: 'completed', source: 'back-channel' };
    expect(holder.events).toEqual([{ ...started, source: 'other-tab' }, ended]);
    expect(leaving.events).toEqual([started, ended]);
  });

  it('after a logout of this browser completed, closes the stream and opens no other: the token that follows is that logout again', async () => {
    const clientID = `bc-${clients}`;
    const holder = await openTab('tab-1', clientID);
    const other = await openTab('tab-2', clientID);
    await settle();
    await other.webAuth.logout({ returnTo: 'https://app.example/bye' });
    await settle();
    expect(await other.sdk.handleLogoutReturn(other.webAuth, 'https://app.example/bye')).toBeDefined();
    await settle();
    expect(FakeEventSource.live()).toEqual([]);
    // The holder goes; the next tab gets the lock and opens nothing for a session that is over.
    holder.close();
    await settle();
    expect(manager.holderOf(lockName(clientID))).toBe('tab-2');
    expect(FakeEventSource.live()).toEqual([]);
    expect(heard(other.events)).toEqual(['started this-tab', 'completed this-tab']);
  });

  it('ends an idle logout under way as that idle logout', async () => {
    const clientID = `bc-${clients}`;
    const holder = await openTab('tab-1', clientID);
    const other = await openTab('tab-2', clientID);
    const idleWatch = other.sdk.watchIdle(other.webAuth, { timeoutMs: 10_000, logout: { returnTo: 'https://app.example/' } });
    cleanups.push(() => idleWatch.stop());
    await vi.advanceTimersByTimeAsync(11_000);
    await settle();
    expect(heard(holder.events)).toEqual(['started other-tab']);
    FakeEventSource.live()[0]!.logout(STREAM_ID, LOGOUT_DATA);
    await settle();
    for (const tab of [holder, other]) {
      expect(tab.events.at(-1)).toMatchObject({ id: tab.events[0]!.id, phase: 'completed', source: 'back-channel', reason: 'idle' });
      expect(tab.events).toHaveLength(2);
    }
  });

  it('stores no idle deadline for an app that does not watch idleness', async () => {
    const clientID = `bc-${clients}`;
    await openTab('tab-1', clientID);
    await settle();
    FakeEventSource.live()[0]!.logout(STREAM_ID, LOGOUT_DATA);
    expect(localStorage.getItem(`webauth-logout:idle:${clientID}`)).toBeNull();
  });
});

describe('watchBackChannelLogout: reconnecting', () => {
  it('leaves a dropped connection to the browser, and reopens one it gave up on after a capped, growing wait', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const clientID = `bc-${clients}`;
    await openTab('tab-1', clientID);
    await settle();
    const waits: number[] = [];
    FakeEventSource.live()[0]!.drop();
    expect(FakeEventSource.instances).toHaveLength(1);
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const current = FakeEventSource.live();
      expect(current).toHaveLength(1);
      current[0]!.fail();
      let waited = 0;
      while (FakeEventSource.live().length === 0) {
        await vi.advanceTimersByTimeAsync(100);
        waited += 100;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    // Once a stream opens, the next failure waits a second again.
    FakeEventSource.live()[0]!.open();
    FakeEventSource.live()[0]!.fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.live()).toHaveLength(1);
  });

  it('waits at least half the capped delay: the jitter spreads reconnections without skipping the backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await openTab('tab-1', `bc-${clients}`);
    await settle();
    FakeEventSource.live()[0]!.fail();
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeEventSource.live()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.live()).toHaveLength(1);
  });
});

describe('watchBackChannelLogout: stop()', () => {
  it("closes the holder's stream and frees the lock for the next tab; a queued tab leaves the queue; twice is once", async () => {
    const clientID = `bc-${clients}`;
    const first = await openTab('tab-1', clientID);
    const second = await openTab('tab-2', clientID);
    const third = await openTab('tab-3', clientID);
    await settle();
    third.watch.stop();
    await settle();
    expect(manager.queueOf(lockName(clientID))).toEqual(['tab-2']);
    first.watch.stop();
    first.watch.stop();
    await settle();
    expect(FakeEventSource.live().map((source) => source.tab)).toEqual(['tab-2']);
    second.watch.stop();
    await settle();
    expect(FakeEventSource.live()).toEqual([]);
    expect(manager.holderOf(lockName(clientID))).toBeUndefined();
    expect(manager.queueOf(lockName(clientID))).toEqual([]);
  });

  it('cancels a pending reopening', async () => {
    const tab = await openTab('tab-1', `bc-${clients}`);
    await settle();
    FakeEventSource.live()[0]!.fail();
    tab.watch.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('stopped before the lock is granted, never opens a stream', async () => {
    const clientID = `bc-${clients}`;
    const first = await openTab('tab-1', clientID);
    const second = await openTab('tab-2', clientID);
    await settle();
    second.watch.stop();
    first.close();
    await settle();
    expect(FakeEventSource.live()).toEqual([]);
  });
});

describe('watchBackChannelLogout: what it refuses', () => {
  it('throws no_window without EventSource, after checking the options, and starts nothing', async () => {
    const { WebAuth, watchBackChannelLogout } = await import('../../../src/index');
    const webAuth = new WebAuth({ domain: DOMAIN, clientID: `bc-${clients}` });
    currentLocks = manager.forTab('tab-1');
    vi.stubGlobal('EventSource', undefined);
    expect(() => watchBackChannelLogout(webAuth, { url: '/auth/events' })).toThrow(expect.objectContaining({ code: 'no_window', message: expect.stringMatching(/needs a browser window/) }));
    expect(() => watchBackChannelLogout(webAuth, { url: 42 as unknown as string })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(manager.requested).toEqual([]);
  });

  it('refuses what is not a WebAuth instance', async () => {
    const { watchBackChannelLogout } = await import('../../../src/index');
    expect(() => watchBackChannelLogout({} as never, { url: '/auth/events' })).toThrow(expect.objectContaining({ code: 'invalid_instance' }));
  });

  it('takes a URL object and withCredentials for a stream of another origin', async () => {
    await openTab('tab-1', `bc-${clients}`, { locks: false, url: new URL('https://api.example.com/auth/events') });
    expect(FakeEventSource.live()[0]!.url).toBe('https://api.example.com/auth/events');
  });

  it('refuses hostile options with a WebAuthError and starts nothing (fast-check, fixed seed)', async () => {
    const { WebAuth, WebAuthError, watchBackChannelLogout } = await import('../../../src/index');
    const webAuth = new WebAuth({ domain: DOMAIN, clientID: `bc-${clients}` });
    currentLocks = manager.forTab('tab-1');
    const badUrl = fc.oneof(
      fc.anything().filter((value) => typeof value !== 'string'),
      fc.constantFrom('', 'javascript:alert(1)', 'data:text/event-stream,x', 'http://[::1', '/a\nb', 'ftp://example.com/'),
    );
    const hostile = fc.oneof(
      fc.anything().filter((value) => Object.prototype.toString.call(value) !== '[object Object]'),
      fc.record({ url: badUrl }),
      fc.record({ url: fc.constant('/auth/events'), withCredentials: fc.anything().filter((value) => typeof value !== 'boolean' && value !== undefined) }),
      fc
        .dictionary(fc.string({ minLength: 1 }), fc.anything(), { minKeys: 1 })
        .filter((extra) => Object.keys(extra).some((key) => key !== 'url' && key !== 'withCredentials' && key !== '__proto__'))
        .map((extra) => ({ url: '/auth/events', ...extra })),
      fc.constant(
        Object.defineProperty({}, 'url', {
          enumerable: true,
          get() {
            throw new Error('a getter that throws');
          },
        }),
      ),
    );
    fc.assert(
      fc.property(hostile, (options) => {
        let thrown: unknown;
        try {
          watchBackChannelLogout(webAuth, options as never);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(WebAuthError);
        expect(['invalid_option', 'invalid_options']).toContain((thrown as InstanceType<typeof WebAuthError>).code);
        expect(FakeEventSource.instances).toEqual([]);
        expect(manager.requested).toEqual([]);
      }),
      { seed: FIXED_SEED, numRuns: 300 },
    );
  });
});

describe('onLogout hears the back channel only as this SDK announces it', () => {
  it('delivers a completed back-channel announcement of another page as source back-channel, and drops any other shape', async () => {
    const { WebAuth, onLogout } = await import('../../../src/index');
    const clientID = `bc-${clients}`;
    const events: LogoutEvent[] = [];
    const unsubscribe = onLogout(new WebAuth({ domain: DOMAIN, clientID }), (event) => events.push(event));
    cleanups.push(unsubscribe);
    const channel = new BroadcastChannel(`webauth-logout:${clientID}`);
    const base = { clientID, endpoint: 'oidc', federated: false, page: 'another-page' };
    channel.postMessage({ ...base, id: 'b1', phase: 'started', backChannel: true });
    channel.postMessage({ ...base, id: 'b2', phase: 'abandoned', reason: 'no_return', backChannel: true });
    channel.postMessage({ ...base, id: 'b3', phase: 'completed', backChannel: 'yes' });
    channel.postMessage({ ...base, id: 'b4', phase: 'completed', backChannel: true, returnTo: 'https://app.example.com/' });
    channel.postMessage({ ...base, id: 'b5', phase: 'completed', backChannel: true, reason: 'reload' });
    // The end of an idle logout that was under way keeps its reason.
    channel.postMessage({ ...base, id: 'b7', phase: 'completed', backChannel: true, reason: 'idle' });
    channel.postMessage({ ...base, id: 'b6', phase: 'completed', backChannel: true });
    channel.postMessage({ ...base, id: 'b6', phase: 'completed', backChannel: true });
    await settle();
    channel.close();
    expect(events).toEqual([
      { id: 'b7', clientID, endpoint: 'oidc', federated: false, phase: 'completed', source: 'back-channel', reason: 'idle' },
      { id: 'b6', clientID, endpoint: 'oidc', federated: false, phase: 'completed', source: 'back-channel' },
    ]);
  });
});
