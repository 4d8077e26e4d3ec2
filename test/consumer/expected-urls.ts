/**
 * The URLs a consumer must get, written out by hand from Auth0's /v2/logout
 * format (as auth0.js 10.2.1 builds them), so that a test compares the
 * installed package against fixed strings, not against itself.
 */
export const DOMAIN = 'me.auth0.com';
export const CLIENT_ID = 'abc';
export const RETURN_TO = 'https://app.example.com/';

/** `buildLogoutUrl('https://app.example.com/')`, `_sendTelemetry: false`. */
export const URL_RETURN_TO = 'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F';
/** `{ returnTo: 'https://app.example.com/a b?x=1', federated: true }`, `_sendTelemetry: false`: RFC 3986 `%20`, bare `&federated` last. */
export const FEDERATED_OPTIONS = { returnTo: 'https://app.example.com/a b?x=1', federated: true };
export const URL_FEDERATED = 'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Fa%20b%3Fx%3D1&federated';

/** An app that reports its own name, with a non-ASCII letter, in Auth0's telemetry. */
export const TELEMETRY_INFO = { name: 'app-é', version: '1.0.0' };

/**
 * `buildLogoutUrl(RETURN_TO)` with telemetry on and {@link TELEMETRY_INFO}:
 * `auth0Client` is the base64url of the UTF-8 JSON, the SDK's name and
 * version added under `env`, `=` padding kept and percent-encoded.
 */
export function telemetryUrl(sdkVersion: string): string {
  const json = JSON.stringify({ ...TELEMETRY_INFO, env: { 'webauth-logout': sdkVersion } });
  const auth0Client = Buffer.from(json, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return `${URL_RETURN_TO}&auth0Client=${encodeURIComponent(auth0Client)}`;
}
