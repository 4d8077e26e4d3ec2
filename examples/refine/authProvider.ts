/**
 * A refine `authProvider` for an Auth0 single page application: sign-in,
 * session check, error handling and identity are the app's own (sketched in
 * `./session`), logout comes from webauth-logout.
 *
 * Use it as `<Refine authProvider={authProvider} ...>`; `useLogout()` and
 * refine's logout buttons then leave for Auth0 and come back to `/login`.
 */
import type { AuthProvider } from '@refinedev/core';
import { WebAuth, onLogout } from 'webauth-logout';
import { refineLogout, refineOidcLogout } from 'webauth-logout/refine';
import { AUTH0_CLIENT_ID, AUTH0_DOMAIN, clearSession, readSession, signIn } from './session';

/** Where Auth0 sends the user after logout; add it to the application's Allowed Logout URLs. */
const LOGGED_OUT_URL = `${window.location.origin}/login`;

export const webAuth = new WebAuth({
  domain: AUTH0_DOMAIN,
  clientID: AUTH0_CLIENT_ID,
  // Refuses a returnTo Auth0 would reject, as a refine notification instead of Auth0's error page.
  allowedLogoutUrls: [LOGGED_OUT_URL],
});

// A logout in any tab of the app ends the session in every tab, before this one leaves for Auth0.
onLogout(webAuth, clearSession);

export const authProvider: AuthProvider = {
  login: async () => {
    try {
      await signIn();
      return { success: true };
    } catch (error) {
      return { success: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
  },

  // `useLogout().mutate()` logs out with these defaults; `mutate({ federated: true })` adds to them.
  logout: refineLogout(webAuth, { returnTo: LOGGED_OUT_URL }),

  check: async () => (readSession() ? { authenticated: true } : { authenticated: false, redirectTo: '/login' }),

  onError: async (error: { statusCode?: number } | undefined) =>
    // No redirectTo with logout: Auth0 already brings the user back to /login.
    error?.statusCode === 401 ? { logout: true } : {},

  getIdentity: async () => readSession()?.user ?? null,
};

const logoutThroughOidc = refineOidcLogout(webAuth, { postLogoutRedirectUri: LOGGED_OUT_URL });

/**
 * The same logout through OpenID Connect `/oidc/logout`, for an app that
 * prefers it: the session's ID token goes along as `id_token_hint`, so Auth0
 * logs out without asking for confirmation. Use it as `{ ...authProvider, logout: oidcLogout }`.
 */
export const oidcLogout: AuthProvider['logout'] = (params) =>
  logoutThroughOidc({ idTokenHint: readSession()?.idToken, ...params });
