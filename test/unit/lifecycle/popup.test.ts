import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuthError, logoutWithPopup, oidcLogoutWithPopup, type LogoutReturn } from '../../../src/index';
import { POPUP_RETURN } from '../../../src/core/popupMessage';
import { APP, LOGOUT_ID, otherTab, pendingRecord, recordedWebAuth, settle, stubFetch } from './support';

const RETURN_PAGE = `${APP}/popup-return`;

/** A stand-in for the popup window: records where it was sent; the test closes it or makes it post back. */
function fakePopup() {
  const popup = {
    closed: false,
    sentTo: [] as string[],
    location: {
      set href(url: string) {
        popup.sentTo.push(url);
      },
    },
    close: vi.fn(() => {
      popup.closed = true;
    }),
  };
  const open = vi.fn((..._args: unknown[]) => popup as unknown as Window);
  vi.spyOn(window, 'open').mockImplementation(open);
  return { popup, open };
}

/** What the popup's page posts once back, as handleLogoutReturn does there. */
function postBack(popup: object, name: string, state: string | undefined, origin = window.location.origin) {
  window.dispatchEvent(new MessageEvent('message', { data: { type: POPUP_RETURN, popup: name, state }, origin, source: popup as Window }));
}

const popupName = (open: ReturnType<typeof fakePopup>['open']) => open.mock.calls[0]![1] as string;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('logoutWithPopup', () => {
  it('opens the popup at once, sends it to /v2/logout, and resolves the return it reports; the page stays', async () => {
    const { popup, open } = fakePopup();
    const { webAuth, clientID, events } = recordedWebAuth();
    const tab = otherTab(clientID);
    const href = window.location.href;
    const result = logoutWithPopup(webAuth, { returnTo: RETURN_PAGE, federated: true });
    // Synchronously, inside the click: a popup opened after an await is blocked.
    expect(open).toHaveBeenCalledTimes(1);
    expect(open.mock.calls[0]![0]).toBe('');
    expect(popupName(open)).toMatch(/^webauth-logout-[\da-f]{32}$/);
    await settle();
    expect(popup.sentTo).toEqual([`https://me.auth0.com/v2/logout?client_id=${clientID}&returnTo=${encodeURIComponent(RETURN_PAGE)}&federated`]);
    expect(pendingRecord(clientID)).toMatchObject({ endpoint: 'v2', popup: popupName(open) });

    const id = pendingRecord(clientID)!.id as string;
    expect(id).toMatch(LOGOUT_ID);
    postBack(popup, popupName(open), undefined);
    const expected: LogoutReturn = { id, endpoint: 'v2', returnTo: RETURN_PAGE, federated: true };
    await expect(result).resolves.toEqual(expected);
    await settle();
    tab.close();
    expect(popup.close).toHaveBeenCalled();
    expect(pendingRecord(clientID)).toBeNull();
    expect(window.location.href).toBe(href);
    expect(events.map(({ id: of, phase, source }) => `${of} ${phase} ${source}`)).toEqual([`${id} started this-tab`, `${id} completed this-tab`]);
    expect(tab.received.map((message) => `${String(message.id)} ${String(message.phase)}`)).toEqual([`${id} started`, `${id} completed`]);
  });

  it('ignores messages from another window, another origin, another popup or with another state', async () => {
    const { popup, open } = fakePopup();
    const { webAuth } = recordedWebAuth();
    let settled = false;
    const result = logoutWithPopup(webAuth, { returnTo: RETURN_PAGE, timeoutMs: 200 });
    void result.then(() => (settled = true), () => (settled = true));
    await settle();
    const name = popupName(open);
    postBack({}, name, undefined);
    postBack(popup, name, undefined, 'https://evil.example');
    postBack(popup, 'webauth-logout-other', undefined);
    postBack(popup, name, 'unexpected-state');
    window.dispatchEvent(new MessageEvent('message', { data: 'hello', origin: window.location.origin, source: popup as unknown as Window }));
    await settle();
    expect(settled).toBe(false);
    await expect(result).rejects.toMatchObject({ code: 'timeout' });
  });

  it('rejects popup_blocked, opening nothing else and telling no one, when the browser blocks it', async () => {
    vi.spyOn(window, 'open').mockReturnValue(null);
    const { fetch } = stubFetch(() => new Response('', { status: 200 }));
    const { webAuth, clientID, events } = recordedWebAuth();
    const error = await logoutWithPopup(webAuth, { returnTo: RETURN_PAGE, revokeRefreshToken: 'token' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(WebAuthError);
    expect((error as WebAuthError).code).toBe('popup_blocked');
    expect(fetch).not.toHaveBeenCalled();
    expect(events).toEqual([]);
    expect(pendingRecord(clientID)).toBeNull();
  });

  it('rejects popup_closed when the user closes the popup, forgets the logout, and announces it abandoned (popup_closed)', async () => {
    const { popup } = fakePopup();
    const { webAuth, clientID, events } = recordedWebAuth();
    const tab = otherTab(clientID);
    const result = logoutWithPopup(webAuth, RETURN_PAGE);
    await settle();
    popup.closed = true;
    await expect(result).rejects.toMatchObject({ code: 'popup_closed' });
    await settle();
    tab.close();
    expect(pendingRecord(clientID)).toBeNull();
    const id = events[0]!.id;
    expect(events.map(({ id: of, phase, reason }) => [of, phase, reason])).toEqual([
      [id, 'started', undefined],
      [id, 'abandoned', 'popup_closed'],
    ]);
    expect(tab.received.map(({ id: of, phase, reason }) => [of, phase, reason])).toEqual([
      [id, 'started', undefined],
      [id, 'abandoned', 'popup_closed'],
    ]);
  });

  it('rejects timeout after timeoutMs (60 s by default) and closes the popup', async () => {
    vi.useFakeTimers();
    const { popup } = fakePopup();
    const { webAuth, events } = recordedWebAuth();
    const result = logoutWithPopup(webAuth, { returnTo: RETURN_PAGE });
    const outcome = result.catch((thrown: unknown) => thrown);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(popup.close).not.toHaveBeenCalled();
    expect(events.map((event) => event.phase)).toEqual(['started']);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ code: 'timeout' });
    expect(popup.close).toHaveBeenCalled();
    expect(events.map(({ phase, reason }) => `${phase} ${String(reason)}`)).toEqual(['started undefined', 'abandoned timeout']);
  });

  it('revokes first, then points the popup at the logout, and reports revoked', async () => {
    const order: string[] = [];
    stubFetch(() => {
      order.push('revoke');
      return new Response('', { status: 200 });
    });
    const { popup, open } = fakePopup();
    const { webAuth, events } = recordedWebAuth();
    const result = logoutWithPopup(webAuth, { returnTo: RETURN_PAGE, revokeRefreshToken: 'token' });
    await settle();
    order.push(...popup.sentTo.map(() => 'navigate'));
    postBack(popup, popupName(open), undefined);
    expect(await result).toEqual({ id: events[0]!.id, endpoint: 'v2', returnTo: RETURN_PAGE, federated: false, revoked: true });
    expect(events.map(({ phase, revoked }) => `${phase} ${String(revoked)}`)).toEqual(['started true', 'completed true']);
    expect(order).toEqual(['revoke', 'navigate']);
  });

  it('refuses, before any popup opens, a missing or foreign return URL and the options of a page that leaves', async () => {
    const { open } = fakePopup();
    const { webAuth, events } = recordedWebAuth();
    const refusals: [unknown, string][] = [
      [undefined, 'invalid_return_to'],
      [{}, 'invalid_return_to'],
      [{ returnTo: 'https://elsewhere.example/back' }, 'invalid_return_to'],
      [{ returnTo: RETURN_PAGE, openUrl: false }, 'invalid_option'],
      [{ returnTo: RETURN_PAGE, redirectMethod: 'replace' }, 'invalid_option'],
      [{ returnTo: RETURN_PAGE, redirectTarget: 'top' }, 'invalid_option'],
      [{ returnTo: RETURN_PAGE, timeoutMs: -1 }, 'invalid_option'],
      [{ returnTo: RETURN_PAGE, timeoutMs: '5s' }, 'invalid_option'],
      [42, 'invalid_options'],
    ];
    for (const [options, code] of refusals) {
      const error = await logoutWithPopup(webAuth, options as never).catch((thrown: unknown) => thrown);
      expect(error, JSON.stringify(options)).toBeInstanceOf(WebAuthError);
      expect((error as WebAuthError).code, JSON.stringify(options)).toBe(code);
    }
    await expect(logoutWithPopup({} as never, RETURN_PAGE)).rejects.toMatchObject({ code: 'invalid_instance' });
    expect(open).not.toHaveBeenCalled();
    expect(events).toEqual([]);
  });
});

