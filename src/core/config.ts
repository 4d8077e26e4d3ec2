import { WebAuthError } from '../errors/WebAuthError';
import type { OpenUrl, RedirectMethod, WebAuthOptions } from '../types/options';
import { assertOptional, describe, isNonEmptyString, isPlainObject, isString } from '../utils/checks';
import { encodeTelemetry } from '../utils/telemetry';

/** The constructor's options, checked once and reduced to what building and navigating need. */
export interface WebAuthConfig {
  /** Scheme, host, port and path of the tenant, without a trailing slash. */
  readonly rootUrl: string;
  readonly clientID: string;
  /** The `auth0Client` value, or `undefined` when telemetry is off. */
  readonly telemetry: string | undefined;
  readonly allowedLogoutUrls: readonly string[] | undefined;
  readonly openUrl: OpenUrl | false | undefined;
  readonly redirectMethod: RedirectMethod | undefined;
}

// [1] scheme, [2] host, [3] port; a path may follow. `http:` is for loopback hosts only (checked below).
const DOMAIN = /^(?:(https?):\/\/)?([\w-]+(?:\.[\w-]+)*|\[[\da-f:.]+\])(?::(\d{1,5}))?(?:\/[\w\-.~%/]*)?$/i;
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])$/i;

function parseRootUrl(domain: unknown): string {
  if (!isNonEmptyString(domain)) {
    throw new WebAuthError(
      'invalid_domain',
      `domain option is required: expected your tenant's host name, such as "me.auth0.com", got ${describe(domain)}`,
    );
  }
  const parts = DOMAIN.exec(domain);
  const scheme = parts?.[1]?.toLowerCase();
  if (!parts || Number(parts[3] ?? 0) > 65535 || (scheme === 'http' && !LOOPBACK_HOST.test(parts[2] ?? ''))) {
    throw new WebAuthError(
      'invalid_domain',
      `domain option is not valid: expected a host name with an optional port and path, such as "me.auth0.com" or ` +
        `"https://me.auth0.com/", and http:// only for localhost, 127.0.0.1 or [::1]; got ${describe(domain)}`,
    );
  }
  // auth0.js keeps a scheme as written, so the URL does too.
  return (scheme ? domain : `https://${domain}`).replace(/\/+$/, '');
}

export const isOpenUrl = (value: unknown): boolean => value === false || typeof value === 'function';
export const isRedirectMethod = (value: unknown): boolean => value === 'assign' || value === 'replace';

/** Checks the navigation options shared by the constructor and each call. */
export function assertNavigationOptions(options: Record<string, unknown>): void {
  assertOptional('openUrl', options.openUrl, isOpenUrl, 'a function or false');
  assertOptional('redirectMethod', options.redirectMethod, isRedirectMethod, '"assign" or "replace"');
}

/**
 * Checks `new WebAuth(options)` and the `config` of the standalone builders.
 * The caller's object is read, never changed.
 */
export function parseConfig(options: WebAuthOptions): WebAuthConfig {
  if (!isPlainObject(options)) {
    throw new WebAuthError(
      'invalid_options',
      `options parameter is not valid: expected an object such as { domain: "me.auth0.com", clientID: "..." }, got ${describe(options)}`,
    );
  }
  const rootUrl = parseRootUrl(options.domain);
  const { clientID, _sendTelemetry, _telemetryInfo, allowedLogoutUrls } = options;
  if (!isNonEmptyString(clientID)) {
    throw new WebAuthError(
      'invalid_client_id',
      `clientID option is required: expected your application's client ID as a non-empty string, got ${describe(clientID)}`,
    );
  }
  assertOptional('_sendTelemetry', _sendTelemetry, (value) => typeof value === 'boolean', 'true or false');
  assertOptional('_telemetryInfo', _telemetryInfo, isPlainObject, 'an object such as { name: "my-app", version: "1.0.0" }');
  assertOptional(
    'allowedLogoutUrls',
    allowedLogoutUrls,
    (value) => Array.isArray(value) && value.every(isString),
    'an array of URL strings',
  );
  assertNavigationOptions(options);
  return {
    rootUrl,
    clientID,
    telemetry: _sendTelemetry === false ? undefined : encodeTelemetry(_telemetryInfo),
    allowedLogoutUrls: allowedLogoutUrls && [...allowedLogoutUrls],
    openUrl: options.openUrl,
    redirectMethod: options.redirectMethod,
  };
}
