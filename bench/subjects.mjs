// What the bench compares: webauth-logout's script-tag bundle side by side
// with auth0.js (and @auth0/auth0-spa-js for size and start-up), making the
// same realistic logout call.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/pack.mjs';

export { ROOT };
export const at = (...parts) => path.join(ROOT, ...parts);
const pkgVersion = (name) => JSON.parse(readFileSync(at('node_modules', name, 'package.json'), 'utf8')).version;

/** The script-tag (UMD) bundle of each SDK, as a page loads it; ours in two: Auth0's snippet, and every export. */
export const FILES = {
  ours: at('dist/webauth-logout.min.js'),
  oursFull: at('dist/webauth-logout.full.min.js'),
  auth0js: at('node_modules/auth0-js/dist/auth0.min.js'),
  spa: at('node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'),
};
export const NAMES = {
  ours: `webauth-logout ${JSON.parse(readFileSync(at('package.json'), 'utf8')).version}`,
  auth0js: `auth0.js ${pkgVersion('auth0-js')}`,
  spa: `auth0-spa-js ${pkgVersion('@auth0/auth0-spa-js')}`,
};

// The realistic call: one tenant, an allowed returnTo, federated, telemetry on (the default).
export const TENANT = { domain: 'me.auth0.com', clientID: 'bench_app' };
export const LOGOUT_OPTIONS = { returnTo: 'https://app.example.com/goodbye', federated: true, client_id: 'bench_app' };

/** Removes auth0Client (each SDK reports its own name), so the two SDKs' URLs can be compared. */
export const withoutTelemetry = (url) => url.replace(/([?&])auth0Client=[^&]*&?/, '$1');
