/**
 * How a logout leaves and what it announces as it does (src/core/leave.ts):
 * an app's `openUrl` hears the URL after `started`, and its rejection
 * abandons the logout (`open_url_failed`); a local-only logout completes at
 * once; the built-in navigation announces `started` once the browser took
 * the navigation, and the page that left, shown again from the back/forward
 * cache, abandons it (`history`). watchIdle's logout says so (`reason:
 * 'idle'`), and `markReturn` puts the logout's id in `returnTo`, so that
 * only Auth0's redirect back completes it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as navigate from '../../../src/core/navigate';
import { WebAuth, WebAuthError, buildLogoutUrl, handleLogoutReturn, oidcLogout, watchIdle, type IdleWatch } from '../../../src/index';
import { APP, LOGOUT_ID, freshClientID, leftFromEarlierPage, otherTab, pendingRecord, recordedWebAuth, settle } from './support';

const RETURN_PAGE = `${APP}/signed-out`;

/** The built-in navigation, recorded instead of leaving the test page. */
function spyBuiltInNavigation() {
  const navigations: string[] = [];
  vi.spyOn(navigate, 'locationNavigator').mockImplementation((method) => (url) => void navigations.push(`${method} ${url}`));
  return navigations;
}

const watches: IdleWatch[] = [];

afterEach(() => {
  for (const watch of watches.splice(0)) watch.stop();
  vi.useRealTimers();
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
  sessionStorage.clear();
  localStorage.clear();
});

describe('an openUrl that rejects', () => {
  it('is called after started; its rejection abandons the logout (open_url_failed) in every tab, forgets the record, and is passed on', async () => {
    const failure = new Error('in-app browser closed');
    const order: string[] = [];
    const { webAuth, clientID, events } = recordedWebAuth({
      openUrl: () => {
        order.push(`openUrl, record ${pendingRecord(clientID) ? 'saved' : 'missing'}, ${events.length} event(s)`);
        return Promise.reject(failure);
      },
    });
    const tab = otherTab(clientID);
    await expect(webAuth.logout({ returnTo: RETURN_PAGE })).rejects.toBe(failure);
    await settle();
    tab.close();
    expect(order).toEqual(['openUrl, record saved, 1 event(s)']);
    expect(pendingRecord(clientID)).toBeNull();
    const id = events[0]!.id;
    expect(id).toMatch(LOGOUT_ID);
    const logout = { id, clientID, endpoint: 'v2', returnTo: RETURN_PAGE, federated: false };
    expect(events).toEqual([
      { ...logout, phase: 'started', source: 'this-tab' },
      { ...logout, phase: 'abandoned', reason: 'open_url_failed', source: 'this-tab' },
    ]);
    expect(tab.received).toEqual([
      { ...logout, phase: 'started', page: expect.any(String) },
      { ...logout, phase: 'abandoned', reason: 'open_url_failed', page: expect.any(String) },
    ]);
  });

  it('abandons an OIDC logout the same way, and one that throws at once', async () => {
    const { webAuth, events } = recordedWebAuth({
      openUrl: () => {
        throw new Error('no browser');
      },
    });
    await expect(oidcLogout(webAuth, { postLogoutRedirectUri: RETURN_PAGE })).rejects.toThrow('no browser');
    expect(events.map(({ endpoint, phase, reason }) => `${endpoint} ${phase} ${String(reason)}`)).toEqual(['oidc started undefined', 'oidc abandoned open_url_failed']);
    expect(events[1]!.id).toBe(events[0]!.id);
  });

  it('that resolves leaves the logout started, waiting for its return', async () => {
    const { webAuth, clientID, events } = recordedWebAuth({ openUrl: () => Promise.resolve() });
    await webAuth.logout({ returnTo: RETURN_PAGE });
    expect(events.map((event) => event.phase)).toEqual(['started']);
    expect(pendingRecord(clientID)).toMatchObject({ id: events[0]!.id });
  });
});

describe('a local-only logout (openUrl: false)', () => {
  it('is started, then completed at once, one logout, in every tab, with no record', async () => {
    const { webAuth, clientID, events } = recordedWebAuth({ openUrl: false });
    const tab = otherTab(clientID);
    await webAuth.logout({ returnTo: RETURN_PAGE, federated: true });
    await settle();
    tab.close();
    const id = events[0]!.id;
    expect(id).toMatch(LOGOUT_ID);
    const logout = { id, clientID, endpoint: 'v2', returnTo: RETURN_PAGE, federated: true };
    expect(events).toEqual([
      { ...logout, phase: 'started', source: 'this-tab' },
      { ...logout, phase: 'completed', source: 'this-tab' },
    ]);
    expect(tab.received).toEqual([
      { ...logout, phase: 'started', page: expect.any(String) },
      { ...logout, phase: 'completed', page: expect.any(String) },
    ]);
    expect(pendingRecord(clientID)).toBeNull();
  });

  it('gives each logout its own id', async () => {
    const { webAuth, events } = recordedWebAuth({ openUrl: false });
    await webAuth.logout();
    await webAuth.logout();
    const [first, second] = [events[0]!.id, events[2]!.id];
    expect(events.map((event) => event.id)).toEqual([first, first, second, second]);
    expect(second).not.toBe(first);
  });
});

