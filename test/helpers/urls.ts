/**
 * Normalizing `/v2/logout` URLs for comparison with auth0.js, for exactly the
 * documented differences and nothing else, and reading `auth0Client`.
 */

/** `{"name":"webauth-logout","version":"0.1.0"}`, base64url with its `=` padding, as it appears in the URL. */
export const SDK_AUTH0_CLIENT = 'eyJuYW1lIjoid2ViYXV0aC1sb2dvdXQiLCJ2ZXJzaW9uIjoiMC4xLjAifQ%3D%3D';

/**
 * auth0.js's trailing `?` (`/v2/logout?` when there is no parameter) and
 * `?&federated` (when `federated` is the only one): where this SDK gives
 * `/v2/logout` and `?federated`. Documented difference (1).
 */
export function withoutDanglingQuestionMark(auth0jsUrl: string): string {
  return auth0jsUrl.replace(/\?$/, '').replace(/\?&federated$/, '?federated');
}

/** Replaces the value of the top-level `auth0Client` parameter, keeping its position. Documented difference (6). */
export function maskAuth0Client(url: string): string {
  return url.replace(/([?&])auth0Client=[^&]*/g, '$1auth0Client=<telemetry>');
}

/** Decodes a base64url string (padding optional) as UTF-8 JSON. */
export function decodeBase64UrlJson(value: string): unknown {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
}

/** The decoded `auth0Client` of a URL, or `undefined` without one. */
export function decodeAuth0Client(url: string): unknown {
  const value = new URL(url).searchParams.get('auth0Client');
  return value === null ? undefined : decodeBase64UrlJson(value);
}

/** The raw (still percent-encoded) query parameters, in order: `[['client_id', 'abc'], ['federated', undefined]]`. */
export function rawQuery(url: string): Array<[string, string | undefined]> {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return query === ''
    ? []
    : query.split('&').map((pair): [string, string | undefined] => {
        const at = pair.indexOf('=');
        return at === -1 ? [pair, undefined] : [pair.slice(0, at), pair.slice(at + 1)];
      });
}
