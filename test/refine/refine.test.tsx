/**
 * webauth-logout/refine: `authProvider.logout` for refine, tested against the
 * real `@refinedev/core` (its `useLogout` and `useOnError` hooks inside
 * `<Refine>`) and, without React, as plain functions.
 *
 * Every WebAuth here gets an `openUrl` spy, so "navigates" means "the spy got
 * the Auth0 URL", and refine's router `go` is a spy too: it must never see an
 * Auth0 URL, which only the browser itself can reach.
 */
import { Refine, useLogout, useOnError, type AuthProvider, type NotificationProvider } from '@refinedev/core';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { WebAuth, WebAuthError, type OpenUrl } from '../../src/index';
import { refineLogout, refineOidcLogout, type AuthActionResponse } from '../../src/refine';
import type { JsLogoutOptions } from '../helpers/objects';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false } as const;
const LOGIN_PAGE = 'https://app.example.com/login';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJl';

/** A WebAuth whose navigation is a spy. */
function spiedWebAuth() {
  const openUrl = vi.fn<OpenUrl>();
  return { webAuth: new WebAuth({ ...tenant, openUrl }), openUrl };
}

/** What an app writes around its `logout`: the rest of an AuthProvider, minimal. */
function appAuthProvider(logout: AuthProvider['logout'], onError: AuthProvider['onError'] = async () => ({})): AuthProvider {
  return {
    login: async () => ({ success: true }),
    check: async () => ({ authenticated: true }),
    onError,
    logout,
  };
}

/** Renders `<Refine>` with the given authProvider and spies for its router and notifications. */
function refineApp(authProvider: AuthProvider) {
  const go = vi.fn();
  const notifications = { open: vi.fn(), close: vi.fn() } satisfies NotificationProvider;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Refine
      authProvider={authProvider}
      routerProvider={{ go: () => go }}
      notificationProvider={notifications}
      options={{ disableTelemetry: true }}
    >
      {children}
    </Refine>
  );
  return { wrapper, go, notifications };
}

describe('refineLogout in a refine app (useLogout)', () => {
  it('logs out with the defaults on mutate(), navigating once and never through the router', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const { wrapper, go, notifications } = refineApp(appAuthProvider(refineLogout(webAuth, { returnTo: LOGIN_PAGE })));
    const { result } = renderHook(() => useLogout(), { wrapper });

    result.current.mutate();

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual({ success: true });
    expect(openUrl).toHaveBeenCalledOnce();
    expect(openUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Flogin');
    expect(go).not.toHaveBeenCalled();
    expect(notifications.open).not.toHaveBeenCalled();
  });

  it('merges what a component passes to mutate(...) over the defaults', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const { wrapper } = refineApp(appAuthProvider(refineLogout(webAuth, { returnTo: LOGIN_PAGE })));
    const { result } = renderHook(() => useLogout<{ returnTo: string; federated: boolean }>(), { wrapper });

    result.current.mutate({ returnTo: 'https://app.example.com/goodbye', federated: true });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(openUrl).toHaveBeenCalledWith(
      'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Fgoodbye&federated',
    );
  });

  it('shows a bad returnTo as refine\'s error notification and does not navigate', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const { wrapper, go, notifications } = refineApp(appAuthProvider(refineLogout(webAuth)));
    const { result } = renderHook(() => useLogout<{ returnTo: string }>(), { wrapper });

    result.current.mutate({ returnTo: 'javascript:alert(1)' });

    await waitFor(() => expect(notifications.open).toHaveBeenCalled());
    expect(notifications.open).toHaveBeenCalledWith({
      key: 'useLogout-error',
      type: 'error',
      message: 'Logout Error',
      description: expect.stringContaining('returnTo option is not valid: expected an absolute http(s) URL'),
    });
    expect(result.current.data).toMatchObject({ success: false, error: { code: 'invalid_return_to' } });
    expect(openUrl).not.toHaveBeenCalled();
    expect(go).not.toHaveBeenCalled();
  });

  it('keeps refine\'s redirectPath out of the Auth0 URL when onError asks for a logout', async () => {
    // useOnError calls logout({ redirectPath: redirectTo }) when onError resolves { logout: true }.
    const { webAuth, openUrl } = spiedWebAuth();
    const onError = async () => ({ logout: true, redirectTo: '/login' });
    const { wrapper, go } = refineApp(appAuthProvider(refineLogout(webAuth, { returnTo: LOGIN_PAGE }), onError));
    const { result } = renderHook(() => useOnError(), { wrapper });

    result.current.mutate({ statusCode: 401 });

    await waitFor(() => expect(openUrl).toHaveBeenCalledOnce());
    expect(openUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Flogin');
    // redirectPath stays refine's: its router gets the in-app path, never the Auth0 URL.
    await waitFor(() => expect(go).toHaveBeenCalledWith({ to: '/login' }));
  });
});

