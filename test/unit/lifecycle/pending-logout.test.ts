/**
 * The tab's pending logout (src/core/pendingLogout.ts): the record saved in
 * `sessionStorage` as the page leaves, read back as strictly as a message
 * from another tab, and abandoned, in every tab, by any document of the tab
 * that shows the trip did not come back: a reload (`reload`), Back or
 * Forward (`history`), or another page of the app (`navigated`), as
 * Navigation Timing tells `handleLogoutReturn`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abandonPendingLogout, readPendingLogout, writePendingLogout, type PendingLogout } from '../../../src/core/pendingLogout';
import { handleLogoutReturn, oidcLogout } from '../../../src/index';
import { APP, PENDING_KEY, freshClientID, leftFromEarlierPage, otherTab, pendingRecord, recordedWebAuth, settle, stubNavigationType } from './support';

const RETURN_PAGE = `${APP}/signed-out`;

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

const record = (fields: Partial<PendingLogout> = {}): PendingLogout => ({
  id: 'a'.repeat(32),
  endpoint: 'v2',
  returnTo: RETURN_PAGE,
  state: undefined,
  marked: false,
  federated: false,
  revoked: undefined,
  reason: undefined,
  time: Date.now(),
  page: 'an-earlier-page',
  ...fields,
});

describe('the record', () => {
  it('is written, read back as written, and forgotten', () => {
    const clientID = freshClientID();
    const saved = record({ state: 's', revoked: true, reason: 'idle', endpoint: 'oidc', marked: false });
    writePendingLogout(sessionStorage, clientID, saved);
    expect(readPendingLogout(sessionStorage, clientID, Date.now())).toEqual(JSON.parse(JSON.stringify(saved)));
    writePendingLogout(sessionStorage, clientID);
    expect(sessionStorage.getItem(PENDING_KEY(clientID))).toBeNull();
  });

  it('is read only while fresh: up to five minutes, never from the future; a stale one is removed', () => {
    const clientID = freshClientID();
    const now = Date.now();
    writePendingLogout(sessionStorage, clientID, record({ time: now - 5 * 60_000 }));
    expect(readPendingLogout(sessionStorage, clientID, now)).toBeDefined();
    expect(readPendingLogout(sessionStorage, clientID, now + 1)).toBeUndefined();
    expect(sessionStorage.getItem(PENDING_KEY(clientID))).toBeNull();
    writePendingLogout(sessionStorage, clientID, record({ time: now + 1 }));
    expect(readPendingLogout(sessionStorage, clientID, now)).toBeUndefined();
  });

  it('is refused and removed when one field is not what the SDK writes', () => {
    const clientID = freshClientID();
    const forgeries: Array<Record<string, unknown>> = [
      { id: undefined },
      { id: 1 },
      { page: undefined },
      { page: null },
      { marked: undefined },
      { marked: 'false' },
      { reason: 'reload' },
      { reason: 'no_return' },
      { endpoint: 'v3' },
      { returnTo: 'javascript:alert(1)//' },
      { federated: 'no' },
      { revoked: 'yes' },
      { state: 1 },
      { popup: {} },
    ];
    for (const forged of forgeries) {
      sessionStorage.setItem(PENDING_KEY(clientID), JSON.stringify({ ...record(), ...forged }));
      expect(readPendingLogout(sessionStorage, clientID, Date.now()), JSON.stringify(forged)).toBeUndefined();
      expect(sessionStorage.getItem(PENDING_KEY(clientID))).toBeNull();
    }
  });

  it('is not read from a polluted Object.prototype', () => {
    const clientID = freshClientID();
    const { page, ...withoutPage } = record();
    sessionStorage.setItem(PENDING_KEY(clientID), JSON.stringify(withoutPage));
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.page = page;
    try {
      expect(readPendingLogout(sessionStorage, clientID, Date.now())).toBeUndefined();
    } finally {
      delete prototype.page;
    }
  });

  it('lets the logout go on where storage refuses to write', () => {
    const refusing = { setItem: () => { throw new DOMException('quota', 'QuotaExceededError'); }, removeItem: () => { throw new Error('no'); } } as unknown as Storage;
    expect(() => writePendingLogout(refusing, 'x', record())).not.toThrow();
    expect(() => writePendingLogout(refusing, 'x')).not.toThrow();
    expect(() => writePendingLogout(undefined, 'x', record())).not.toThrow();
  });
});

describe('abandonPendingLogout', () => {
  it('abandons only the logout still pending, once: tells this page and the other tabs why, and forgets it', async () => {
    const { clientID, events, webAuth } = recordedWebAuth({ openUrl: () => undefined });
    await webAuth.logout({ returnTo: RETURN_PAGE });
    const id = events[0]!.id;
    const tab = otherTab(clientID);
    abandonPendingLogout(sessionStorage, clientID, 'not-this-logout', 'reload');
    expect(pendingRecord(clientID)).not.toBeNull();
    abandonPendingLogout(sessionStorage, clientID, id, 'reload');
    abandonPendingLogout(sessionStorage, clientID, id, 'history');
    await settle();
    tab.close();
    expect(pendingRecord(clientID)).toBeNull();
    expect(events.map(({ phase, reason }) => `${phase} ${String(reason)}`)).toEqual(['started undefined', 'abandoned reload']);
    expect(tab.received.map(({ id: of, phase, reason }) => `${String(of)} ${String(phase)} ${String(reason)}`)).toEqual([`${id} abandoned reload`]);
    expect(() => abandonPendingLogout(undefined, clientID, id, 'reload')).not.toThrow();
  });
});

describe('abandonPendingLogout after the end was told', () => {
  it('forgets a logout whose end another tab already announced (the back channel heard Auth0 end it) and announces nothing', async () => {
    const { clientID, events, webAuth } = recordedWebAuth({ openUrl: () => undefined });
    await webAuth.logout({ returnTo: RETURN_PAGE });
    const id = events[0]!.id;
    // What a tab's back-channel watch leaves on the list of recent endings when it ends the logout under way.
    localStorage.setItem(`webauth-logout:ended:${clientID}`, JSON.stringify([[id, 'completed', null]]));
    const tab = otherTab(clientID);
    abandonPendingLogout(sessionStorage, clientID, id, 'reload');
    await settle();
    tab.close();
    expect(pendingRecord(clientID)).toBeNull();
    expect(events.map(({ phase }) => phase)).toEqual(['started']);
    expect(tab.received).toEqual([]);
  });
});

describe('a later document of the tab that is not the return abandons the pending logout', () => {
  for (const [type, reason, page] of [
    ['reload', 'reload', RETURN_PAGE],
    ['back_forward', 'history', RETURN_PAGE],
    ['navigate', 'navigated', `${APP}/another-page`],
  ] as const) {
    it(`Navigation Timing ${type} ${page === RETURN_PAGE ? 'on the return page itself' : 'to another page'}: abandoned, ${reason}, in this tab and the others; handleLogoutReturn resolves undefined`, async () => {
      const { webAuth, clientID, events } = recordedWebAuth({ openUrl: () => undefined });
      const sent = { url: '' };
      await oidcLogout(webAuth, { postLogoutRedirectUri: RETURN_PAGE, openUrl: (url) => void (sent.url = url) });
      const state = new URL(sent.url).searchParams.get('state');
      leftFromEarlierPage(clientID);
      stubNavigationType(type);
      const tab = otherTab(clientID);
      // Even with the state sent: only a navigation to the return page is the return.
      expect(await handleLogoutReturn(webAuth, `${page}?state=${state}`)).toBeUndefined();
      await settle();
      tab.close();
      const id = events[0]!.id;
      const logout = { id, clientID, endpoint: 'oidc', returnTo: RETURN_PAGE, federated: false };
      expect(events).toEqual([
        { ...logout, phase: 'started', source: 'this-tab' },
        { ...logout, phase: 'abandoned', reason, source: 'this-tab' },
      ]);
      expect(tab.received).toEqual([{ ...logout, phase: 'abandoned', reason, page: expect.any(String) }]);
      expect(pendingRecord(clientID)).toBeNull();
      // The logout is over: the genuine return, now, completes nothing.
      stubNavigationType('navigate');
      expect(await handleLogoutReturn(webAuth, `${RETURN_PAGE}?state=${state}`)).toBeUndefined();
      expect(events).toHaveLength(2);
    });
  }

  it('a navigation to the return page with the state completes it', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    let sent = '';
    await oidcLogout(webAuth, { postLogoutRedirectUri: RETURN_PAGE, openUrl: (url) => void (sent = url) });
    const state = new URL(sent).searchParams.get('state');
    leftFromEarlierPage(clientID);
    stubNavigationType('navigate');
    expect(await handleLogoutReturn(webAuth, `${RETURN_PAGE}?state=${state}`)).toMatchObject({ id: events[0]!.id, state });
    expect(events.map((event) => event.phase)).toEqual(['started', 'completed']);
  });

  it('the page that left abandons nothing, whatever Navigation Timing says of it', async () => {
    const { webAuth, clientID, events } = recordedWebAuth({ openUrl: () => undefined });
    await webAuth.logout({ returnTo: RETURN_PAGE });
    stubNavigationType('reload');
    expect(await handleLogoutReturn(webAuth)).toBeUndefined();
    expect(await handleLogoutReturn(webAuth, `${APP}/another-page`)).toBeUndefined();
    expect(events.map((event) => event.phase)).toEqual(['started']);
    expect(pendingRecord(clientID)).not.toBeNull();
  });
});
