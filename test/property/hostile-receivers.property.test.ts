/**
 * The methods of `WebAuth` called without their instance (fast-check, fixed
 * seed). Apps hand methods around: `button.onclick = webAuth.logout`,
 * `onClick={webAuth.logout}`, `promise.then(webAuth.logout)`. Called on
 * `undefined`, on a plain object or on anything else, a method either works
 * as on its instance or fails the documented way, with a `WebAuthError`
 * (thrown, or the promise rejected); never a `TypeError` from inside the SDK.
 *
 * Runs: 500.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { WebAuth } from '../../src/index';
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

const METHODS = {
  buildLogoutUrl: () => ['https://app.example.com/'],
  buildOidcLogoutUrl: () => ['https://app.example.com/'],
  logout: () => [{ returnTo: 'https://app.example.com/', openUrl: vi.fn() }],
  oidcLogout: () => [{ postLogoutRedirectUri: 'https://app.example.com/', openUrl: vi.fn() }],
  onLogout: () => [() => undefined],
} as const;

describe('a WebAuth method called without its instance', () => {
  it(`works as on its instance, or fails with a WebAuthError (${RUNS} runs)`, async () => {
    const receiverArb = fc.oneof(
      fc.constantFrom(...Object.keys(RECEIVERS)).map((name) => ({ named: name })),
      fc.constantFrom(...HOSTILE_KINDS).map((kind) => ({ hostile: kind })),
    );
    await fc.assert(
      fc.asyncProperty(receiverArb, fc.constantFrom(...(Object.keys(METHODS) as Array<keyof typeof METHODS>)), async (receiver, method) => {
        const self = 'named' in receiver ? RECEIVERS[receiver.named]!() : HOSTILE_VALUES[receiver.hostile]();
        const args = METHODS[method]();
        const call = () => Reflect.apply(WebAuth.prototype[method] as (...a: unknown[]) => unknown, self, args);
        // Thrown at once or rejected later: both count.
        const outcome = method === 'logout' || method === 'oidcLogout' ? await attemptAsync(call) : attempt(call);
        if (!outcome.ok) expect(refusalViolation(outcome.thrown), `${method} on ${JSON.stringify(receiver)}`).toBeUndefined();
        else if (method === 'onLogout') (outcome.value as () => void)();
      }),
      { seed: FIXED_SEED, numRuns: RUNS },
    );
  });
});
