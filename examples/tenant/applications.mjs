import { HttpError } from './http-error.mjs';
import { isAllowedLogoutUrl } from './sdk.mjs';

/**
 * The application a request names, or a 400 when the tenant has none by that client ID.
 *
 * @param {ReturnType<import('./config.mjs').parseTenantConfig>} config
 * @param {string} clientId
 * @param {string} source - where the client ID came from, for the message
 */
export function findApplication(config, clientId, source = 'The "client_id" querystring parameter') {
  const app = config.applications.get(clientId);
  if (!app) throw new HttpError(400, `${source} "${clientId}" does not name an application of this tenant.`);
  return app;
}

// The matcher parses URLs as browsers do, dropping tabs, newlines and surrounding spaces; the tenant
// redirects to the string as sent, so a string with any of them is never one it allows.
const WHITESPACE_OR_CONTROL = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;

/** Whether `/v2/logout` may redirect to `url` with this Allowed Logout URLs list (Auth0's rules, via the SDK). */
export function isAllowedReturnTo(url, allowedUrls) {
  return !WHITESPACE_OR_CONTROL.test(url) && isAllowedLogoutUrl(url, allowedUrls, 'v2');
}

/**
 * Whether `url` is registered anywhere at the tenant: an Allowed Logout URL
 * (`/v2/logout` rules) or a post-logout redirect URI (exact). Where `/login`
 * may send the browser back to.
 */
export function isRegisteredUrl(config, url) {
  return (
    config.logoutUrlLists.some((list) => isAllowedReturnTo(url, list)) ||
    isAllowedLogoutUrl(url, config.postLogoutRedirectUris, 'oidc')
  );
}

/**
 * Where a user refused by a logout route can go back to: the application's
 * first Allowed Logout URL that is not a wildcard; without one (no
 * `client_id`, or none listed), the origin of the page they came from
 * (`Referer`) when it is a web origin of the tenant's applications;
 * `undefined` otherwise. Never the refused URL itself.
 *
 * @param {ReturnType<import('./config.mjs').parseTenantConfig>} config
 * @param {{ allowedLogoutUrls: string[] } | undefined} app
 * @param {string | undefined} referer
 */
export function applicationHome(config, app, referer) {
  const first = app?.allowedLogoutUrls.find((url) => !url.includes('*'));
  if (first !== undefined) return first;
  try {
    const origin = new URL(referer ?? '').origin;
    if (config.webOrigins.has(origin)) return `${origin}/`;
  } catch {
    // No Referer, or not a URL: no way back to offer.
  }
  return undefined;
}