describe('the built-in navigation', () => {
  it('saves the record of the page that left, navigates, then announces started', async () => {
    const navigations = spyBuiltInNavigation();
    const { webAuth, clientID, events } = recordedWebAuth();
    const seen: string[] = [];
    vi.spyOn(navigate, 'locationNavigator').mockImplementation(() => (url) => {
      seen.push(`navigate with ${events.length} event(s), record ${pendingRecord(clientID) ? 'saved' : 'missing'}`);
      navigations.push(url);
    });
    await webAuth.logout({ returnTo: RETURN_PAGE });
    expect(seen).toEqual(['navigate with 0 event(s), record saved']);
    expect(events.map((event) => event.phase)).toEqual(['started']);
    expect(pendingRecord(clientID)).toEqual({
      id: events[0]!.id,
      endpoint: 'v2',
      returnTo: RETURN_PAGE,
      marked: false,
      federated: false,
      time: expect.any(Number),
      page: expect.any(String),
    });
  });

  it('abandons the logout (history) when the page that left is shown again from the back/forward cache', async () => {
    spyBuiltInNavigation();
    const { webAuth, clientID, events } = recordedWebAuth();
    await webAuth.logout({ returnTo: RETURN_PAGE });
    const tab = otherTab(clientID);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await settle();
    tab.close();
    const id = events[0]!.id;
    expect(events.map(({ id: of, phase, reason }) => `${of} ${phase} ${String(reason)}`)).toEqual([`${id} started undefined`, `${id} abandoned history`]);
    expect(tab.received).toEqual([expect.objectContaining({ id, phase: 'abandoned', reason: 'history' })]);
    expect(pendingRecord(clientID)).toBeNull();
    // Once: a second restoration has nothing left to abandon.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(events).toHaveLength(2);
  });

  it('abandons nothing on a restoration once the logout has ended or another logout is pending', async () => {
    spyBuiltInNavigation();
    const { webAuth, clientID, events } = recordedWebAuth();
    await webAuth.logout({ returnTo: RETURN_PAGE });
    // A newer logout of the tab replaced the record: it is not the one this page left for.
    sessionStorage.setItem(`webauth-logout:pending:${clientID}`, JSON.stringify({ ...pendingRecord(clientID), id: 'b'.repeat(32) }));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(events.map((event) => event.phase)).toEqual(['started']);
    expect(pendingRecord(clientID)).toMatchObject({ id: 'b'.repeat(32) });
  });

  it('announces nothing and forgets the record when the browser refuses to navigate', async () => {
    vi.spyOn(navigate, 'locationNavigator').mockImplementation(() => () => {
      throw new WebAuthError('navigation_blocked', 'refused');
    });
    const { webAuth, clientID, events } = recordedWebAuth();
    await expect(webAuth.logout({ returnTo: RETURN_PAGE })).rejects.toMatchObject({ code: 'navigation_blocked' });
    expect(events).toEqual([]);
    expect(pendingRecord(clientID)).toBeNull();
  });
});

describe("watchIdle's logout", () => {
  it("carries reason: 'idle' on started and completed; a logout of the app's own does not", async () => {
    vi.useFakeTimers();
    const { webAuth, events } = recordedWebAuth({ openUrl: false });
    watches.push(watchIdle(webAuth, { timeoutMs: 10_000, crossTab: false }));
    await vi.advanceTimersByTimeAsync(11_000);
    expect(events.map(({ phase, reason }) => `${phase} ${String(reason)}`)).toEqual(['started idle', 'completed idle']);
    await webAuth.logout();
    expect(events.slice(2).map(({ phase, reason }) => `${phase} ${String(reason)}`)).toEqual(['started undefined', 'completed undefined']);
  });

  it("carries it through a logout function of the app's, and into the return", async () => {
    vi.useFakeTimers();
    const { webAuth, clientID, events } = recordedWebAuth({ openUrl: () => undefined });
    watches.push(watchIdle(webAuth, { timeoutMs: 10_000, crossTab: false, logout: () => webAuth.logout({ returnTo: RETURN_PAGE }) }));
    await vi.advanceTimersByTimeAsync(11_000);
    expect(events.map(({ phase, reason }) => `${phase} ${String(reason)}`)).toEqual(['started idle']);
    expect(pendingRecord(clientID)).toMatchObject({ reason: 'idle' });
    leftFromEarlierPage(clientID);
    expect(await handleLogoutReturn(webAuth, RETURN_PAGE)).toEqual({ id: events[0]!.id, endpoint: 'v2', returnTo: RETURN_PAGE, federated: false, reason: 'idle' });
    expect(events.map(({ phase, reason }) => `${phase} ${String(reason)}`)).toEqual(['started idle', 'completed idle']);
  });
});

