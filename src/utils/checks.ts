import { WebAuthError, type WebAuthErrorCode } from '../errors/WebAuthError';

/** A `{...}` object: not an array, a class instance or `null`. A revoked Proxy is none of these. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  try {
    return Object.prototype.toString.call(value) === '[object Object]';
  } catch {
    return false;
  }
}

/**
 * A copy of `value`'s own enumerable properties, each read once, in a record
 * without prototype: a value inherited from a polluted `Object.prototype` is
 * never taken for an option, and a getter cannot answer differently the
 * second time. An own `__proto__` key (as `JSON.parse` makes) is left out, as
 * auth0.js leaves it out.
 */
export function readOwn(value: object): Record<string, unknown> {
  const own: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) if (key !== '__proto__') own[key] = (value as Record<string, unknown>)[key];
  return own;
}

/** How long an echoed value may be: enough to recognise it, never a wall of text in a notification. */
const ECHO_LENGTH = 60;

/** `text` cut to a readable length for a message. */
export const excerpt = (text: string): string => (text.length > ECHO_LENGTH ? `${text.slice(0, ECHO_LENGTH)}…` : text);

/**
 * A value as an error message shows it: a string quoted and cut to a readable
 * length, or its kind; a `secret` (a token) only by its length.
 */
export function describeValue(value: unknown, secret = false): string {
  if (isString(value)) {
    if (secret) return `a string of ${value.length} characters`;
    return value.length > ECHO_LENGTH ? `${JSON.stringify(value.slice(0, ECHO_LENGTH))}…` : JSON.stringify(value);
  }
  if (value === null) return 'null';
  try {
    if (Array.isArray(value)) return 'an array';
  } catch {
    // A revoked Proxy.
  }
  return typeof value;
}

/** The longest delay `setTimeout` keeps (2^31 - 1 ms); a longer one would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Whether `value` can be a timer's delay: above 0 and at most about 24 days (`NaN` is neither). */
export const isTimeoutMs = (value: unknown): value is number => typeof value === 'number' && value > 0 && value <= MAX_TIMEOUT_MS;

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
  secret = false,
): WebAuthError {
  return new WebAuthError(code, `${prefix}: expected ${expected}, got ${describeValue(value, secret)}`);
}

/** Throws an `optionError` unless `value` is `undefined` or passes `test`. */
export function assertOptional(
  name: string,
  value: unknown,
  test: (value: unknown) => boolean,
  expected: string,
  code: WebAuthErrorCode = 'invalid_option',
  secret = false,
): void {
  if (value !== undefined && !test(value)) throw optionError(code, name, expected, value, undefined, secret);
}

// A scheme and a host right after it; control characters make a URL mean different things to different parsers.
const HTTP_URL = /^https?:\/\/[^/?#\s]/i;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

// Apps log out to the same few URLs: the last one that passed needs no second parse. With the last
// domain (config.ts), this keeps building a URL faster than auth0.js, which parses neither
// (bench/throughput.mjs; without both, about as fast in Chromium).
let lastReturnUrl: string | undefined;

/**
 * An absolute `http:`/`https:` URL with a host and no credentials: the only
 * kind Auth0 can redirect to, and never `javascript:`, `data:` or a
 * protocol-relative URL.
 */
export function isReturnUrl(value: unknown): boolean {
  if (lastReturnUrl !== undefined && value === lastReturnUrl) return true;
  if (!isString(value) || !HTTP_URL.test(value) || CONTROL_CHARACTER.test(value)) return false;
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
  } catch {
    return false;
  }
  lastReturnUrl = value;
  return true;
}

/** Throws `invalid_return_to` unless `value` is `undefined` or passes {@link isReturnUrl}. */
export function assertReturnUrl(name: string, value: unknown): void {
  assertOptional(name, value, isReturnUrl, 'an absolute http(s) URL such as "https://app.example.com/"', 'invalid_return_to');
}
