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

/**
 * Returns a copy of `value` whose object keys (nested ones too, but not those
 * of objects inside arrays, as in auth0.js) are snake_cased; top-level keys in
 * `keep` keep their spelling. When two keys collapse to one, the first
 * position and the last value win, as with assignment.
 */
export function snakeCaseKeys(value: unknown, keep: readonly string[] = []): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  // No prototype, so a "__proto__" key (from JSON.parse) stays an ordinary key.
  const snake: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    snake[keep.includes(key) ? key : camelToSnake(key)] = snakeCaseKeys((value as Record<string, unknown>)[key]);
  }
  return snake;
}
