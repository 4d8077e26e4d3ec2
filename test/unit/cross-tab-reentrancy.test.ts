/**
 * `onLogout` listeners that change the listener list while a logout is being
 * announced, in this tab and when the logout comes from another tab (a second
 * `BroadcastChannel` of the same name, as another tab of the origin opens).
 *
 * The rules are EventTarget's: listeners run in subscription order; one removed
 * during the dispatch by an earlier one is not called; one added during the
 * dispatch is not called for that logout. Whatever the listeners do (remove
 * themselves, remove the last one, throw), the logout resolves, navigates once
 * and tells the other tabs; a thrown error is reported asynchronously. And the
 * return URL the listeners are told is the one the URL carries.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, onLogout, oidcLogout, type LogoutEvent } from '../../src/index';

const realSetTimeout = globalThis.setTimeout;
// Long enough for BroadcastChannel to deliver, on later turns of the event loop, even on a busy machine.
const wait = (ms = 150) => new Promise((resolve) => realSetTimeout(resolve, ms));

let clientCount = 0;
let logoutCount = 0;
/** A fresh application per test, so no listener or channel of another test can hear it. */
function app() {
  const clientID = `reentrancy-${++clientCount}`;
  const openUrl = vi.fn();
  const webAuth = new WebAuth({ domain: 'me.auth0.com', clientID, _sendTelemetry: false, openUrl });
  const channel = new BroadcastChannel(`webauth-logout:${clientID}`);
  const otherTabHeard: unknown[] = [];
  channel.onmessage = (message) => otherTabHeard.push(message.data);
  channels.push(channel);
  /** What another tab of the origin posts when it logs out. */
  const logoutInOtherTab = (returnTo = 'https://app.example.com/elsewhere') =>
    channel.postMessage({ id: `other-tab-logout-${++logoutCount}`, clientID, endpoint: 'v2', returnTo, federated: false, phase: 'started', page: 'another-tab' });
  return { clientID, webAuth, openUrl, otherTabHeard, logoutInOtherTab };
}
const channels: BroadcastChannel[] = [];

/** Errors the SDK reports asynchronously (a timer that rethrows), caught here so the run has no unhandled error. */
let reported: unknown[] = [];
beforeEach(() => {
  reported = [];
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    realSetTimeout(() => {
      try {
        callback(...args);
      } catch (error) {
        reported.push(error);
      }
    }, ms)) as typeof setTimeout);
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const channel of channels.splice(0)) channel.close();
});

/** Each way a logout reaches this page's listeners: started here, or announced by another tab. */
const sources = [
  { source: 'this-tab', logout: async (a: ReturnType<typeof app>) => a.webAuth.logout('https://app.example.com/') },
  {
    source: 'other-tab',
    logout: async (a: ReturnType<typeof app>) => {
      a.logoutInOtherTab();
      await wait();
    },
  },
] as const;

describe.each(sources)('a logout from $source', ({ source, logout }) => {
  it('calls the listeners in subscription order, across instances of the same application', async () => {
    const a = app();
    const second = new WebAuth({ domain: 'me.auth0.com', clientID: a.clientID, openUrl: false });
    const order: string[] = [];
    const stops = ['first', 'second', 'third', 'fourth', 'fifth'].map((name, index) =>
      onLogout(index % 2 ? second : a.webAuth, (event) => order.push(`${name} ${event.source}`)),
    );
    await logout(a);
    stops.forEach((stop) => stop());
    expect(order).toEqual(['first', 'second', 'third', 'fourth', 'fifth'].map((name) => `${name} ${source}`));
  });

  it('does not call a listener that an earlier one removed during the dispatch', async () => {
    const a = app();
    const calls: string[] = [];
    let stopThird = () => {};
    const stopFirst = onLogout(a.webAuth, () => {
      calls.push('first');
      stopThird();
    });
    const stopSecond = onLogout(a.webAuth, () => void calls.push('second'));
    stopThird = onLogout(a.webAuth, () => void calls.push('third'));
    await logout(a);
    expect(calls).toEqual(['first', 'second']);
    stopFirst();
    stopSecond();
  });

  it('does not call a listener added during the dispatch for that logout, but for the next', async () => {
    const a = app();
    const calls: string[] = [];
    const stops: Array<() => void> = [];
    let added = false;
    stops.push(
      onLogout(a.webAuth, () => {
        calls.push('first');
        if (added) return;
        added = true;
        stops.push(onLogout(a.webAuth, () => void calls.push('added')));
      }),
    );
    await logout(a);
    expect(calls).toEqual(['first']);
    await logout(a);
    expect(calls).toEqual(['first', 'first', 'added']);
    stops.forEach((stop) => stop());
  });

  it('goes on after a listener that removes itself, and the removed listener is not called again', async () => {
    const a = app();
    const calls: string[] = [];
    const stopSelf: () => void = onLogout(a.webAuth, () => {
      calls.push('self');
      stopSelf();
    });
    const stopOther = onLogout(a.webAuth, () => void calls.push('other'));
    await logout(a);
    await logout(a);
    expect(calls).toEqual(['self', 'other', 'other']);
    stopOther();
  });

  it('goes on after a listener removes the last listener, and after the last listener removes itself', async () => {
    const a = app();
    const calls: string[] = [];
    let stopLast = () => {};
    const stopFirst = onLogout(a.webAuth, () => {
      calls.push('first');
      stopLast();
    });
    stopLast = onLogout(a.webAuth, () => void calls.push('last'));
    await logout(a);
    stopFirst();
    // Now the only listener removes itself: the page has no listener left during the dispatch.
    const stopOnly: () => void = onLogout(a.webAuth, () => {
      calls.push('only');
      stopOnly();
    });
    await logout(a);
    expect(calls).toEqual(['first', 'only']);
  });

  it('goes on after a listener that throws: the others are called, the error is reported asynchronously', async () => {
    const a = app();
    const calls: string[] = [];
    const stops = [
      onLogout(a.webAuth, () => void calls.push('before')),
      onLogout(a.webAuth, () => {
        throw new Error('listener bug');
      }),
      onLogout(a.webAuth, () => void calls.push('after')),
    ];
    await logout(a);
    // Not thrown into the logout: reported on a later turn.
    expect(calls).toEqual(['before', 'after']);
    await wait(20);
    expect(reported).toEqual([new Error('listener bug')]);
    stops.forEach((stop) => stop());
  });
});

