/**
 * The methods of `WebAuth` called without their instance, and the functions
 * of a client (`onLogout`, `oidcLogout`, `handleLogoutReturn`) given
 * something else as the client (fast-check, fixed seed). Apps hand methods
 * around: `button.onclick = webAuth.logout`, `onClick={webAuth.logout}`,
 * `promise.then(webAuth.logout)`, and may pass the wrong object. Called on
 * `undefined`, on a plain object or on anything else, a method or function
 * either works as on its instance or fails the documented way, with a
 * `WebAuthError` (thrown, or the promise rejected); never a `TypeError` from
 * inside the SDK.
 *
 * Runs: 500.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { WebAuth, handleLogoutReturn, oidcLogout, onLogout } from '../../src/index';
import { FIXED_SEED } from '../helpers/arbitraries';
import { HOSTILE_KINDS, HOSTILE_VALUES } from '../helpers/hostile';
import { attempt, attemptAsync, refusalViolation } from './contract';

const RUNS = 500;

/** What `this` may be when a method is called on its own: nothing, another object, or a hostile value. */
const RECEIVERS: Record<string, () => unknown> = {
  'undefined (a detached method in strict code)': () => undefined,
  'a plain object': () => ({}),
  'an object with look-alike fields': () => ({ config: { clientID: 'x' }, navigation: {} }),
  'a DOM element (an onclick handler)': () => document.createElement('button'),
  'globalThis (a detached method in sloppy code)': () => globalThis,
};

/** Each entry point, called with `self` as its instance: `this` for a method, the first argument for a function. */
const METHODS = {
  buildLogoutUrl: (self: unknown) => Reflect.apply(WebAuth.prototype.buildLogoutUrl, self, ['https://app.example.com/']),
  logout: (self: unknown) => Reflect.apply(WebAuth.prototype.logout, self, [{ returnTo: 'https://app.example.com/', openUrl: vi.fn() }]),
  oidcLogout: (self: unknown) => oidcLogout(self as never, { postLogoutRedirectUri: 'https://app.example.com/', openUrl: vi.fn<(url: string) => void>() }),
  onLogout: (self: unknown) => onLogout(self as never, () => undefined),
  handleLogoutReturn: (self: unknown) => handleLogoutReturn(self as never),
} as const;
const ASYNC: ReadonlyArray<keyof typeof METHODS> = ['logout', 'oidcLogout', 'handleLogoutReturn'];

describe('a WebAuth method called without its instance, or a function given something else as its client', () => {
  it(`works as on its instance, or fails with a WebAuthError (${RUNS} runs)`, async () => {
    const receiverArb = fc.oneof(
      fc.constantFrom(...Object.keys(RECEIVERS)).map((name) => ({ named: name })),
      fc.constantFrom(...HOSTILE_KINDS).map((kind) => ({ hostile: kind })),
    );
    await fc.assert(
      fc.asyncProperty(receiverArb, fc.constantFrom(...(Object.keys(METHODS) as Array<keyof typeof METHODS>)), async (receiver, method) => {
        const self = 'named' in receiver ? RECEIVERS[receiver.named]!() : HOSTILE_VALUES[receiver.hostile]();
        const call = () => METHODS[method](self) as unknown;
        // Thrown at once or rejected later: both count.
        const outcome = ASYNC.includes(method) ? await attemptAsync(call as () => Promise<unknown>) : attempt(call);
        if (!outcome.ok) expect(refusalViolation(outcome.thrown), `${method} on ${JSON.stringify(receiver)}`).toBeUndefined();
        else if (method === 'onLogout') (outcome.value as () => void)();
      }),
      { seed: FIXED_SEED, numRuns: RUNS },
    );
  });
});
