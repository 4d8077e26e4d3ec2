/**
 * The real auth0.js 10.2.1 (its ESM bundle; it needs a `window`, so jsdom).
 * auth0.js's `WebAuth` writes into the options it is given, so every call
 * hands it its own deep copy, taken after applying the documented input differences.
 */
import auth0 from 'auth0-js';
import type { WebAuthOptions } from '../../src/index';
import type { LogoutArgument } from './arbitraries';

export { auth0 };

/** The constructor options as auth0.js takes them: without this SDK's own options (functions cannot be copied anyway). */
export function toAuth0JsConfig(tenant: WebAuthOptions): Record<string, unknown> {
  const { openUrl, redirectMethod, allowedLogoutUrls, ...config } = tenant;
  return structuredClone(config);
}

/**
 * The logout argument as auth0.js should get it to mean the same: the string
 * shorthand spelled out (difference 2), without the navigation options (difference 4).
 */
export function toAuth0JsOptions(options: LogoutArgument): unknown {
  if (typeof options === 'string') return { returnTo: options };
  if (options === null || options === undefined) return options;
  const { openUrl, redirectMethod, ...params } = options;
  return structuredClone(params);
}

/** auth0.js's `buildLogoutUrl` for the same call. */
export function auth0jsLogoutUrl(tenant: WebAuthOptions, options: LogoutArgument): string {
  return new auth0.WebAuth(toAuth0JsConfig(tenant)).client.buildLogoutUrl(toAuth0JsOptions(options));
}
