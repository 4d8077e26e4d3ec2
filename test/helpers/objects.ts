/**
 * Freezes `value` and every object and array reachable from it, so that any
 * write to them throws (in strict code). Functions are left alone: a `vi.fn()`
 * spy has to record its calls.
 */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
    Object.freeze(value);
  }
  return value;
}

/**
 * Options as plain JavaScript may pass them: auth0.js's shape, where any
 * extra top-level key becomes a query parameter. TypeScript callers are held
 * to the known keys; the run-time behaviour these tests check is the same.
 */
export type JsLogoutOptions = import('../../src/index').LogoutOptions & Record<string, unknown>;
