import { WebAuthError } from './WebAuthError';

/** Whether this SDK threw it; `instanceof` on a thrown Proxy can itself throw. */
function isOwnError(thrown: unknown): thrown is WebAuthError {
  try {
    return thrown instanceof WebAuthError;
  } catch {
    return false;
  }
}

/** Whether the engine gave up on size or depth (a cycle, a stack overflow); asked safely, as above. */
function isRangeError(thrown: unknown): boolean {
  try {
    return thrown instanceof RangeError;
  } catch {
    return false;
  }
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
    const reason = isRangeError(thrown) ? 'are cyclic, too deep or too large' : 'could not be read';
    throw new WebAuthError('invalid_options', `the options of ${what} ${reason}: pass plain values (see cause)`, { cause: thrown });
  }
}