describe('a logout started here, whatever its listeners do to the list', () => {
  interface Context {
    webAuth: WebAuth;
    stops: Array<() => void>;
    /** The disruptive listener's own unsubscribe function. */
    stopMe: () => void;
  }
  const disruptive: Array<[string, (context: Context) => void]> = [
    ['removes itself', ({ stopMe }) => stopMe()],
    ['removes the last listener', ({ stops }) => stops.at(-1)!()],
    ['removes every listener', ({ stops }) => stops.forEach((stop) => stop())],
    ['adds a listener', ({ webAuth, stops }) => void stops.push(onLogout(webAuth, () => undefined))],
    [
      'throws',
      () => {
        throw new Error('listener bug');
      },
    ],
  ];

  it.each(disruptive)('a listener that %s: logout resolves, navigates once, and the other tabs are told once', async (_name, make) => {
    const a = app();
    const stops: Array<() => void> = [];
    const well: LogoutEvent[] = [];
    const context: Context = { webAuth: a.webAuth, stops, stopMe: () => {} };
    stops.push(onLogout(a.webAuth, (event) => void well.push(event)));
    stops.push((context.stopMe = onLogout(a.webAuth, () => make(context))));
    stops.push(onLogout(a.webAuth, () => undefined));
    await expect(a.webAuth.logout({ returnTo: 'https://app.example.com/bye', federated: true })).resolves.toBeUndefined();
    expect(a.openUrl).toHaveBeenCalledOnce();
    expect(a.openUrl).toHaveBeenCalledWith(`https://me.auth0.com/v2/logout?client_id=${a.clientID}&returnTo=https%3A%2F%2Fapp.example.com%2Fbye&federated`);
    expect(well).toHaveLength(1);
    await wait();
    expect(a.otherTabHeard).toEqual([expect.objectContaining({ clientID: a.clientID, returnTo: 'https://app.example.com/bye', federated: true, phase: 'started' })]);
    stops.forEach((stop) => stop());
  });
});

describe('the return URL listeners are told is the one the URL carries', () => {
  // With both `returnTo` and `return_to` in the URL, Auth0 reads `returnTo`; with only `return_to`, that one.
  const cases: Array<[string, Record<string, unknown>]> = [
    ['return_to then returnTo', { return_to: 'https://app.example.com/a', returnTo: 'https://app.example.com/b' }],
    ['returnTo then return_to', { returnTo: 'https://app.example.com/b', return_to: 'https://app.example.com/a' }],
    ['ReturnTo then return_to (one parameter, the last value)', { ReturnTo: 'https://app.example.com/a', return_to: 'https://app.example.com/c' }],
    ['return_to then ReturnTo (one parameter, the last value)', { return_to: 'https://app.example.com/a', ReturnTo: 'https://app.example.com/c' }],
    ['returnTO alone', { returnTO: 'https://app.example.com/a' }],
    ['returnTo undefined, return_to set', { returnTo: undefined, return_to: 'https://app.example.com/a' }],
    ['return_to undefined, returnTo set', { return_to: undefined, returnTo: 'https://app.example.com/b' }],
  ];

  it.each(cases)('%s', async (_name, options) => {
    const a = app();
    const heard: LogoutEvent[] = [];
    const stop = onLogout(a.webAuth, (event) => void heard.push(event));
    await a.webAuth.logout(options);
    stop();
    const url = new URL(a.openUrl.mock.calls[0]![0] as string);
    const carried = url.searchParams.get('returnTo') ?? url.searchParams.get('return_to') ?? undefined;
    expect(carried).toBeDefined();
    expect(heard.map((event) => event.returnTo)).toEqual([carried]);
    await wait();
    expect(a.otherTabHeard).toEqual([expect.objectContaining({ returnTo: carried })]);
  });

  it('for /oidc/logout, post_logout_redirect_uri', async () => {
    const a = app();
    const heard: LogoutEvent[] = [];
    const stop = onLogout(a.webAuth, (event) => void heard.push(event));
    await oidcLogout(a.webAuth, { postLogoutRedirectUri: 'https://app.example.com/oidc' });
    stop();
    const url = new URL(a.openUrl.mock.calls[0]![0] as string);
    expect(heard.map((event) => event.returnTo)).toEqual([url.searchParams.get('post_logout_redirect_uri')]);
  });
});