describe('refineOidcLogout in a refine app (useLogout)', () => {
  it('logs out through /oidc/logout with the ID token, redirect URI and state', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const logout = refineOidcLogout(webAuth, { postLogoutRedirectUri: LOGIN_PAGE });
    const { wrapper, go } = refineApp(appAuthProvider(logout));
    const { result } = renderHook(() => useLogout<{ idTokenHint: string; state: string }>(), { wrapper });

    result.current.mutate({ idTokenHint: ID_TOKEN, state: 'xyz' });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(openUrl).toHaveBeenCalledWith(
      `https://me.auth0.com/oidc/logout?id_token_hint=${ID_TOKEN}&client_id=abc` +
        '&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin&state=xyz',
    );
    expect(go).not.toHaveBeenCalled();
  });
});

describe('refineLogout as a function', () => {
  it('uses the defaults alone for undefined or null params', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const logout = refineLogout(webAuth, { returnTo: LOGIN_PAGE, federated: true });
    const expected = 'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Flogin&federated';

    await expect(logout()).resolves.toEqual({ success: true });
    await expect(logout(null)).resolves.toEqual({ success: true });
    expect(openUrl.mock.calls).toEqual([[expected], [expected]]);
  });

  it('lets the call win key by key, passes unknown keys on as query parameters and drops redirectPath', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const logout = refineLogout(webAuth, { returnTo: LOGIN_PAGE, screenHint: 'goodbye' } as JsLogoutOptions);

    await logout({ returnTo: 'https://app.example.com/', redirectPath: '/login', ui_locales: 'fr' } as JsLogoutOptions);

    expect(openUrl).toHaveBeenCalledWith(
      'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F&screen_hint=goodbye&ui_locales=fr',
    );
  });

  it('removes a default given as undefined, like clientID: undefined in the core', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    await refineLogout(webAuth, { returnTo: LOGIN_PAGE })({ returnTo: undefined });
    expect(openUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc');
  });

  it('takes a string as the returnTo shorthand, as webAuth.logout does', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    await refineLogout(webAuth, { federated: true })('https://app.example.com/');
    expect(openUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F&federated');
  });

  it('reads the defaults once, so changing the object later changes nothing', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const defaults = { returnTo: LOGIN_PAGE };
    const logout = refineLogout(webAuth, defaults);
    defaults.returnTo = 'https://elsewhere.example.com/';
    await logout();
    expect(openUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Flogin');
  });

  it('lets a per-call openUrl (in the params or the defaults) win over the constructor\'s', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const callOpenUrl = vi.fn<OpenUrl>();
    await refineLogout(webAuth)({ openUrl: callOpenUrl });
    expect(callOpenUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc');
    expect(openUrl).not.toHaveBeenCalled();
  });
});

describe('refineLogout never rejects', () => {
  it('resolves a WebAuthError as { success: false, error } titled "Logout Error", with its code and cause', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const response = await refineLogout(webAuth)({ returnTo: 'javascript:alert(1)' });

    expect(response).toEqual({
      success: false,
      error: {
        name: 'Logout Error',
        message: expect.stringMatching(/^returnTo option is not valid: expected an absolute http\(s\) URL/),
        code: 'invalid_return_to',
        cause: expect.any(WebAuthError),
      },
    });
    expect(openUrl).not.toHaveBeenCalled();
  });

  it('reports a returnTo outside allowedLogoutUrls the same way', async () => {
    const openUrl = vi.fn<OpenUrl>();
    const webAuth = new WebAuth({ ...tenant, openUrl, allowedLogoutUrls: [LOGIN_PAGE] });
    const response = await refineLogout(webAuth)({ returnTo: 'https://evil.example.com/' });
    expect(response).toMatchObject({ success: false, error: { name: 'Logout Error', code: 'returnto_not_allowed' } });
    expect(openUrl).not.toHaveBeenCalled();
  });

  it('resolves an openUrl that throws, with its message', async () => {
    const webAuth = new WebAuth({
      ...tenant,
      openUrl: () => {
        throw new TypeError('popup blocked');
      },
    });
    const response = await refineLogout(webAuth)();
    expect(response).toEqual({ success: false, error: { name: 'Logout Error', message: 'popup blocked', cause: expect.any(TypeError) } });
  });

  it('resolves params that are neither an object, a string nor nothing with the core\'s invalid_options', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const response = await refineLogout(webAuth)(42 as never);
    expect(response).toMatchObject({ success: false, error: { code: 'invalid_options' } });
    expect(openUrl).not.toHaveBeenCalled();
  });

  it('uses refine\'s default text when what was thrown has no message', async () => {
    const throwsNothingUseful = { logout: () => Promise.reject(undefined) };
    const response: AuthActionResponse = await refineLogout(throwsNothingUseful)();
    expect(response).toEqual({
      success: false,
      error: { name: 'Logout Error', message: 'Something went wrong during logout', cause: undefined },
    });
  });

  it('resolves an unknown OIDC option, which oidcLogout refuses, without navigating', async () => {
    const { webAuth, openUrl } = spiedWebAuth();
    const response = await refineOidcLogout(webAuth)({ returnTo: LOGIN_PAGE } as never);
    expect(response).toMatchObject({
      success: false,
      error: { name: 'Logout Error', code: 'invalid_option', message: expect.stringContaining('returnTo is not an option of oidcLogout') },
    });
    expect(openUrl).not.toHaveBeenCalled();
  });
});
