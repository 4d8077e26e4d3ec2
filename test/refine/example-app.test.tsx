/**
 * examples/refine/src/authProvider.ts and webAuth.ts, run as the app runs
 * them: imported through the package's own name (`webauth-logout`,
 * `webauth-logout/refine`, so this needs `npm run build` first) and driven by
 * refine's `useLogout`. Navigation is observed with a per-call `openUrl`
 * passed to `mutate(...)`; the session is the tenant's `/session` answer,
 * here a stubbed `fetch`.
 */
import { Refine, useLogout, type NotificationProvider } from '@refinedev/core';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authProvider, type AppLogoutParams } from '../../examples/refine/src/authProvider';
import { AUTH0_CLIENT_ID, LOGGED_OUT_URL, TENANT_URL } from '../../examples/refine/src/config';
import { clearSession } from '../../examples/refine/src/session';
import { webAuth } from '../../examples/refine/src/webAuth';

type OpenUrlParams = AppLogoutParams & { openUrl?: (url: string) => void };

const SIGNED_IN = { authenticated: true, sid: 'sid-1', user: { name: 'Demo User' } };
let tenantSession: object = SIGNED_IN;
const fetchSession = vi.fn(async (url: string, init?: RequestInit) => {
  expect(url).toBe(`${TENANT_URL}/session`);
  expect(init?.credentials).toBe('include');
  return new Response(JSON.stringify(tenantSession));
});

beforeEach(() => {
  tenantSession = SIGNED_IN;
  fetchSession.mockClear();
  vi.stubGlobal('fetch', fetchSession);
  clearSession();
});
afterEach(() => vi.unstubAllGlobals());

function renderUseLogout() {
  const go = vi.fn();
  const notificationProvider = { open: vi.fn(), close: vi.fn() } satisfies NotificationProvider;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Refine authProvider={authProvider} routerProvider={{ go: () => go }} notificationProvider={notificationProvider} options={{ disableTelemetry: true }}>
      {children}
    </Refine>
  );
  return { go, notificationProvider, ...renderHook(() => useLogout<OpenUrlParams>(), { wrapper }) };
}

describe('the example authProvider', () => {
  it('logs out of Auth0 back to /login, and keeps the session until the logout has completed', async () => {
    await expect(authProvider.check()).resolves.toEqual({ authenticated: true });
    const openUrl = vi.fn();
    const { result, go } = renderUseLogout();

    result.current.mutate({ openUrl });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(openUrl).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`^${TENANT_URL.replace(/\./g, '\\.')}/v2/logout\\?client_id=${AUTH0_CLIENT_ID}&returnTo=${encodeURIComponent(LOGGED_OUT_URL)}&auth0Client=`)),
    );
    expect(go).not.toHaveBeenCalled();
    // Only started: the logout may still be abandoned, so the session is still the one the tenant gave.
    const asked = fetchSession.mock.calls.length;
    await expect(authProvider.check()).resolves.toEqual({ authenticated: true });
    expect(fetchSession.mock.calls.length).toBe(asked);

    // A logout that completes (here a local one: started and completed at once) ends it: the tenant is asked again.
    tenantSession = { authenticated: false };
    await webAuth.logout({ openUrl: false });
    await expect(authProvider.check()).resolves.toEqual({ authenticated: false, redirectTo: '/login' });
    expect(fetchSession.mock.calls.length).toBe(asked + 1);
  });

  it("refuses a returnTo outside the Allowed Logout URLs as refine's Logout Error, without leaving", async () => {
    const openUrl = vi.fn();
    const { result, notificationProvider } = renderUseLogout();

    result.current.mutate({ returnTo: 'https://example.com/', openUrl });

    await waitFor(() => expect(notificationProvider.open).toHaveBeenCalled());
    expect(notificationProvider.open).toHaveBeenCalledWith(expect.objectContaining({ key: 'useLogout-error', type: 'error', message: 'Logout Error' }));
    expect(openUrl).not.toHaveBeenCalled();
  });

  it('logs out in a popup with mutate({ popup: true }), from the click, without leaving the page', async () => {
    const open = vi.fn<typeof window.open>(() => null);
    vi.stubGlobal('open', open);
    const { result, notificationProvider, go } = renderUseLogout();

    result.current.mutate({ popup: true });

    // The browser refused the popup here: refine says so, and the page never left.
    await waitFor(() => expect(notificationProvider.open).toHaveBeenCalled());
    expect(notificationProvider.open).toHaveBeenCalledWith(expect.objectContaining({ key: 'useLogout-error', message: 'Logout Error' }));
    expect(notificationProvider.open.mock.calls[0]![0].description).toMatch(/popup/i);
    expect(open).toHaveBeenCalledTimes(1);
    expect(go).not.toHaveBeenCalled();
  });

  it("leaves check, onError and getIdentity to the tenant's session", async () => {
    tenantSession = { authenticated: false };
    await expect(authProvider.check()).resolves.toEqual({ authenticated: false, redirectTo: '/login' });
    clearSession();
    tenantSession = SIGNED_IN;
    await expect(authProvider.check()).resolves.toEqual({ authenticated: true });
    await expect(authProvider.getIdentity!()).resolves.toEqual(SIGNED_IN.user);
    await expect(authProvider.onError({ statusCode: 401 })).resolves.toEqual({ logout: true });
    await expect(authProvider.onError({ statusCode: 500 })).resolves.toEqual({});
  });
});
