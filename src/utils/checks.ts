import { WebAuthError, type WebAuthErrorCode } from '../errors/WebAuthError';

/** A `{...}` object: not an array, a class instance or `null`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** How a value is shown in a message: strings quoted, the rest by type. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || Array.isArray(value)) return value === null ? 'null' : 'an array';
  return typeof value === 'object' ? 'an object' : typeof value === 'function' ? 'a function' : String(value);
}

// Control characters make a URL mean different things to different parsers.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Throws unless `value` is an absolute `http:` or `https:` URL with a host and
 * no credentials: the only kind of return URL Auth0 can redirect to, and the
 * check that keeps `javascript:` and protocol-relative URLs out.
 */
export function assertReturnUrl(name: string, value: unknown): asserts value is string {
  if (typeof value === 'string' && /^https?:\/\/[^/?#\s]/i.test(value) && !CONTROL_CHARACTER.test(value)) {
    try {
      const url = new URL(value);
      if (!url.username && !url.password) return;
    } catch {
      // Reported below with the same message as any other malformed URL.
    }
  }
  throw new WebAuthError(
    'invalid_return_to',
    `${name} option is not valid: expected an absolute http: or https: URL such as "https://app.example.com/", got ${describe(value)}`,
  );
}

/** Throws an `invalid_option` error unless `value` is `undefined` or passes `test`. */
export function assertOptional(
  name: string,
  value: unknown,
  test: (value: unknown) => boolean,
  expected: string,
  code: WebAuthErrorCode = 'invalid_option',
): void {
  if (value !== undefined && !test(value)) {
    throw new WebAuthError(code, `${name} option is not valid: expected ${expected}, got ${describe(value)}`);
  }
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
