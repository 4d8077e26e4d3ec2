import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, onLogout, oidcLogout, type LogoutEvent } from '../../src/index';
import type { JsLogoutOptions } from '../helpers/objects';

const options = { domain: 'me.auth0.com', clientID: 'app-1', _sendTelemetry: false, openUrl: false } as const;
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 20));
/** A logout's id: 32 random hex digits, the same in its started and its end, in every tab. */
const ID = expect.stringMatching(/^[0-9a-f]{32}$/);
const idOf = (message: unknown) => (message as { id: string }).id;

/** A stand-in for another tab: a channel of the same name, which is what a tab of the same origin opens. */
function otherTab(clientID: string) {
  const channel = new BroadcastChannel(`webauth-logout:${clientID}`);
  const received: unknown[] = [];
  channel.onmessage = (message) => received.push(message.data);
  return { channel, received };
}

describe('cross-tab logout over BroadcastChannel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('runs listeners in this tab before navigating, and tells the other tabs', async () => {
    const tab = otherTab('app-1');
    const order: string[] = [];
    const webAuth = new WebAuth({ ...options, openUrl: () => void order.push('navigate') });
    const unsubscribe = onLogout(webAuth, (event) => order.push(`listener ${event.source}`));
    await webAuth.logout({ returnTo: 'https://app.example.com/', federated: true });
    await nextTick();
    unsubscribe();
    tab.channel.close();
    expect(order).toEqual(['listener this-tab', 'navigate']);
    // Each message names the page that sent it, so that page's own listeners never take it for another tab's.
    expect(tab.received).toEqual([{ id: ID, clientID: 'app-1', endpoint: 'v2', returnTo: 'https://app.example.com/', federated: true, phase: 'started', page: expect.any(String) }]);
  });

  it('tells listeners the return URL whatever its spelling', async () => {
    const events: LogoutEvent[] = [];
    const webAuth = new WebAuth(options);
    const unsubscribe = onLogout(webAuth, (event) => events.push(event));
    await webAuth.logout({ return_to: 'https://app.example.com/a' });
    await webAuth.logout({ ReturnTo: undefined, returnTo: 'https://app.example.com/b' } as JsLogoutOptions);
    unsubscribe();
    // A local-only logout (openUrl: false) is complete at once: started, then completed.
    expect(events.map((event) => `${event.phase} ${event.returnTo}`)).toEqual([
      'started https://app.example.com/a',
      'completed https://app.example.com/a',
      'started https://app.example.com/b',
      'completed https://app.example.com/b',
    ]);
  });

  it('tells other tabs even when this tab has no listener', async () => {
    const tab = otherTab('app-1');
    await oidcLogout(new WebAuth(options), { postLogoutRedirectUri: 'https://app.example.com/bye' });
    await nextTick();
    tab.channel.close();
    expect(tab.received).toEqual([
      { id: ID, clientID: 'app-1', endpoint: 'oidc', returnTo: 'https://app.example.com/bye', federated: false, phase: 'started', page: expect.any(String) },
      { id: ID, clientID: 'app-1', endpoint: 'oidc', returnTo: 'https://app.example.com/bye', federated: false, phase: 'completed', page: expect.any(String) },
    ]);
    expect(idOf(tab.received[1])).toBe(idOf(tab.received[0]));
  });

  it("hears another tab's logout as source other-tab, only for its own client ID and with a phase", async () => {
    const events: LogoutEvent[] = [];
    const unsubscribe = onLogout(new WebAuth(options), (event) => events.push(event));
    const sameApp = otherTab('app-1');
    const otherApp = otherTab('app-2');
    const logout = { endpoint: 'v2', page: 'another-page' };
    sameApp.channel.postMessage({ ...logout, id: 'a1', clientID: 'app-1', federated: false, phase: 'started' });
    otherApp.channel.postMessage({ ...logout, id: 'a2', clientID: 'app-2', federated: false, phase: 'started' });
    sameApp.channel.postMessage('not an announcement');
    // Without a valid phase, a message is not an announcement.
    sameApp.channel.postMessage({ ...logout, id: 'a3', clientID: 'app-1', federated: false });
    sameApp.channel.postMessage({ ...logout, id: 'a4', clientID: 'app-1', federated: false, phase: 'ended' });
    // Without an id or an endpoint, neither.
    sameApp.channel.postMessage({ page: 'another-page', id: 'a5', clientID: 'app-1', federated: false, phase: 'started' });
    sameApp.channel.postMessage({ ...logout, clientID: 'app-1', federated: false, phase: 'started' });
    sameApp.channel.postMessage({ ...logout, id: 'a1', clientID: 'app-1', federated: true, phase: 'completed', revoked: true });
    // A `revoked` that is not a boolean is not what this SDK sends: the message is dropped.
    sameApp.channel.postMessage({ ...logout, id: 'a6', clientID: 'app-1', federated: true, phase: 'completed', revoked: 'yes' });
    // A completed logout is news even to a tab that did not hear it start.
    sameApp.channel.postMessage({ ...logout, id: 'a7', clientID: 'app-1', federated: true, phase: 'completed' });
    await nextTick();
    unsubscribe();
    sameApp.channel.postMessage({ ...logout, id: 'a8', clientID: 'app-1', federated: true, phase: 'started' });
    await nextTick();
    sameApp.channel.close();
    otherApp.channel.close();
    expect(events).toStrictEqual([
      { id: 'a1', clientID: 'app-1', endpoint: 'v2', returnTo: undefined, federated: false, phase: 'started', source: 'other-tab' },
      { id: 'a1', clientID: 'app-1', endpoint: 'v2', returnTo: undefined, federated: true, phase: 'completed', revoked: true, source: 'other-tab' },
      { id: 'a7', clientID: 'app-1', endpoint: 'v2', returnTo: undefined, federated: true, phase: 'completed', source: 'other-tab' },
    ]);
  });

  it('shares one channel between instances of the same app in one tab, so none hears itself as another tab', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = onLogout(new WebAuth(options), first);
    const unsubscribeSecond = onLogout(new WebAuth(options), second);
    await new WebAuth(options).logout();
    await nextTick();
    unsubscribeFirst();
    unsubscribeSecond();
    unsubscribeSecond();
    expect(first.mock.calls.map(([event]) => `${event.source} ${event.phase}`)).toEqual(['this-tab started', 'this-tab completed']);
    expect(second.mock.calls.map(([event]) => `${event.source} ${event.phase}`)).toEqual(['this-tab started', 'this-tab completed']);
  });

  it('keeps logging out when a listener throws, and still reports the error', async () => {
    vi.useFakeTimers();
    const openUrl = vi.fn();
    const webAuth = new WebAuth({ ...options, openUrl });
    const after = vi.fn();
    const unsubscribeThrowing = onLogout(webAuth, () => {
      throw new Error('listener bug');
    });
    const unsubscribeAfter = onLogout(webAuth, after);
    await webAuth.logout();
    expect(after).toHaveBeenCalledOnce();
    expect(openUrl).toHaveBeenCalledOnce();
    expect(() => vi.runOnlyPendingTimers()).toThrow('listener bug');
    vi.useRealTimers();
    unsubscribeThrowing();
    unsubscribeAfter();
  });
});