describe('oidcLogoutWithPopup', () => {
  it('sends the popup to /oidc/logout with a state, and resolves only for that state', async () => {
    const { popup, open } = fakePopup();
    const { webAuth, clientID, events } = recordedWebAuth();
    const result = oidcLogoutWithPopup(webAuth, { postLogoutRedirectUri: RETURN_PAGE });
    await settle();
    const sent = new URL(popup.sentTo[0]!);
    expect(sent.origin + sent.pathname).toBe('https://me.auth0.com/oidc/logout');
    const state = sent.searchParams.get('state')!;
    expect(state).toMatch(/^[\da-f]{32}$/);
    expect(pendingRecord(clientID)).toMatchObject({ endpoint: 'oidc', state });
    postBack(popup, popupName(open), state);
    expect(await result).toEqual({ id: events[0]!.id, endpoint: 'oidc', returnTo: RETURN_PAGE, state, federated: false });
    expect(events.map(({ endpoint, phase }) => `${endpoint} ${phase}`)).toEqual(['oidc started', 'oidc completed']);
  });

  it('submits a form into the popup with httpMethod POST, so the hint stays out of the URL', async () => {
    const { popup, open } = fakePopup();
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(() => undefined);
    const { webAuth } = recordedWebAuth();
    const hint = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';
    // Nobody reports back here: the popup logout ends in a timeout, awaited below so no timer outlives the page.
    const outcome = oidcLogoutWithPopup(webAuth, { postLogoutRedirectUri: RETURN_PAGE, idTokenHint: hint, httpMethod: 'POST', timeoutMs: 100 }).catch((thrown: unknown) => thrown);
    await settle();
    expect(popup.sentTo).toEqual([]);
    expect(submit).toHaveBeenCalledTimes(1);
    const form = submit.mock.contexts[0] as HTMLFormElement;
    expect(form.target).toBe(popupName(open));
    expect(form.method).toBe('post');
    expect(form.action).toBe('https://me.auth0.com/oidc/logout');
    expect(new FormData(form).get('id_token_hint')).toBe(hint);
    expect(await outcome).toMatchObject({ code: 'timeout' });
  });
});
