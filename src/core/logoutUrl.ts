import { WebAuthError } from '../errors/WebAuthError';
import type { LogoutOptions, NavigationOptions, WebAuthOptions } from '../types/options';
import { isAllowedLogoutUrl, type LogoutEndpoint } from '../utils/allowedLogoutUrl';
import { assertOptional, assertReturnUrl, isNonEmptyString, isPlainObject, optionError } from '../utils/checks';
import { stringifyQuery } from '../utils/queryString';
import { endpointUrl, isFederated } from '../utils/endpointUrl';
import { camelToSnake, snakeCaseKeys } from '../utils/snakeCase';
import { parseConfig, type WebAuthConfig } from './config';

/** A logout call's options, split into what becomes the query and how to leave the page. */
export interface CallOptions<Params> {
  /** What becomes the query: the caller's options, copied, without the navigation options. */
  readonly params: Params;
  /** `openUrl` and `redirectMethod` as given, unchecked: only a logout that navigates checks them. */
  readonly navigation: NavigationOptions;
}

/**
 * Checks that a logout call's options are an object, a string (shorthand for
 * `{ [urlKey]: string }`) or nothing, and splits a copy into query parameters
 * and navigation options, which are never query parameters.
 */
export function parseCallOptions(options: unknown, urlKey: string): CallOptions<Record<string, unknown>> {
  const object = typeof options === 'string' ? { [urlKey]: options } : (options ?? {});
  if (!isPlainObject(object)) {
    throw optionError('invalid_options', 'options', `an object, a ${urlKey} string or nothing`, options, 'options parameter is not valid');
  }
  const { openUrl, redirectMethod, ...params } = object as NavigationOptions & Record<string, unknown>;
  return { params, navigation: { openUrl, redirectMethod } };
}

/** Throws `returnto_not_allowed` when the instance has an allow-list and `url` is not on it. */
export function assertAllowedReturnUrl(config: WebAuthConfig, name: string, url: unknown, endpoint: LogoutEndpoint): void {
  const allowed = config.allowedLogoutUrls;
  if (allowed && typeof url === 'string' && !isAllowedLogoutUrl(url, allowed, endpoint)) {
    throw new WebAuthError(
      'returnto_not_allowed',
      `${name} ${JSON.stringify(url)} is not in allowedLogoutUrls: add it there and to Allowed Logout URLs at Auth0`,
    );
  }
}

// auth0.js leaves these two top-level keys in their own spelling.
const KEEP_SPELLING = ['auth0Client', 'returnTo'];

/**
 * The keys that become `parameter` in the URL, whatever their spelling:
 * `returnTo`, `return_to` and `ReturnTo` all send a return URL, so all are checked.
 */
const keysBecoming = (params: LogoutOptions, parameter: string) =>
  Object.keys(params).filter((key) => camelToSnake(key) === parameter);

/** A `/v2/logout` call's options, checked once. */
export interface LogoutRequest extends CallOptions<LogoutOptions> {
  /** Every return URL the query carries, with the key that carries it (`returnTo`, `return_to`, `ReturnTo`). */
  readonly returnUrls: ReadonlyArray<readonly [key: string, url: string]>;
}

/** Checks the options of `/v2/logout`; any other key passes through as a query parameter, as in auth0.js. */
export function parseLogoutOptions(options: unknown): LogoutRequest {
  const { params, navigation }: CallOptions<LogoutOptions> = parseCallOptions(options, 'returnTo');
  const returnUrls: Array<[string, string]> = [];
  for (const key of keysBecoming(params, 'return_to')) {
    assertReturnUrl(key, params[key]);
    if (params[key] !== undefined) returnUrls.push([key, params[key] as string]);
  }
  for (const key of keysBecoming(params, 'client_id')) {
    assertOptional(key, params[key], isNonEmptyString, 'a non-empty string', 'invalid_client_id');
  }
  return { params, navigation, returnUrls };
}

/**
 * The `/v2/logout` URL for checked options, byte for byte what auth0.js 10.2.1
 * `buildLogoutUrl` gives (but for the `auth0Client` value and no dangling `?`):
 * `client_id` first (an option may override or remove it), then every other
 * option in insertion order with keys snake_cased, then `auth0Client`, all
 * serialized by `qs` (RFC 3986), then a bare `federated`.
 *
 * @see https://auth0.com/docs/api/authentication#logout
 */
export function createLogoutUrl(config: WebAuthConfig, { params, returnUrls }: LogoutRequest): string {
  for (const [key, url] of returnUrls) assertAllowedReturnUrl(config, key, url, 'v2');
  const query: Record<string, unknown> = { clientID: config.clientID, ...params };
  if (config.telemetry) query.auth0Client = config.telemetry;
  const snakeQuery = snakeCaseKeys(query, KEEP_SPELLING) as Record<string, unknown>;
  delete snakeQuery.federated;
  return endpointUrl(config.rootUrl, 'v2/logout', stringifyQuery(snakeQuery), isFederated(params.federated));
}

/**
 * Builds the Auth0 `/v2/logout` URL without an instance and without touching
 * `window`: for server-side rendering, tests and tree-shaken imports.
 *
 * @param config - what `new WebAuth(config)` takes (`domain`, `clientID`, telemetry, `allowedLogoutUrls`).
 * @param options - `/v2/logout` options, or a `returnTo` URL string.
 * @throws {@link WebAuthError} when the configuration or an option is not valid.
 * @see https://auth0.com/docs/api/authentication#logout
 */
export function buildLogoutUrl(config: WebAuthOptions, options?: LogoutOptions | string): string {
  return createLogoutUrl(parseConfig(config), parseLogoutOptions(options));
}
