import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth } from '../../src/index';
import { POPUP_RETURN } from '../../src/core/popupMessage';
import { refineOidcPopupLogout, refinePopupLogout } from '../../src/refine';

const RETURN_PAGE = `${window.location.origin}/popup-return`;
const tenant = { domain: 'me.auth0.com', clientID: 'refine-popup', _sendTelemetry: false };
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A popup that comes back as soon as it is pointed at Auth0, as handleLogoutReturn in it would report. */
function popupThatReturns(withState = (url: string) => new URL(url).searchParams.get('state') ?? undefined) {
  vi.spyOn(window, 'open').mockImplementation((_url, name) => {
    const popup = {
      closed: false,
      close: () => (popup.closed = true),
      location: {
        set href(url: string) {
          setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: { type: POPUP_RETURN, popup: name, state: withState(url) }, origin: window.location.origin, source: popup as never })));
        },
      },
    };
    return popup as unknown as Window;
  });
}

afterEach(() => vi.restoreAllMocks());

describe('refinePopupLogout', () => {
  it('resolves { success: true, redirectTo } once the popup is back, so refine routes without a reload', async () => {
    popupThatReturns();
    const logout = refinePopupLogout(new WebAuth(tenant), { returnTo: RETURN_PAGE });
    expect(await logout()).toEqual({ success: true, redirectTo: '/login' });
    expect(await refinePopupLogout(new WebAuth(tenant), RETURN_PAGE, { redirectTo: '/signed-out' })({ redirectPath: '/ignored' })).toEqual({ success: true, redirectTo: '/signed-out' });
  });

  it('resolves { success: false, error } with the code of each rejection, never rejecting', async () => {
    vi.spyOn(window, 'open').mockReturnValue(null);
    expect(await refinePopupLogout(new WebAuth(tenant), RETURN_PAGE)()).toMatchObject({ success: false, error: { name: 'Logout Error', code: 'popup_blocked' } });
    expect(await refinePopupLogout(new WebAuth(tenant))()).toMatchObject({ success: false, error: { code: 'invalid_return_to' } });
    expect(await refinePopupLogout({} as WebAuth, RETURN_PAGE)()).toMatchObject({ success: false, error: { code: 'invalid_instance' } });

    vi.restoreAllMocks();
    const closing = { closed: false, close: () => undefined, location: { set href(_url: string) { closing.closed = true; } } };
    vi.spyOn(window, 'open').mockReturnValue(closing as unknown as Window);
    expect(await refinePopupLogout(new WebAuth(tenant), RETURN_PAGE)()).toMatchObject({ success: false, error: { code: 'popup_closed' } });

    vi.restoreAllMocks();
    vi.spyOn(window, 'open').mockReturnValue({ closed: false, close: () => undefined, location: {} } as unknown as Window);
    expect(await refinePopupLogout(new WebAuth(tenant), { returnTo: RETURN_PAGE, timeoutMs: 50 })()).toMatchObject({ success: false, error: { code: 'timeout' } });
    await settle();
  });

  it('falls back to /login for a redirectTo that is not a string or cannot be read', async () => {
    popupThatReturns();
    const unreadable = { get redirectTo(): string { throw new Error('getter'); } };
    expect(await refinePopupLogout(new WebAuth(tenant), RETURN_PAGE, unreadable)()).toEqual({ success: true, redirectTo: '/login' });
    expect(await refinePopupLogout(new WebAuth(tenant), RETURN_PAGE, { redirectTo: 42 } as never)()).toEqual({ success: true, redirectTo: '/login' });
  });
});

describe('refineOidcPopupLogout', () => {
  it('logs out through /oidc/logout in the popup and resolves with redirectTo', async () => {
    popupThatReturns();
    expect(await refineOidcPopupLogout(new WebAuth(tenant), { postLogoutRedirectUri: RETURN_PAGE }, { redirectTo: '/bye' })()).toEqual({ success: true, redirectTo: '/bye' });
  });

  it('does not resolve success for a popup that reports another state', async () => {
    popupThatReturns(() => 'forged');
    expect(await refineOidcPopupLogout(new WebAuth(tenant), { postLogoutRedirectUri: RETURN_PAGE, timeoutMs: 100 })()).toMatchObject({ success: false, error: { code: 'timeout' } });
  });
});
