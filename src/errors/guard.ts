import { WebAuthError } from './WebAuthError';

/** Whether this SDK threw it; `instanceof` on a thrown Proxy can itself throw. */
function isOwnError(thrown: unknown): thrown is WebAuthError {
  try {
    return thrown instanceof WebAuthError;
  } catch {
    return false;
  }
}

/** The name of what was thrown, without trusting it. */
function nameOf(thrown: unknown): string {
  try {
    if (thrown instanceof RangeError) return 'RangeError';
    if (thrown instanceof Error) return thrown.constructor === Error ? 'Error' : String(thrown.name).slice(0, 40);
  } catch {
    // A Proxy whose prototype trap throws.
  }
  return typeof thrown;
}

/**
 * Runs one public call and lets only `WebAuthError` out. Options are read
 * once at the edge, but a value an app hands over can still fail while it is
 * read or serialized (a getter or `toJSON` that throws, a revoked Proxy, a
 * cyclic or very deep value); the app then gets the one error type it was
 * promised, with what failed as `cause`.
 *
 * @param what - the call, for the message: `new WebAuth(options)`, `logout(options)`.
 */
export function guard<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (thrown) {
    if (isOwnError(thrown)) throw thrown;
    const name = nameOf(thrown);
    const reason = name === 'RangeError' ? 'is cyclic, too deeply nested or too large' : `could not be read (${name})`;
    throw new WebAuthError('invalid_options', `the options of ${what} ${reason}: pass plain objects of strings, numbers and booleans`, { cause: thrown });
  }
}
