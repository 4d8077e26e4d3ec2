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
