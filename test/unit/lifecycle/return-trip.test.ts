import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, WebAuthError, handleLogoutReturn, oidcLogout } from '../../../src/index';
import { APP, LOGOUT_ID, PENDING_KEY, leftFromEarlierPage, otherTab, pendingRecord, recordedWebAuth, settle } from './support';

const RETURN_PAGE = `${APP}/signed-out`;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

/** Logs out with an `openUrl` that stands for the trip to Auth0, and returns the URL Auth0 was sent. */
async function leaveFor(webAuth: WebAuth, call: 'logout' | 'oidcLogout', options: Record<string, unknown>): Promise<string> {
  let sent = '';
  const opts = { ...options, openUrl: (url: string) => void (sent = url) } as never;
  await (call === 'logout' ? webAuth.logout(opts) : oidcLogout(webAuth, opts));
  return sent;
}

describe('handleLogoutReturn after /v2/logout', () => {
  it('recognises the return URL (query and fragment aside), clears the record, and tells this tab and the others: completed', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    await leaveFor(webAuth, 'logout', { returnTo: RETURN_PAGE, federated: true });
    expect(pendingRecord(clientID)).toMatchObject({ endpoint: 'v2', returnTo: RETURN_PAGE, federated: true, time: expect.any(Number) });
    const id = events[0]!.id;
    expect(id).toMatch(LOGOUT_ID);
    expect(pendingRecord(clientID)).toMatchObject({ id });
    // Auth0 brought the tab back: this is a later document than the one that left.
    leftFromEarlierPage(clientID);
    const tab = otherTab(clientID);

    const result = await handleLogoutReturn(webAuth, `${RETURN_PAGE}?from=auth0#top`);
    await settle();
    tab.close();

    expect(result).toEqual({ id, endpoint: 'v2', returnTo: RETURN_PAGE, federated: true });
    expect(pendingRecord(clientID)).toBeNull();
    expect(events.map(({ phase, source }) => `${phase} ${source}`)).toEqual(['started this-tab', 'completed this-tab']);
    expect(events[1]).toEqual({ id, clientID, endpoint: 'v2', returnTo: RETURN_PAGE, federated: true, phase: 'completed', source: 'this-tab' });
    expect(tab.received).toEqual([{ id, clientID, endpoint: 'v2', returnTo: RETURN_PAGE, federated: true, phase: 'completed', page: expect.any(String) }]);
  });

  it('is idempotent: a second call resolves the same and tells no one again', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    await leaveFor(webAuth, 'logout', { returnTo: RETURN_PAGE });
    leftFromEarlierPage(clientID);
    const first = await handleLogoutReturn(webAuth, RETURN_PAGE);
    const second = await handleLogoutReturn(webAuth, RETURN_PAGE);
    expect(second).toEqual(first);
    expect(events.filter((event) => event.phase === 'completed')).toHaveLength(1);
  });

  it('in the page that left with openUrl, resolves undefined and abandons nothing for a URL that is not the return; the return still completes', async () => {
    const other = recordedWebAuth();
    await leaveFor(other.webAuth, 'logout', { returnTo: RETURN_PAGE });
    expect(await handleLogoutReturn(other.webAuth, `${APP}/elsewhere`)).toBeUndefined();
    expect(await handleLogoutReturn(other.webAuth, 'https://evil.example/signed-out')).toBeUndefined();
    // Without the URL the in-app browser came back to, this page is only the page that left.
    expect(await handleLogoutReturn(other.webAuth)).toBeUndefined();
    expect(other.events.map((event) => event.phase)).toEqual(['started']);
    // The genuine return still works after a wrong page.
    expect(await handleLogoutReturn(other.webAuth, RETURN_PAGE)).toBeDefined();
    expect(other.events.map((event) => event.phase)).toEqual(['started', 'completed']);
  });

  it('in a later document of the tab, another page abandons the logout (navigated) in every tab, and the return then completes nothing', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    await leaveFor(webAuth, 'logout', { returnTo: RETURN_PAGE });
    leftFromEarlierPage(clientID);
    const tab = otherTab(clientID);
    expect(await handleLogoutReturn(webAuth, `${APP}/elsewhere`)).toBeUndefined();
    await settle();
    tab.close();
    expect(pendingRecord(clientID)).toBeNull();
    const id = events[0]!.id;
    expect(events.slice(1)).toEqual([{ id, clientID, endpoint: 'v2', returnTo: RETURN_PAGE, federated: false, phase: 'abandoned', reason: 'navigated', source: 'this-tab' }]);
    expect(tab.received).toEqual([{ id, clientID, endpoint: 'v2', returnTo: RETURN_PAGE, federated: false, phase: 'abandoned', reason: 'navigated', page: expect.any(String) }]);
    expect(await handleLogoutReturn(webAuth, RETURN_PAGE)).toBeUndefined();
    expect(events.map((event) => event.phase)).toEqual(['started', 'abandoned']);
  });

  it('resolves undefined, telling no one, without a record, or without a return URL', async () => {

    const none = recordedWebAuth();
    expect(await handleLogoutReturn(none.webAuth, RETURN_PAGE)).toBeUndefined();

    const noReturnTo = recordedWebAuth();
    await leaveFor(noReturnTo.webAuth, 'logout', {});
    expect(await handleLogoutReturn(noReturnTo.webAuth, RETURN_PAGE)).toBeUndefined();
    expect([...none.events, ...noReturnTo.events].filter((event) => event.phase === 'completed')).toEqual([]);
  });

  it('discards a record older than five minutes, or from the future', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { webAuth, clientID, events } = recordedWebAuth();
    await leaveFor(webAuth, 'logout', { returnTo: RETURN_PAGE });
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1);
    expect(await handleLogoutReturn(webAuth, RETURN_PAGE)).toBeUndefined();
    expect(pendingRecord(clientID)).toBeNull();

    const future = recordedWebAuth();
    await leaveFor(future.webAuth, 'logout', { returnTo: RETURN_PAGE });
    vi.setSystemTime(Date.now() - 60_000);
    expect(await handleLogoutReturn(future.webAuth, RETURN_PAGE)).toBeUndefined();
    expect([...events, ...future.events].filter((event) => event.phase === 'completed')).toEqual([]);
  });

  it('ignores a record another script wrote, whatever it holds', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    const forged = [
      'not json',
      'null',
      '[]',
      JSON.stringify({ endpoint: 'v3', returnTo: RETURN_PAGE, federated: false, time: Date.now() }),
      JSON.stringify({ endpoint: 'v2', returnTo: 'javascript:alert(1)//', federated: false, time: Date.now() }),
      JSON.stringify({ endpoint: 'v2', returnTo: RETURN_PAGE, federated: 'yes', time: Date.now() }),
      JSON.stringify({ endpoint: 'v2', returnTo: RETURN_PAGE, federated: false, time: String(Date.now()) }),
      JSON.stringify({ endpoint: 'oidc', returnTo: RETURN_PAGE, federated: false, state: 7, time: Date.now() }),
    ];
    // A record this SDK could have written, but for one field: each is refused as a whole.
    const good = { id: 'a'.repeat(32), endpoint: 'v2', returnTo: RETURN_PAGE, marked: false, federated: false, time: Date.now(), page: 'an-earlier-page' };
    for (const bad of [{ id: undefined }, { id: 7 }, { page: undefined }, { page: 1 }, { marked: 'no' }, { marked: undefined }, { reason: 'reload' }, { revoked: 'yes' }, { popup: 1 }]) {
      forged.push(JSON.stringify({ ...good, ...bad }));
    }
    for (const value of forged) {
      sessionStorage.setItem(PENDING_KEY(clientID), value);
      expect(await handleLogoutReturn(webAuth, RETURN_PAGE)).toBeUndefined();
      expect(sessionStorage.getItem(PENDING_KEY(clientID))).toBeNull();
    }
    expect(events).toEqual([]);
  });

  it('writes no record for a local-only logout, and removes it when the navigation fails', async () => {
    const local = recordedWebAuth({ openUrl: false });
    await local.webAuth.logout({ returnTo: RETURN_PAGE });
    expect(pendingRecord(local.clientID)).toBeNull();

    const failing = recordedWebAuth({ openUrl: () => Promise.reject(new Error('in-app browser closed')) });
    await expect(failing.webAuth.logout({ returnTo: RETURN_PAGE })).rejects.toThrow('in-app browser closed');
    expect(pendingRecord(failing.clientID)).toBeNull();
  });
});

