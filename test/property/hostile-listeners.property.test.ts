/**
 * `onLogout(webAuth, listener)` under hostile listeners (fast-check, fixed seed).
 *
 * A listener is the application's code, run in the middle of a logout. Whatever
 * it is, the logout goes ahead: it still navigates once, the well-behaved
 * listeners still hear it, the other tabs are still told. A listener that is
 * not a function is refused at once with a `WebAuthError`, or accepted and then
 * harmless; a function that throws (anything, even a revoked proxy) has its
 * error reported asynchronously, once, and nothing else is reported. The
 * logout still saves its pending-logout record for the return trip.
 *
 * Runs: 1,500.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, onLogout, type LogoutEvent } from '../../src/index';
import { FIXED_SEED } from '../helpers/arbitraries';
import { HOSTILE_KINDS, HOSTILE_VALUES } from '../helpers/hostile';
import { attempt, attemptAsync, describeThrown, refusalViolation, untilHeard } from './contract';

const RUNS = 1500;
const CLIENT_ID = 'listener-app';
const CONFIG = { domain: 'me.auth0.com', clientID: CLIENT_ID };

function revokedFunction(): () => void {
  const { proxy, revoke } = Proxy.revocable(() => undefined, {});
  revoke();
  return proxy;
}

/** Listeners that are functions but misbehave: each throws something, or is a proxy whose traps throw. */
const THROWING_LISTENERS: Record<string, () => unknown> = {
  'throws an Error': () => () => {
    throw new Error('listener bug');
  },
  'throws a string': () => () => {
    throw 'listener bug';
  },
  'throws undefined': () => () => {
    throw undefined;
  },
  'throws a revoked proxy': () => () => {
    throw Proxy.revocable({}, {}).proxy;
  },
  'is a proxy whose apply trap throws': () =>
    new Proxy(() => undefined, {
      apply() {
        throw new Error('apply trap');
      },
    }),
  'is a revoked function proxy': revokedFunction,
};

/** A listener, as data: a misbehaving function, or any hostile value (most of them are not functions). */
type ListenerCase = { throwing: string } | { hostile: keyof typeof HOSTILE_VALUES };
const listenerArb: fc.Arbitrary<ListenerCase> = fc.oneof(
  fc.constantFrom(...Object.keys(THROWING_LISTENERS)).map((name) => ({ throwing: name })),
  fc.constantFrom(...HOSTILE_KINDS).map((kind) => ({ hostile: kind })),
);
const makeListener = (listener: ListenerCase) =>
  'throwing' in listener ? THROWING_LISTENERS[listener.throwing]!() : HOSTILE_VALUES[listener.hostile]();

let heardInOtherTab = 0;

describe('onLogout with a hostile listener', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    sessionStorage.clear();
  });

  it(`never stops the logout, the other listeners or the other tabs, and reports only a thrown error (${RUNS} runs)`, async () => {
    const otherTab = new BroadcastChannel(`webauth-logout:${CLIENT_ID}`);
    otherTab.onmessage = () => heardInOtherTab++;
    let logouts = 0;
    try {
      await fc.assert(
        fc.asyncProperty(listenerArb, fc.boolean(), async (listenerCase, hostileFirst) => {
          // The SDK reports a listener's error in a timer that throws it; jsdom also schedules one for the
          // `storage` event of the pending-logout record, which throws nothing: a report is a timer that throws
          // (anything, `undefined` included, which the fake clock would not rethrow).
          vi.useFakeTimers({ toFake: ['setTimeout'] });
          let reported = 0;
          const fakeSetTimeout = globalThis.setTimeout;
          const timers = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
            fakeSetTimeout((...given: unknown[]) => {
              try {
                callback(...given);
              } catch (thrown) {
                reported++;
                throw thrown;
              }
            }, ms, ...args)) as typeof setTimeout);
          sessionStorage.clear();
          const openUrl = vi.fn();
          const webAuth = new WebAuth({ ...CONFIG, openUrl });
          const heard: LogoutEvent[] = [];
          const wellBehaved = (event: LogoutEvent) => void heard.push(event);
          const stops: Array<() => void> = [];
          if (!hostileFirst) stops.push(onLogout(webAuth, wellBehaved));
          const subscribed = attempt(() => onLogout(webAuth, makeListener(listenerCase) as never));
          if (hostileFirst) stops.push(onLogout(webAuth, wellBehaved));
          try {
            if (subscribed.ok) {
              expect(typeof subscribed.value).toBe('function');
              stops.push(subscribed.value as () => void);
            } else {
              expect(refusalViolation(subscribed.thrown)).toBeUndefined();
            }
            const outcome = await attemptAsync(() => webAuth.logout('https://app.example.com/'));
            logouts++;
            expect(outcome.ok ? 'resolved' : describeThrown(outcome.thrown)).toBe('resolved');
            expect(openUrl).toHaveBeenCalledOnce();
            expect(heard.map((event) => `${event.phase} ${event.returnTo}`)).toEqual(['started https://app.example.com/']);
            expect(JSON.parse(sessionStorage.getItem(`webauth-logout:pending:${CLIENT_ID}`) ?? 'null')).toMatchObject({
              endpoint: 'v2',
              returnTo: 'https://app.example.com/',
              federated: false,
            });
          } finally {
            for (const stop of stops) expect(attempt(stop).ok).toBe(true);
            // Run the timers, and swallow what they throw: it is the listener's error, and it is counted.
            for (let pending = vi.getTimerCount(); pending > 0; pending--) attempt(() => vi.advanceTimersToNextTimer());
            timers.mockRestore();
            vi.useRealTimers();
            sessionStorage.clear();
          }
          const throws = 'throwing' in listenerCase || listenerCase.hostile === 'revoked function proxy';
          expect(reported, throws ? 'a thrown error is reported once' : 'an accepted non-function is harmless').toBe(throws && subscribed.ok ? 1 : 0);
        }),
        { seed: FIXED_SEED, numRuns: RUNS },
      );
    } finally {
      await untilHeard(() => heardInOtherTab, logouts);
      otherTab.close();
    }
    expect(heardInOtherTab).toBe(logouts);
  });
});
