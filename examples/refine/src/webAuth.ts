/** The app's one WebAuth instance, and what a completed logout does to the app's own session. */
import { WebAuth, onLogout } from 'webauth-logout';
import { AUTH0_CLIENT_ID, AUTH0_DOMAIN, LOGGED_OUT_URL, POPUP_RETURN_URL } from './config';
import { notificationProvider } from './notifications';
import { clearSession } from './session';

export const webAuth = new WebAuth({
  domain: AUTH0_DOMAIN,
  clientID: AUTH0_CLIENT_ID,
  // The application's Allowed Logout URLs at Auth0, both pages that call handleLogoutReturn:
  // a returnTo outside them is refused here, as a refine notification, instead of on Auth0's error page.
  allowedLogoutUrls: [LOGGED_OUT_URL, POPUP_RETURN_URL],
});

/** The logouts this tab heard start: a back-channel end of one of them is that logout, not news from elsewhere. */
const heardStart = new Set<string>();

// Only `completed` ends the session: a `started` logout may still be abandoned (Back, a closed popup),
// and the user is then still signed in. Every tab hears it, whichever tab (or the idle deadline) logged out,
// and when the tenant ended the session elsewhere (the back channel).
onLogout(webAuth, (event) => {
  if (event.phase === 'started') heardStart.add(event.id);
  if (event.phase !== 'completed') return;
  clearSession();
  if (event.source === 'back-channel' && !heardStart.has(event.id)) {
    notificationProvider.open({ key: 'ended-at-tenant', type: 'error', message: 'Your session was ended at the tenant', description: 'Sign in again to go on.' });
  }
});
