/**
 * `refineLogout` and `refineOidcLogout` under hostile values (fast-check,
 * fixed seed). refine awaits `authProvider.logout` and expects a response: a
 * rejection there is an unhandled error in the app. So, whatever the params of
 * `mutate(...)`, the defaults, or what the `WebAuth` throws, the returned
 * function resolves `{ success: true }` (after one navigation) or
 * `{ success: false, error: { name: 'Logout Error', message, ... } }` (after none).
 *
 * Runs: 2,500 + 1,500 + 1,000 + 500 = 5,500.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { WebAuth, WebAuthError } from '../../src/index';
import { refineLogout, refineOidcLogout } from '../../src/refine';
import { FIXED_SEED } from '../helpers/arbitraries';
import { HOSTILE_KINDS, HOSTILE_VALUES, buildHostile, placementArb } from '../helpers/hostile';
import { MAX_MESSAGE_LENGTH, attempt, attemptAsync, describeThrown, isInstance, refusalViolation, type Outcome } from './contract';

const RUNS = { v2: 2500, oidc: 1500, thrown: 1000, defaults: 500 };
const CONFIG = { domain: 'me.auth0.com', clientID: 'refine-app' };
const RETURN_TO = 'https://app.example.com/login';

/** Why a settled call is not a response refine can take, or `undefined`. */
function responseViolation(outcome: Outcome): string | undefined {
  if (!outcome.ok) return `threw or rejected: ${describeThrown(outcome.thrown)}`;
  const response = outcome.value as { success?: unknown; error?: Record<string, unknown> };
  if (response?.success === true) return Object.keys(response).join() === 'success' ? undefined : `resolved ${Object.keys(response).join()}`;
  if (response?.success !== false) return 'resolved neither success: true nor success: false';
  const { name, message, code } = response.error ?? {};
  if (name !== 'Logout Error') return `error.name is ${String(name)}`;
  if (typeof message !== 'string' || message === '') return 'error.message is not a non-empty string';
  if (code !== undefined && typeof code !== 'string') return 'error.code is not a string';
  if (isInstance(response.error!.cause, WebAuthError) && message.length > MAX_MESSAGE_LENGTH) return `error.message has ${message.length} characters`;
  return undefined;
}

const succeeded = (outcome: Outcome) => outcome.ok && (outcome.value as { success?: unknown }).success === true;

/** Calls `logout(params)` on a WebAuth whose navigation is a spy, and holds the result to the contract. */
async function checkRefine(makeLogout: (webAuth: WebAuth) => (params: never) => Promise<unknown>, params: unknown): Promise<void> {
  const openUrl = vi.fn();
  const logout = makeLogout(new WebAuth({ ...CONFIG, openUrl }));
  const outcome = await attemptAsync(() => logout(params as never));
  expect(responseViolation(outcome)).toBeUndefined();
  expect(openUrl).toHaveBeenCalledTimes(succeeded(outcome) ? 1 : 0);
}

describe('refine logout under hostile input', () => {
  it(`refineLogout resolves a response for any params of mutate(...) (${RUNS.v2} runs)`, async () => {
    const keys = ['returnTo', 'redirectPath', 'federated', 'clientID', 'extraParam', null];
    await fc.assert(
      fc.asyncProperty(placementArb({ keys }), async (placement) => {
        const params = buildHostile({ federated: true }, placement, placement.key === 'returnTo' ? RETURN_TO : 'value');
        await checkRefine((webAuth) => refineLogout(webAuth, { returnTo: RETURN_TO }), params);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.v2 },
    );
  });

  it(`refineOidcLogout resolves a response for any params of mutate(...) (${RUNS.oidc} runs)`, async () => {
    const keys = ['postLogoutRedirectUri', 'idTokenHint', 'state', 'redirectPath', null];
    await fc.assert(
      fc.asyncProperty(placementArb({ keys }), async (placement) => {
        const params = buildHostile({ state: 'xyz' }, placement, placement.key === 'postLogoutRedirectUri' ? RETURN_TO : 'value');
        await checkRefine((webAuth) => refineOidcLogout(webAuth, { postLogoutRedirectUri: RETURN_TO }), params);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.oidc },
    );
  });

  it(`resolves { success: false } whatever the WebAuth throws or rejects with, and however (${RUNS.thrown} runs)`, async () => {
    const thrownArb = fc.oneof(
      fc.constantFrom(...HOSTILE_KINDS).map((kind) => ({ hostile: kind })),
      fc.constantFrom('an Error', 'a WebAuthError', 'an empty string', 'undefined', 'a message getter that throws', 'a code getter that throws').map((named) => ({ named })),
    );
    const NAMED: Record<string, () => unknown> = {
      'an Error': () => new Error('network down'),
      'a WebAuthError': () => new WebAuthError('invalid_return_to', 'returnTo option is not valid'),
      'an empty string': () => '',
      undefined: () => undefined,
      'a message getter that throws': () => Object.defineProperty(new Error(), 'message', { get: () => { throw new Error('message getter'); } }),
      'a code getter that throws': () => Object.defineProperty(new Error('x'), 'code', { get: () => { throw new Error('code getter'); } }),
    };
    const HOW = {
      throws: (value: unknown) => () => {
        throw value;
      },
      rejects: (value: unknown) => () => Promise.reject(value),
      'returns a thenable that throws': (value: unknown) => () => ({
        then() {
          throw value;
        },
      }),
    };
    await fc.assert(
      fc.asyncProperty(thrownArb, fc.constantFrom(...(Object.keys(HOW) as Array<keyof typeof HOW>)), fc.boolean(), async (thrown, how, oidc) => {
        const value = 'hostile' in thrown ? HOSTILE_VALUES[thrown.hostile]() : NAMED[thrown.named]!();
        const leave = HOW[how](value) as () => Promise<void>;
        // refineOidcLogout takes a real client: what it throws comes from the app's openUrl, which the logout passes on.
        const logout = oidc ? refineOidcLogout(new WebAuth({ ...CONFIG, openUrl: leave })) : refineLogout({ logout: leave });
        const outcome = await attemptAsync(() => logout());
        expect(responseViolation(outcome)).toBeUndefined();
        expect(succeeded(outcome)).toBe(false);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.thrown },
    );
  });

  it(`with hostile defaults, the factory throws a WebAuthError or gives a logout that resolves a response (${RUNS.defaults} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(placementArb({ keys: ['returnTo', 'federated', 'postLogoutRedirectUri', null] }), fc.boolean(), async (placement, oidc) => {
        const defaults = buildHostile({}, placement, RETURN_TO);
        const openUrl = vi.fn();
        const webAuth = new WebAuth({ ...CONFIG, openUrl });
        const made = attempt(() => (oidc ? refineOidcLogout(webAuth, defaults as never) : refineLogout(webAuth, defaults as never)));
        if (!made.ok) {
          expect(refusalViolation(made.thrown)).toBeUndefined();
          return;
        }
        const outcome = await attemptAsync(() => (made.value as () => Promise<unknown>)());
        expect(responseViolation(outcome)).toBeUndefined();
        expect(openUrl).toHaveBeenCalledTimes(succeeded(outcome) ? 1 : 0);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.defaults },
    );
  });
});
