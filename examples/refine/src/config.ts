/**
 * Which tenant and application the refine app logs out of, and its URLs.
 *
 * The local tenant that `npm start` runs listens one port below the pages;
 * `?domain=…&clientID=…` points the app at another tenant (the browser tests
 * do), and `?idle-ms=` shortens the idle logout. Those settings are read
 * once, when the app loads, and ride along on every URL the app returns to,
 * so a page that comes back from the tenant is configured as it was.
 */
const query = new URLSearchParams(window.location.search);

/** What a return URL keeps of the query. Auth0 matches `returnTo` without its query. */
const KEPT_PARAMS = ['domain', 'clientID', 'idle-ms'];

const domain = query.get('domain') || `http://127.0.0.1:${Number(window.location.port) - 1}`;

/** The tenant: `domain` as the SDK reads it (`http://` kept for the local tenant, else `https://`). */
export const AUTH0_DOMAIN = domain;
export const AUTH0_CLIENT_ID = query.get('clientID') || 'webauth-logout-example';
export const TENANT_URL = (/^https?:\/\//i.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');

/** Where the app is served (`/refine/`, Vite's `base`), for the router's `basename`. */
export const BASE_PATH = import.meta.env.BASE_URL.replace(/\/$/, '');

/** An absolute URL of the app (`path` relative to its base), keeping the tenant settings. */
export function appUrl(path: string): string {
  const url = new URL(`${BASE_PATH}/${path}`, window.location.origin);
  for (const key of KEPT_PARAMS) {
    const value = query.get(key);
    if (value !== null) url.searchParams.set(key, value);
  }
  return url.href;
}

/** Where a logout returns: the login route, which calls `handleLogoutReturn`. In Allowed Logout URLs. */
export const LOGGED_OUT_URL = appUrl('login');
/** Where a popup logout returns: a page that calls `handleLogoutReturn`, which closes the popup. In Allowed Logout URLs too. */
export const POPUP_RETURN_URL = appUrl('signed-out');
/** The local tenant's sign-in, which comes back to the dashboard (a real tenant would use Universal Login). */
export const LOGIN_URL = `${TENANT_URL}/login?returnTo=${encodeURIComponent(appUrl(''))}`;

const idleMs = Number(query.get('idle-ms'));
/** Inactivity in every tab before the idle logout: `?idle-ms=`, else 15 minutes. */
export const IDLE_TIMEOUT_MS = Number.isFinite(idleMs) && idleMs > 0 ? idleMs : 15 * 60_000;

/**
 * The app server's event stream of this browser's session (the back channel): `npm start` serves it beside
 * the pages, and a real app beside its own login.
 */
export const BACK_CHANNEL_EVENTS_URL = '/back-channel/events';
