import { guard } from '../errors/guard';
import type { LogoutOptions, WebAuthOptions } from '../types/options';
import { WebAuthError } from '../errors/WebAuthError';
import { assertOptional, assertReturnUrl, excerpt, isNonEmptyString, isPlainObject, optionError, readOwn } from '../utils/checks';
import { endpointUrl, isFederated } from '../utils/endpointUrl';
import { stringifyQuery } from '../utils/queryString';
import { camelToSnake, snakeCaseKeys } from '../utils/snakeCase';
import { assertAllowedReturnUrl, parseCallOptions, type LeavingOptions } from './callOptions';
import { parseWebAuthOptions, type WebAuthConfig } from './config';

/** A `/v2/logout` call, checked once: its query (final keys, in order) and what listeners are told. */
export interface LogoutRequest {
  /** Query parameters with their final names, in the caller's order; `client_id` overrides included, `federated` not. */
  readonly query: Record<string, unknown>;
  /** Every return URL the query carries, with the key that carries it (`returnTo`, `return_to`, `ReturnTo`). */
  readonly returnUrls: ReadonlyArray<readonly [key: string, url: string]>;
  /** The return URL Auth0 reads (`returnTo`), or else the first one the query carries. */
  readonly returnTo: string | undefined;
  readonly federated: boolean;
  /** How to leave, as given, unchecked: only a logout that leaves checks it. */
  readonly leaving: LeavingOptions;
}

// auth0.js leaves these two top-level keys in their own spelling.
const KEEP_SPELLING = ['auth0Client', 'returnTo'];
const SPA_KEYS = ['clientId', 'logoutParams'];

type ReturnUrls = Array<[key: string, url: string]>;

/**
 * Checks one option by the parameter it becomes: every spelling that sends a
 * return URL or a client ID is checked, even one a later key overrides,
 * since either way it is a mistake in the call.
 */
function checkParameter(key: string, parameter: string, value: unknown, returnUrls: ReturnUrls): void {
  if (parameter === 'return_to' || parameter === 'returnTo') {
    assertReturnUrl(key, value);
    if (value !== undefined) returnUrls.push([key, value as string]);
  } else if (parameter === 'client_id') {
    assertOptional(key, value, isNonEmptyString, 'a non-empty string', 'invalid_client_id');
  }
}

interface Query {
  query: Record<string, unknown>;
  federated: boolean;
}

/**
 * auth0.js's shape: every key but the navigation options becomes a parameter,
 * snake_cased (but `returnTo` and `auth0Client`); `clientId: null` (the
 * auth0-spa-js spelling) leaves `client_id` out.
 */
function auth0jsQuery(params: Record<string, unknown>, returnUrls: ReturnUrls): Query {
  const query: Record<string, unknown> = Object.create(null);
  // auth0.js merges the options over `{ clientID }`, so a `clientID` option takes that first place, whatever its position.
  const keys = Object.keys(params);
  if (keys.includes('clientID')) keys.sort((a, b) => +(b === 'clientID') - +(a === 'clientID'));
  for (const key of keys) {
    const parameter = KEEP_SPELLING.includes(key) ? key : camelToSnake(key);
    const value = key === 'clientId' && params[key] === null ? undefined : params[key];
    checkParameter(key, parameter, value, returnUrls);
    const snakeValue = snakeCaseKeys(value, 1);
    // auth0.js sends `federated` (whatever its spelling) only as the bare key at the end.
    if (parameter !== 'federated') query[parameter] = snakeValue;
  }
  return { query, federated: isFederated(params.federated) };
}

/**
 * auth0-spa-js 2.x's shape, `{ clientId, logoutParams }`: the parameters are
 * `logoutParams`' keys as written, `federated` when truthy, `client_id` from
 * `clientId` (`null` leaves it out, an empty one means the instance's).
 */
function spaQuery(params: Record<string, unknown>, returnUrls: ReturnUrls): Query {
  const misplaced = Object.keys(params).find((key) => !SPA_KEYS.includes(key));
  if (misplaced !== undefined) {
    throw new WebAuthError('invalid_option', `${excerpt(misplaced)} must go inside logoutParams`);
  }
  const { clientId, logoutParams } = params;
  assertOptional('clientId', clientId, (value) => value === null || typeof value === 'string', 'a client ID string or null', 'invalid_client_id');
  if (logoutParams !== undefined && !isPlainObject(logoutParams)) throw optionError('invalid_option', 'logoutParams', 'an object', logoutParams);
  const query: Record<string, unknown> = Object.create(null);
  if (clientId === null) query.client_id = undefined;
  else if (clientId) query.client_id = clientId;
  const own: Record<string, unknown> = logoutParams ? readOwn(logoutParams) : Object.create(null);
  for (const key of Object.keys(own)) {
    if (key === 'federated') continue;
    checkParameter(key, key, own[key], returnUrls);
    query[key] = own[key];
  }
  return { query, federated: !!own.federated };
}

/**
 * Checks the options of `/v2/logout`. In auth0.js's shape any key that is not
 * an option passes through as a query parameter, as in auth0.js; every key
 * that becomes `return_to`/`returnTo` or `client_id` is checked, whatever its spelling.
 */
export function parseLogoutOptions(options: unknown): LogoutRequest {
  const { params, leaving } = parseCallOptions(options, 'returnTo');
  const returnUrls: ReturnUrls = [];
  const { query, federated } = 'logoutParams' in params ? spaQuery(params, returnUrls) : auth0jsQuery(params, returnUrls);
  // Auth0 reads `returnTo`; listeners and other tabs are told the same URL.
  const returnTo = (query.returnTo ?? query.return_to) as string | undefined;
  return { query, returnUrls, returnTo, federated, leaving };
}

/**
 * The `/v2/logout` URL for a checked call, byte for byte what auth0.js 10.2.1
 * `buildLogoutUrl` gives (but for the `auth0Client` value and no dangling `?`):
 * `client_id` first (a call may override or remove it), then every other
 * parameter in the caller's order, then `auth0Client`, all serialized as `qs`
 * does (RFC 3986), then a bare `federated`.
 *
 * @see https://auth0.com/docs/api/authentication#logout
 */
export function createLogoutUrl(config: WebAuthConfig, { query, returnUrls, federated }: LogoutRequest): string {
  for (const [key, url] of returnUrls) assertAllowedReturnUrl(config, key, url, 'v2');
  const full: Record<string, unknown> = Object.create(null);
  full.client_id = config.clientID;
  for (const key of Object.keys(query)) full[key] = query[key];
  if (config.telemetry) full.auth0Client = config.telemetry;
  return endpointUrl(config.rootUrl, 'v2/logout', stringifyQuery(full), federated);
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
  return guard('buildLogoutUrl(config, options)', () => createLogoutUrl(parseWebAuthOptions(config).config, parseLogoutOptions(options)));
}
