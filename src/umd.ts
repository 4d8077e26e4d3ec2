// The script tag, dist/webauth-logout.min.js (global `auth0`): what Auth0's
// documented snippet uses (`new auth0.WebAuth(…)` and its logout), the error
// it rejects with, the version, and the two URL builders. A script tag cannot
// tree-shake, so the capabilities a page opts into (the return trip, popups,
// idle logout) are left to dist/webauth-logout.full.min.js, and a page that
// only logs out downloads only this. `isAllowedLogoutUrl` costs nothing here:
// WebAuth's `allowedLogoutUrls` check already carries it.
export { buildLogoutUrl, buildOidcLogoutUrl, isAllowedLogoutUrl, version, WebAuth, WebAuthError } from './index';
