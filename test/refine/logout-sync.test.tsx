/**
 * `<LogoutSync>` and `useLogoutSync` inside `<Refine>`: refine's auth state is
 * invalidated (so `authProvider.check` runs again) when a logout of the
 * instance has completed, and only then.
 */
import { Refine, useIsAuthenticated, type AuthProvider } from '@refinedev/core';
import { act, cleanup, render, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth } from '../../src/index';
import { LogoutSync, useLogoutSync } from '../../src/refine';

afterEach(cleanup);

/** Lets refine's first checks settle before counting. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

let clients = 0;
const newWebAuth = () => new WebAuth({ domain: 'me.auth0.com', clientID: `sync-${++clients}`, _sendTelemetry: false });

function provider(check: AuthProvider['check']): AuthProvider {
  return { login: async () => ({ success: true }), logout: async () => ({ success: true }), onError: async () => ({}), check };
}

function IsAuthenticated() {
  const { data } = useIsAuthenticated();
  return <p data-testid="auth">{data === undefined ? 'checking' : String(data.authenticated)}</p>;
}

const providers = new WeakMap<AuthProvider['check'], AuthProvider>();
const router = { go: () => vi.fn() };

/** The same provider for the same check: a new one would make refine check again by itself. */
function app(check: AuthProvider['check'], children: ReactNode) {
  if (!providers.has(check)) providers.set(check, provider(check));
  return (
    <Refine authProvider={providers.get(check)!} routerProvider={router} options={{ disableTelemetry: true }}>
      {children}
    </Refine>
  );
}

describe('LogoutSync', () => {
  it('runs authProvider.check again when a logout has completed, and refine then sees the user signed out', async () => {
    const webAuth = newWebAuth();
    let signedIn = true;
    const check = vi.fn(async () => (signedIn ? { authenticated: true } : { authenticated: false, redirectTo: '/login' }));
    const view = render(app(check, <><LogoutSync webAuth={webAuth} /><IsAuthenticated /></>));
    await waitFor(() => expect(view.getByTestId('auth').textContent).toBe('true'));
    await settle();
    const checks = check.mock.calls.length;

    signedIn = false;
    // openUrl: false is started and completed at once.
    await act(() => webAuth.logout({ openUrl: false }));

    await waitFor(() => expect(view.getByTestId('auth').textContent).toBe('false'));
    expect(check.mock.calls.length).toBeGreaterThan(checks);
  });

  it('does nothing on started: a logout on its way to Auth0 may still be abandoned', async () => {
    const webAuth = newWebAuth();
    const check = vi.fn(async () => ({ authenticated: true }));
    const view = render(app(check, <><LogoutSync webAuth={webAuth} /><IsAuthenticated /></>));
    await waitFor(() => expect(view.getByTestId('auth').textContent).toBe('true'));
    await settle();
    const checks = check.mock.calls.length;

    // A custom opener that opens nothing: started, and nothing else yet.
    await act(() => webAuth.logout({ returnTo: 'https://app.example.com/login', openUrl: () => undefined }));
    await settle();

    expect(check.mock.calls.length).toBe(checks);
    expect(view.getByTestId('auth').textContent).toBe('true');
  });

  it('ignores the logouts of another client, and stops listening when unmounted', async () => {
    const webAuth = newWebAuth();
    const other = newWebAuth();
    const check = vi.fn(async () => ({ authenticated: true }));
    const view = render(app(check, <><LogoutSync webAuth={webAuth} /><IsAuthenticated /></>));
    await waitFor(() => expect(view.getByTestId('auth').textContent).toBe('true'));
    await settle();
    const checks = check.mock.calls.length;

    await act(() => other.logout({ openUrl: false }));
    await settle();
    expect(check.mock.calls.length).toBe(checks);

    // The same tree without LogoutSync: IsAuthenticated stays mounted (a remount would check again by itself).
    view.rerender(app(check, <>{null}<IsAuthenticated /></>));
    await settle();
    await act(() => webAuth.logout({ openUrl: false }));
    await settle();
    expect(check.mock.calls.length).toBe(checks);
  });

  it('useLogoutSync does the same from a hook', async () => {
    const webAuth = newWebAuth();
    const check = vi.fn(async () => ({ authenticated: true }));
    const wrapper = ({ children }: { children: ReactNode }) => app(check, children);
    const { result } = renderHook(
      () => {
        useLogoutSync(webAuth);
        return useIsAuthenticated();
      },
      { wrapper },
    );
    await waitFor(() => expect(result.current.data?.authenticated).toBe(true));
    const checks = check.mock.calls.length;
    await act(() => webAuth.logout({ openUrl: false }));
    await waitFor(() => expect(check.mock.calls.length).toBeGreaterThan(checks));
  });
});