describe('cross-tab logout over storage events, where BroadcastChannel is missing', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('writes each announcement to localStorage and removes it at once', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    await new WebAuth(options).logout({ returnTo: 'https://app.example.com/' });
    // A local-only logout (openUrl: false) writes no return-trip record, and is complete at once: started, then completed;
    // the end also goes to the list of recent endings, for a tab that misses the message.
    expect(setItem.mock.calls.map(([key]) => key)).toEqual(['webauth-logout:app-1', 'webauth-logout:ended:app-1', 'webauth-logout:app-1']);
    const [started, endings, completed] = setItem.mock.calls.map(([, value]) => JSON.parse(value));
    expect([started[0], completed[0]]).toEqual([
      { id: ID, clientID: 'app-1', endpoint: 'v2', returnTo: 'https://app.example.com/', federated: false, phase: 'started', page: expect.any(String) },
      { id: ID, clientID: 'app-1', endpoint: 'v2', returnTo: 'https://app.example.com/', federated: false, phase: 'completed', page: expect.any(String) },
    ]);
    expect(completed[0].id).toBe(started[0].id);
    expect(endings.at(-1)).toEqual([started[0].id, 'completed', null]);
    expect(localStorage.getItem('webauth-logout:app-1')).toBeNull();
  });

  it("hears another tab's storage write as source other-tab and ignores foreign keys and values", () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const events: LogoutEvent[] = [];
    const unsubscribe = onLogout(new WebAuth(options), (event) => events.push(event));
    const write = (key: string, newValue: string | null) => window.dispatchEvent(new StorageEvent('storage', { key, newValue }));
    const logout = { endpoint: 'oidc', page: 'another-page' };
    write('webauth-logout:app-1', JSON.stringify([{ ...logout, id: 's1', clientID: 'app-1', federated: true, phase: 'started' }, 0.5]));
    write('webauth-logout:app-1', null);
    write('webauth-logout:app-1', '{not json');
    write('webauth-logout:app-1', JSON.stringify([{ ...logout, id: 's2', clientID: 'app-1', federated: true }, 0.5]));
    write('webauth-logout:app-1', JSON.stringify([{ ...logout, id: 's3', clientID: 'app-2', federated: true, phase: 'started' }, 0.5]));
    write('something-else', JSON.stringify([{ ...logout, id: 's4', clientID: 'app-1', federated: true, phase: 'started' }, 0.5]));
    unsubscribe();
    write('webauth-logout:app-1', JSON.stringify([{ ...logout, id: 's5', clientID: 'app-1', federated: false, phase: 'started' }, 0.5]));
    expect(events).toStrictEqual([{ id: 's1', clientID: 'app-1', endpoint: 'oidc', returnTo: undefined, federated: true, phase: 'started', source: 'other-tab' }]);
  });

  it('logs out even when storage is unavailable', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const openUrl = vi.fn();
    await new WebAuth({ ...options, openUrl }).logout();
    expect(openUrl).toHaveBeenCalledOnce();
  });
});
