// The full script tag, dist/webauth-logout.full.min.js (global `auth0` too):
// everything the package root exports, for pages that use the return trip,
// popups or idle logout without a bundler.
export * from './index';
