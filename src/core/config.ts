import type { NavigationOptions } from '../types/options';
import { assertOptional, isNonEmptyString, isPlainObject, isString, isTimeoutMs, optionError, readOwn } from '../utils/checks';
import { encodeTelemetry } from '../utils/telemetry';

/** The tenant options, checked once and reduced to what building a URL and leaving the page need. */
export interface WebAuthConfig {
  /** Scheme, host, port and path of the tenant, without a trailing slash. */
  readonly rootUrl: string;
  readonly clientID: string;
  /** The `auth0Client` value, or `undefined` when telemetry is off. */
  readonly telemetry: string | undefined;
  readonly allowedLogoutUrls: readonly string[] | undefined;
  /** How long other tabs wait for a logout's end before they call it abandoned. */
  readonly abandonAfterMs: number;
  /** Whether `logout()` marks `returnTo` with the logout's id. */
  readonly markReturn: boolean;
}

/** A return is recognised this long after the page left, and no longer: the user came back some other way. */
export const PENDING_LOGOUT_MAX_AGE_MS = 5 * 60_000;

// [1] scheme, [2] host, [3] port; a path may follow. `http:` is for loopback hosts only (checked below).
const DOMAIN = /^(?:(https?):\/\/)?([\w-]+(?:\.[\w-]+)*|\[[\da-f:.]+\])(?::(\d{1,5}))?(?:\/[\w\-.~%/]*)?$/i;
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])$/i;
const DEFAULT_PORT = { http: '80', https: '443' };
const DOMAIN_EXPECTED = 'a host such as "me.auth0.com" (http:// only for localhost)';

/**
 * Whether the browser's URL parser reads `rootUrl` as exactly the host and
 * port written. A domain it rejects (`256.0.0.1`, `a.1`, `xn--a.com`) would
 * only fail when the page tries to leave, after listeners and other tabs were
 * told; one it rewrites (`0x7f.1` is `127.0.0.1`) is not the tenant the app named.
 */
function parsesToItself(rootUrl: string, scheme: 'http' | 'https', host: string, port: string | undefined): boolean {
  try {
    const url = new URL(rootUrl);
    return url.hostname === host.toLowerCase() && url.port === (port === DEFAULT_PORT[scheme] ? '' : (port ?? ''));
  } catch {
    return false;
  }
}

// Apps construct clients for one tenant: the last domain that passed needs no second parse (throughput, see isReturnUrl).
let lastDomain: [domain: string, rootUrl: string] | undefined;

function parseRootUrl(domain: unknown): string {
  if (lastDomain && domain === lastDomain[0]) return lastDomain[1];
  if (!isNonEmptyString(domain)) throw optionError('invalid_domain', 'domain', DOMAIN_EXPECTED, domain, 'domain option is required');
  const parts = DOMAIN.exec(domain);
  const scheme = (parts?.[1]?.toLowerCase() ?? 'https') as 'http' | 'https';
  // auth0.js keeps a scheme as written, so the URL does too.
  const rootUrl = (parts?.[1] ? domain : `https://${domain}`).replace(/\/+$/, '');
  if (!parts || (scheme === 'http' && !LOOPBACK_HOST.test(parts[2]!)) || !parsesToItself(rootUrl, scheme, parts[2]!, parts[3])) {
    throw optionError('invalid_domain', 'domain', DOMAIN_EXPECTED, domain);
  }
  lastDomain = [domain, rootUrl];
  return rootUrl;
}

/** A real array of strings, copied: the instance keeps no reference the app could change later. */
function parseAllowedLogoutUrls(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? Array.from(value as unknown[]) : undefined;
  if (!list || !list.every(isString)) throw optionError('invalid_option', 'allowedLogoutUrls', 'an array of URL strings', value);
  return list;
}

/**
 * Checks the options of `new WebAuth(options)`, which the standalone builders
 * take too, reading only the object's own properties, once: the tenant, as
 * the {@link WebAuthConfig} every URL is built from, and the navigation
 * options as given, which only an instance checks (the standalone builders
 * never navigate). The caller's object is never changed.
 */
export function parseWebAuthOptions(options: unknown): { config: WebAuthConfig; navigation: NavigationOptions } {
  if (!isPlainObject(options)) {
    throw optionError('invalid_options', 'options', 'an object such as { domain, clientID }', options, 'options parameter is not valid');
  }
  const { domain, clientID, _sendTelemetry, _telemetryInfo, allowedLogoutUrls, abandonAfterMs, markReturn, openUrl, redirectMethod, redirectTarget } = readOwn(options);
  const rootUrl = parseRootUrl(domain);
  if (!isNonEmptyString(clientID)) {
    throw optionError('invalid_client_id', 'clientID', "the application's client ID", clientID, 'clientID option is required');
  }
  assertOptional('_sendTelemetry', _sendTelemetry, (value) => typeof value === 'boolean', 'a boolean');
  assertOptional('_telemetryInfo', _telemetryInfo, isPlainObject, 'an object');
  assertOptional('abandonAfterMs', abandonAfterMs, (value) => isTimeoutMs(value) && value >= 1 && value <= PENDING_LOGOUT_MAX_AGE_MS, 'a number of milliseconds from 1 to 300000');
  assertOptional('markReturn', markReturn, (value) => typeof value === 'boolean', 'true or false');
  const config: WebAuthConfig = {
    rootUrl,
    clientID,
    telemetry: _sendTelemetry === false ? undefined : encodeTelemetry(_telemetryInfo as Record<string, unknown> | undefined),
    allowedLogoutUrls: parseAllowedLogoutUrls(allowedLogoutUrls),
    abandonAfterMs: (abandonAfterMs as number | undefined) ?? PENDING_LOGOUT_MAX_AGE_MS,
    markReturn: markReturn === true,
  };
  return { config, navigation: { openUrl, redirectMethod, redirectTarget } as NavigationOptions };
}
