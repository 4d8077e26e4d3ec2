import { WebAuthError, type WebAuthErrorCode } from '../errors/WebAuthError';

/** A `{...}` object: not an array, a class instance or `null`. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Object.prototype.toString.call(value) === '[object Object]';

export const isString = (value: unknown): value is string => typeof value === 'string';

export const isNonEmptyString = (value: unknown): value is string => isString(value) && value !== '';

/**
 * The error for an option that fails its check. `prefix` keeps auth0.js's
 * wording where it has one (`domain option is required`).
 */
export function optionError(
  code: WebAuthErrorCode,
  name: string,
  expected: string,
  value: unknown,
  prefix = `${name} option is not valid`,
): WebAuthError {
  const got = isString(value) ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
  return new WebAuthError(code, `${prefix}: expected ${expected}, got ${got}`);
}

/** Throws an `optionError` unless `value` is `undefined` or passes `test`. */
export function assertOptional(
  name: string,
  value: unknown,
  test: (value: unknown) => boolean,
  expected: string,
  code: WebAuthErrorCode = 'invalid_option',
): void {
  if (value !== undefined && !test(value)) throw optionError(code, name, expected, value);
}

// A scheme and a host right after it; control characters make a URL mean different things to different parsers.
const HTTP_URL = /^https?:\/\/[^/?#\s]/i;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function isReturnUrl(value: unknown): boolean {
  if (!isString(value) || !HTTP_URL.test(value) || CONTROL_CHARACTER.test(value)) return false;
  try {
    const url = new URL(value);
    return !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * Throws `invalid_return_to` unless `value` is `undefined` or an absolute
 * `http:`/`https:` URL with a host and no credentials: the only kind Auth0 can
 * redirect to, and the check that keeps `javascript:`, `data:` and
 * protocol-relative URLs out.
 */
export function assertReturnUrl(name: string, value: unknown): void {
  assertOptional(name, value, isReturnUrl, 'an absolute http(s) URL such as "https://app.example.com/"', 'invalid_return_to');
}
