/**
 * examples/refine/authProvider.ts, run as an app would run it: imported
 * through the package's own name (`webauth-logout`, `webauth-logout/refine`,
 * so this needs `npm run build` first) and driven by refine's `useLogout`.
 * Navigation is observed with a per-call `openUrl` passed to `mutate(...)`.
 */
import { Refine, useLogout, type AuthProvider } from '@refinedev/core';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authProvider, oidcLogout } from '../../examples/refine/authProvider';
import type { Session } from '../../examples/refine/session';

const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJl';
const session: Session = { idToken: ID_TOKEN, expiresAt: Date.now() + 3_600_000, user: { name: 'Ada', email: 'ada@example.com' } };
const signedIn = () => sessionStorage.setItem('app.session', JSON.stringify(session));
const loginPage = encodeURIComponent(`${window.location.origin}/login`);

function renderUseLogout(provider: AuthProvider) {
  const go = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Refine authProvider={provider} routerProvider={{ go: () => go }} options={{ disableTelemetry: true }}>
      {children}
    </Refine>
  );
  return { go, ...renderHook(() => useLogout<{ openUrl: (url: string) => void }>(), { wrapper }) };
}

afterEach(() => sessionStorage.clear());

describe('the example authProvider', () => {
  it('logs out of Auth0 back to /login and ends the local session', async () => {
    signedIn();
    const openUrl = vi.fn();
    const { result, go } = renderUseLogout(authProvider);

    result.current.mutate({ openUrl });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(openUrl).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`^https://example\\.us\\.auth0\\.com/v2/logout\\?client_id=your-spa-client-id&returnTo=${loginPage}&auth0Client=`)),
    );
    expect(sessionStorage.getItem('app.session')).toBeNull();
    expect(go).not.toHaveBeenCalled();
  });

  it('offers the same logout through /oidc/logout with the session\'s ID token', async () => {
    signedIn();
    const openUrl = vi.fn();
    const { result } = renderUseLogout({ ...authProvider, logout: oidcLogout });

    result.current.mutate({ openUrl });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(openUrl).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(`^https://example\\.us\\.auth0\\.com/oidc/logout\\?id_token_hint=${ID_TOKEN}&client_id=your-spa-client-id&post_logout_redirect_uri=${loginPage}&`),
      ),
    );
  });

  it('leaves check, onError and getIdentity to the app\'s session', async () => {
    await expect(authProvider.check()).resolves.toEqual({ authenticated: false, redirectTo: '/login' });
    signedIn();
    await expect(authProvider.check()).resolves.toEqual({ authenticated: true });
    await expect(authProvider.getIdentity!()).resolves.toEqual(session.user);
    await expect(authProvider.onError({ statusCode: 401 })).resolves.toEqual({ logout: true });
    await expect(authProvider.onError({ statusCode: 500 })).resolves.toEqual({});
  });
});
