import { WebAuthError } from '../errors/WebAuthError';
import type { NavigationOptions, RevocationOptions } from '../types/options';
import { isAllowedLogoutUrl, type LogoutEndpoint } from '../utils/allowedLogoutUrl';
import { describeValue, isPlainObject, optionError } from '../utils/checks';
import type { WebAuthConfig } from './config';

/** A logout call's options, split into what becomes the query and how to leave the page. */
export interface CallOptions {
  /** The caller's own options, read once, without the navigation options. */
  readonly params: Record<string, unknown>;
  /** How to leave (navigation and revocation), as given, unchecked: only a logout that leaves checks them. */
  readonly leaving: LeavingOptions;
}

/** What decides how a logout leaves, never where to: none of it is a query parameter. */
export type LeavingOptions = NavigationOptions & RevocationOptions;

/** The options that say how the page leaves; a popup logout, which never moves the page, refuses them. */
export const NAVIGATION_KEYS: readonly string[] = ['openUrl', 'redirectMethod', 'redirectTarget'];
const LEAVING_KEYS: readonly string[] = [...NAVIGATION_KEYS, 'revokeRefreshToken', 'revokeTimeoutMs'];

/**
 * Checks that a logout call's options are an object, a string (shorthand for
 * `{ [urlKey]: string }`) or nothing, and splits its own properties, each read
 * once, into query parameters and navigation options, which are never query
 * parameters. Both are records without prototype: a value inherited from a
 * polluted `Object.prototype` is never taken for an option. An own
 * `__proto__` key (as `JSON.parse` makes) is left out, as auth0.js leaves it out.
 */
export function parseCallOptions(options: unknown, urlKey: string): CallOptions {
  const params: Record<string, unknown> = Object.create(null);
  const leaving: Record<string, unknown> = Object.create(null);
  if (typeof options === 'string') params[urlKey] = options;
  else if (options !== undefined && options !== null) {
    if (!isPlainObject(options)) {
      throw optionError('invalid_options', 'options', `an object, a ${urlKey} string or nothing`, options, 'options parameter is not valid');
    }
    for (const key of Object.keys(options)) {
      if (key !== '__proto__') (LEAVING_KEYS.includes(key) ? leaving : params)[key] = options[key];
    }
  }
  return { params, leaving };
}

/** Throws `returnto_not_allowed` when the instance has an allow-list and `url` is not on it. */
export function assertAllowedReturnUrl(config: WebAuthConfig, name: string, url: unknown, endpoint: LogoutEndpoint): void {
  const allowed = config.allowedLogoutUrls;
  if (allowed && typeof url === 'string' && !isAllowedLogoutUrl(url, allowed, endpoint)) {
    throw new WebAuthError(
      'returnto_not_allowed',
      `${name} ${describeValue(url)} is not in allowedLogoutUrls: add it there and to Allowed Logout URLs at Auth0`,
    );
  }
}
