/**
 * The refine `authProvider`: sign-in and the session are the app's own
 * (./session), logout comes from webauth-logout. `useLogout().mutate()`
 * leaves for Auth0 and comes back to /login; `mutate({ popup: true })` logs
 * out in a popup and stays on the page.
 */
import type { AuthProvider } from '@refinedev/core';
import { refineLogout, refinePopupLogout, type RefineLogoutParams } from 'webauth-logout/refine';
import { LOGGED_OUT_URL, LOGIN_URL, POPUP_RETURN_URL } from './config';
import { readSession } from './session';
import { webAuth } from './webAuth';

/** What `useLogout<AppLogoutParams>().mutate(...)` takes: `/v2/logout` options, or `popup: true`. */
export type AppLogoutParams = RefineLogoutParams & { popup?: boolean };

const logoutAndReturn = refineLogout(webAuth, { returnTo: LOGGED_OUT_URL });
// The popup comes back to /signed-out, which hands the result over and closes; then refine routes to /login.
const logoutInPopup = refinePopupLogout(webAuth, { returnTo: POPUP_RETURN_URL }, { redirectTo: '/login' });

export const authProvider: AuthProvider = {
  login: async () => {
    window.location.assign(LOGIN_URL);
    return { success: true };
  },
  logout: async (params?: AppLogoutParams) => {
    const { popup, ...options } = params ?? {};
    return popup ? logoutInPopup(options) : logoutAndReturn(options);
  },
  check: async () => ((await readSession()).authenticated ? { authenticated: true } : { authenticated: false, redirectTo: '/login' }),
  // No redirectTo with logout: Auth0 already brings the user back to /login.
  onError: async (error: { statusCode?: number } | undefined) => (error?.statusCode === 401 ? { logout: true } : {}),
  getIdentity: async () => (await readSession()).user ?? null,
};
