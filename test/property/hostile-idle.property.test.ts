/**
 * `watchIdle` under hostile values (fast-check, fixed seed): throwing and
 * changing getters, proxies, cycles, every type, huge values, anywhere in its
 * options or as the whole argument. The contract: it either returns a working
 * watch or throws a `WebAuthError` with a documented code and a short
 * message; a refusal starts nothing (no listener, no deadline written); a
 * plain options object is never modified. Runs: 1,500 + 20.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, watchIdle, type IdleWatch } from '../../src/index';
import { FIXED_SEED } from '../helpers/arbitraries';
import { HUGE_KINDS, buildHostile, isInspectable, placementArb } from '../helpers/hostile';
import { attempt, mutationViolation, refusalViolation, snapshot } from './contract';

const CLIENT_ID = 'hostile-idle';
const KEY = `webauth-logout:idle:${CLIENT_ID}`;
const webAuth = new WebAuth({ domain: 'me.auth0.com', clientID: CLIENT_ID, openUrl: false });
const KEYS = ['timeoutMs', 'warnBeforeMs', 'onWarn', 'onActive', 'logout', 'events', 'crossTab', null] as const;

/** What a careful caller would put under each key. */
const GOOD: Record<string, unknown> = {
  timeoutMs: 60_000,
  warnBeforeMs: 10_000,
  onWarn: () => undefined,
  onActive: () => undefined,
  logout: { returnTo: 'https://app.example.com/' },
  events: ['keydown'],
  crossTab: true,
};

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

/** Calls watchIdle with `options` and holds the outcome to the contract; returns why it broke it, or undefined. */
function violation(options: unknown, inspectable: boolean): string | undefined {
  localStorage.removeItem(KEY);
  const added = vi.spyOn(window, 'addEventListener');
  const before = inspectable ? snapshot(options as object) : undefined;
  const outcome = attempt(() => watchIdle(webAuth, options as never));
  const listeners = added.mock.calls.length;
  added.mockRestore();
  if (before) {
    const changed = mutationViolation(options as object, before);
    if (changed) return changed;
  }
  if (!outcome.ok) {
    if (listeners > 0) return `refused, but added ${listeners} listeners`;
    if (localStorage.getItem(KEY) !== null) return 'refused, but wrote a deadline';
    return refusalViolation(outcome.thrown);
  }
  const watch = outcome.value as IdleWatch;
  try {
    const remaining = watch.remaining();
    if (!(typeof remaining === 'number' && remaining > 0)) return `a started watch has ${String(remaining)} ms left`;
    watch.reset();
  } finally {
    watch.stop();
  }
  return watch.remaining() === 0 ? undefined : 'a stopped watch still counts down';
}

describe('watchIdle with hostile options', () => {
  it('returns a working watch or throws a WebAuthError, starting nothing on refusal (1,500 runs)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(placementArb({ keys: KEYS }), (placement) => {
        const good = placement.key === null ? GOOD : GOOD[placement.key];
        const options = buildHostile(GOOD, placement, good);
        expect(violation(options, isInspectable(placement))).toBeUndefined();
        const again = attempt(() => watchIdle(webAuth, GOOD as never));
        if (again.ok) {
          accepted++;
          (again.value as IdleWatch).stop();
        }
      }),
      { seed: FIXED_SEED, numRuns: 1500 },
    );
    // The good options must work every time: the property is not passing by refusing everything.
    expect(accepted).toBe(1500);
  });

  it('holds with 1 MB strings, 10,000-deep nesting and 50,000 keys (20 runs)', () => {
    fc.assert(
      fc.property(placementArb({ keys: KEYS, kinds: HUGE_KINDS }), (placement) => {
        const good = placement.key === null ? GOOD : GOOD[placement.key];
        expect(violation(buildHostile(GOOD, placement, good), false)).toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: 20 },
    );
  });

  it('accepts a plain, careful call', () => {
    expect(violation({ ...GOOD }, true)).toBeUndefined();
  });
});