describe('handleLogoutReturn after /oidc/logout', () => {
  it('needs the state sent, removes it from the address bar, and resolves it', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    const sent = await leaveFor(webAuth, 'oidcLogout', { postLogoutRedirectUri: `${APP}/bye?oidc=done` });
    const state = new URL(sent).searchParams.get('state')!;
    expect(state).toMatch(/^[\da-f]{32}$/);
    expect(pendingRecord(clientID)).toMatchObject({ endpoint: 'oidc', state });

    // Auth0 sends the tab back to a new document, which reads its own address.
    leftFromEarlierPage(clientID);
    window.history.replaceState(null, '', `/bye?oidc=done&state=${state}#section`);
    const result = await handleLogoutReturn(webAuth);
    expect(result).toEqual({ id: events[0]!.id, endpoint: 'oidc', returnTo: `${APP}/bye?oidc=done`, state, federated: false });
    expect(window.location.href).toBe(`${APP}/bye?oidc=done#section`);
    expect(events.map((event) => event.phase)).toEqual(['started', 'completed']);
  });

  it('keeps the state the app chose', async () => {
    const { webAuth } = recordedWebAuth();
    const sent = await leaveFor(webAuth, 'oidcLogout', { postLogoutRedirectUri: `${APP}/bye`, state: 'app-state' });
    expect(new URL(sent).searchParams.get('state')).toBe('app-state');
    expect(await handleLogoutReturn(webAuth, `${APP}/bye?state=app-state`)).toMatchObject({ state: 'app-state' });
  });

  it('in the page that left with openUrl, completes nothing for a forged, missing or differently cased state, and abandons nothing', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    const sent = await leaveFor(webAuth, 'oidcLogout', { postLogoutRedirectUri: `${APP}/bye` });
    const state = new URL(sent).searchParams.get('state')!;
    expect(await handleLogoutReturn(webAuth, `${APP}/bye?state=forged`)).toBeUndefined();
    expect(await handleLogoutReturn(webAuth, `${APP}/bye`)).toBeUndefined();
    expect(await handleLogoutReturn(webAuth, `${APP}/bye?state=${state.toUpperCase()}`)).toBeUndefined();
    expect(pendingRecord(clientID)).not.toBeNull();
    expect(events.map((event) => event.phase)).toEqual(['started']);

    // A replay after the return was handled: the record is gone.
    expect(await handleLogoutReturn(webAuth, `${APP}/bye?state=${state}`)).toBeDefined();
    const later = new WebAuth({ domain: 'me.auth0.com', clientID: `${clientID}-later`, _sendTelemetry: false });
    expect(await handleLogoutReturn(later, `${APP}/bye?state=${state}`)).toBeUndefined();
  });

  it('in a later document of the tab, a forged state completes nothing and abandons the pending logout (navigated): the genuine state then completes nothing either', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    const sent = await leaveFor(webAuth, 'oidcLogout', { postLogoutRedirectUri: `${APP}/bye` });
    const state = new URL(sent).searchParams.get('state')!;
    leftFromEarlierPage(clientID);
    const tab = otherTab(clientID);
    expect(await handleLogoutReturn(webAuth, `${APP}/bye?state=forged`)).toBeUndefined();
    await settle();
    tab.close();
    expect(pendingRecord(clientID)).toBeNull();
    const id = events[0]!.id;
    expect(events.map(({ id: of, phase, reason }) => [of, phase, reason])).toEqual([
      [id, 'started', undefined],
      [id, 'abandoned', 'navigated'],
    ]);
    expect(tab.received).toEqual([expect.objectContaining({ id, endpoint: 'oidc', phase: 'abandoned', reason: 'navigated' })]);
    expect(await handleLogoutReturn(webAuth, `${APP}/bye?state=${state}`)).toBeUndefined();
    expect(events).toHaveLength(2);
  });
});

describe('handleLogoutReturn refuses what is not an instance or a URL', () => {
  it('rejects with invalid_instance or invalid_option', async () => {
    await expect(handleLogoutReturn({} as never)).rejects.toMatchObject({ code: 'invalid_instance' });
    const { webAuth } = recordedWebAuth();
    for (const url of [42, null, {}, ['x']]) {
      const error = await handleLogoutReturn(webAuth, url as never).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(WebAuthError);
      expect((error as WebAuthError).code).toBe('invalid_option');
    }
  });
});
