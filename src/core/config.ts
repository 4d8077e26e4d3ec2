import type { WebAuthOptions } from '../types/options';
import { assertOptional, isNonEmptyString, isPlainObject, isString, optionError } from '../utils/checks';
import { encodeTelemetry } from '../utils/telemetry';

/** The tenant options, checked once and reduced to what building a URL needs. */
export interface WebAuthConfig {
  /** Scheme, host, port and path of the tenant, without a trailing slash. */
  readonly rootUrl: string;
  readonly clientID: string;
  /** The `auth0Client` value, or `undefined` when telemetry is off. */
  readonly telemetry: string | undefined;
  readonly allowedLogoutUrls: readonly string[] | undefined;
}

// [1] scheme, [2] host, [3] port; a path may follow. `http:` is for loopback hosts only (checked below).
const DOMAIN = /^(?:(https?):\/\/)?([\w-]+(?:\.[\w-]+)*|\[[\da-f:.]+\])(?::(\d{1,5}))?(?:\/[\w\-.~%/]*)?$/i;
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])$/i;
const DOMAIN_EXPECTED = 'a tenant host name such as "me.auth0.com" or "https://me.auth0.com", with http:// only for localhost';

function parseRootUrl(domain: unknown): string {
  if (!isNonEmptyString(domain)) throw optionError('invalid_domain', 'domain', DOMAIN_EXPECTED, domain, 'domain option is required');
  const parts = DOMAIN.exec(domain);
  const scheme = parts?.[1]?.toLowerCase();
  if (!parts || +(parts[3] ?? 0) > 65535 || (scheme === 'http' && !LOOPBACK_HOST.test(parts[2]!))) {
    throw optionError('invalid_domain', 'domain', DOMAIN_EXPECTED, domain);
  }
  // auth0.js keeps a scheme as written, so the URL does too.
  return (scheme ? domain : `https://${domain}`).replace(/\/+$/, '');
}

/**
 * Checks what `new WebAuth(options)` and the standalone builders take about
 * the tenant. The caller's object is read, never changed.
 */
export function parseConfig(options: WebAuthOptions): WebAuthConfig {
  if (!isPlainObject(options)) {
    throw optionError('invalid_options', 'options', 'an object such as { domain, clientID }', options, 'options parameter is not valid');
  }
  const { domain, clientID, _sendTelemetry, _telemetryInfo, allowedLogoutUrls } = options;
  const rootUrl = parseRootUrl(domain);
  if (!isNonEmptyString(clientID)) {
    throw optionError('invalid_client_id', 'clientID', "the application's client ID", clientID, 'clientID option is required');
  }
  assertOptional('_sendTelemetry', _sendTelemetry, (value) => typeof value === 'boolean', 'a boolean');
  assertOptional('_telemetryInfo', _telemetryInfo, isPlainObject, 'an object');
  assertOptional('allowedLogoutUrls', allowedLogoutUrls, (value) => Array.isArray(value) && value.every(isString), 'an array of URLs');
  return {
    rootUrl,
    clientID,
    telemetry: _sendTelemetry === false ? undefined : encodeTelemetry(_telemetryInfo),
    allowedLogoutUrls: allowedLogoutUrls && [...allowedLogoutUrls],
  };
}