describe('markReturn', () => {
  /** Logs out with `markReturn` and an openUrl that records the URL Auth0 is sent. */
  async function markedLogout(options: Record<string, unknown> = { returnTo: RETURN_PAGE }) {
    let sent = '';
    const recorded = recordedWebAuth({ markReturn: true, openUrl: (url) => void (sent = url) });
    await recorded.webAuth.logout(options as never);
    return { ...recorded, sent: new URL(sent), id: recorded.events[0]!.id };
  }

  it('puts the logout id in the returnTo Auth0 is sent, as webauth_logout, under the spelling the call used', async () => {
    const { sent, id, clientID } = await markedLogout();
    expect(id).toMatch(LOGOUT_ID);
    expect(sent.searchParams.get('returnTo')).toBe(`${RETURN_PAGE}?webauth_logout=${id}`);
    expect(pendingRecord(clientID)).toMatchObject({ id, returnTo: RETURN_PAGE, marked: true });
    const snake = await markedLogout({ return_to: `${RETURN_PAGE}?from=app` });
    expect(snake.sent.searchParams.get('return_to')).toBe(`${RETURN_PAGE}?from=app&webauth_logout=${snake.id}`);
    expect(snake.sent.searchParams.has('returnTo')).toBe(false);
  });

  it('marks nothing without a returnTo, nor an OIDC logout (its state does that work), nor by default', async () => {
    const bare = await markedLogout({});
    expect(bare.sent.searchParams.has('returnTo')).toBe(false);
    expect(pendingRecord(bare.clientID)).toMatchObject({ marked: false });

    let sent = '';
    const oidc = recordedWebAuth({ markReturn: true, openUrl: (url) => void (sent = url) });
    await oidcLogout(oidc.webAuth, { postLogoutRedirectUri: RETURN_PAGE });
    expect(new URL(sent).searchParams.get('post_logout_redirect_uri')).toBe(RETURN_PAGE);

    const clientID = freshClientID();
    const opened: string[] = [];
    await new WebAuth({ domain: 'me.auth0.com', clientID, _sendTelemetry: false, openUrl: (url) => void opened.push(url) }).logout({ returnTo: RETURN_PAGE });
    // Byte-identical to the URL auth0.js builds.
    expect(opened).toEqual([buildLogoutUrl({ domain: 'me.auth0.com', clientID, _sendTelemetry: false }, { returnTo: RETURN_PAGE })]);
  });

  it('completes only on a return that brings the id back, and takes the marker out of the address bar', async () => {
    const { webAuth, clientID, events, id } = await markedLogout();
    leftFromEarlierPage(clientID);
    window.history.replaceState(null, '', `/signed-out?webauth_logout=${id}#top`);
    expect(await handleLogoutReturn(webAuth)).toEqual({ id, endpoint: 'v2', returnTo: RETURN_PAGE, federated: false });
    expect(window.location.href).toBe(`${RETURN_PAGE}#top`);
    expect(events.map((event) => event.phase)).toEqual(['started', 'completed']);
  });

  it('in a later document of the tab, a return without the marker or with another id completes nothing and abandons the logout (navigated)', async () => {
    for (const page of [RETURN_PAGE, `${RETURN_PAGE}?webauth_logout=${'c'.repeat(32)}`, `${RETURN_PAGE}?webauth_logout=`]) {
      const { webAuth, clientID, events, id } = await markedLogout();
      leftFromEarlierPage(clientID);
      expect(await handleLogoutReturn(webAuth, page), page).toBeUndefined();
      expect(events.map(({ id: of, phase, reason }) => `${of} ${phase} ${String(reason)}`), page).toEqual([`${id} started undefined`, `${id} abandoned navigated`]);
      expect(pendingRecord(clientID)).toBeNull();
    }
  });

  it('is refused at the constructor with invalid_option unless a boolean', () => {
    for (const markReturn of ['true', 1, 0, null, {}, []]) {
      expect(() => new WebAuth({ domain: 'me.auth0.com', clientID: freshClientID(), markReturn } as never), String(markReturn)).toThrow(
        expect.objectContaining({ code: 'invalid_option' }),
      );
    }
    expect(() => new WebAuth({ domain: 'me.auth0.com', clientID: freshClientID(), markReturn: false })).not.toThrow();
  });
});
