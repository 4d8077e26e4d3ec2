import { WebAuthError } from '../errors/WebAuthError';

/**
 * auth0.js's camelCase → snake_case rule, kept bit for bit because it decides
 * the bytes of the URL: an underscore goes before an upper-case letter that
 * follows a non-upper-case character, and before a digit that follows a
 * non-digit; everything is lower-cased. `redirectTo` → `redirect_to`,
 * `myParam2` → `my_param_2`, `clientID` → `client_id`.
 */
export function camelToSnake(key: string): string {
  let snake = '';
  let previousWasDigit = true;
  let previousWasUpper = true;
  // By UTF-16 code unit, like auth0.js: lower-casing a whole astral code point would differ.
  for (let index = 0; index < key.length; index++) {
    const char = key.charAt(index);
    const isDigit = char >= '0' && char <= '9';
    const isUpper = char >= 'A' && char <= 'Z';
    if ((isUpper && !previousWasUpper) || (isDigit && !previousWasDigit)) snake += '_';
    snake += char.toLowerCase();
    previousWasDigit = isDigit;
    previousWasUpper = isUpper;
  }
  return snake;
}

/** How deep option values may nest: far beyond any real parameter, short of the engine's stack. */
const MAX_DEPTH = 64;

/**
 * Returns a copy of an option value whose object keys (nested ones too, but
 * not those of objects inside arrays, as in auth0.js) are snake_cased. When
 * two keys collapse to one, the first position and the last value wins, as
 * with assignment. An own `__proto__` key is left out, as auth0.js leaves it
 * out. `depth` is how deep `value` already sits in the options; past
 * {@link MAX_DEPTH} levels, which a cyclic object always reaches, it throws
 * `invalid_option`.
 */
export function snakeCaseKeys(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (depth === MAX_DEPTH) {
    throw new WebAuthError('invalid_option', `an option is nested over ${MAX_DEPTH} levels deep, or cyclic`);
  }
  // No prototype, so no key can reach Object.prototype.
  const snake: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue;
    snake[camelToSnake(key)] = snakeCaseKeys((value as Record<string, unknown>)[key], depth + 1);
  }
  return snake;
}
