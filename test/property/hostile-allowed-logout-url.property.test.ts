/**
 * `isAllowedLogoutUrl(url, list, endpoint)` under hostile values (fast-check,
 * fixed seed). The local tenant and the SDK's fail-fast check both call it,
 * with whatever a configuration file or a request holds: it answers a boolean,
 * or refuses its arguments with a `WebAuthError`; nothing else escapes.
 *
 * Runs: 4,000 + 2,000 + 200 = 6,200.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllowedLogoutUrl, type LogoutEndpoint } from '../../src/index';
import { FIXED_SEED, RESERVED_CHARACTERS, CONTROL_CHARACTERS, returnUrlArb } from '../helpers/arbitraries';
import { HOSTILE_KINDS, HOSTILE_VALUES, HUGE_KINDS, HUGE_VALUES } from '../helpers/hostile';
import { attempt, refusalViolation, type Outcome } from './contract';

const RUNS = { hostile: 4000, strings: 2000, huge: 200 };

/** One argument, as data: a hostile kind, or an ordinary value. */
type Slot = { hostile: keyof typeof HOSTILE_VALUES } | { huge: keyof typeof HUGE_VALUES } | { plain: unknown };
const make = (slot: Slot): unknown =>
  'hostile' in slot ? HOSTILE_VALUES[slot.hostile]() : 'huge' in slot ? HUGE_VALUES[slot.huge]() : slot.plain;

const entryArb = fc.oneof(
  returnUrlArb,
  fc.constantFrom('https://*.example.com/', 'https://app.example.com/*', '*', 'https://*.*.example.com/', 'https://app.example.com/', ''),
);
const hostileArb: fc.Arbitrary<Slot> = fc.constantFrom(...HOSTILE_KINDS).map((kind) => ({ hostile: kind }));

const urlSlotArb: fc.Arbitrary<Slot> = fc.oneof(hostileArb, returnUrlArb.map((plain) => ({ plain })));
const listSlotArb: fc.Arbitrary<Slot | { entries: Slot[] }> = fc.oneof(
  hostileArb,
  fc.array(fc.oneof(hostileArb, entryArb.map((plain): Slot => ({ plain }))), { maxLength: 3 }).map((entries) => ({ entries })),
);
const endpointSlotArb: fc.Arbitrary<Slot> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<unknown>('v2', 'oidc', undefined).map((plain) => ({ plain })) },
  { weight: 1, arbitrary: hostileArb },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('V2', 'OIDC', '', 'saml', null).map((plain) => ({ plain })) },
);

const makeList = (slot: Slot | { entries: Slot[] }) => ('entries' in slot ? slot.entries.map(make) : make(slot));

/** A boolean, or a WebAuthError by the contract; `undefined` when that holds. */
const matcherViolation = (outcome: Outcome): string | undefined =>
  outcome.ok ? (typeof outcome.value === 'boolean' ? undefined : `returned ${typeof outcome.value}, not a boolean`) : refusalViolation(outcome.thrown);

const call = (url: unknown, list: unknown, endpoint: unknown) =>
  attempt(() => isAllowedLogoutUrl(url as string, list as string[], endpoint as LogoutEndpoint));

describe('isAllowedLogoutUrl under hostile arguments', () => {
  it(`answers a boolean or throws a WebAuthError, whatever the URL, the list and the endpoint (${RUNS.hostile} runs)`, () => {
    fc.assert(
      fc.property(urlSlotArb, listSlotArb, endpointSlotArb, (url, list, endpoint) => {
        expect(matcherViolation(call(make(url), makeList(list), make(endpoint)))).toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.hostile },
    );
  });

  it(`answers a boolean or throws a WebAuthError for any strings at all: reserved and control characters, lone surrogates (${RUNS.strings} runs)`, () => {
    const oddStringArb = fc.string({
      unit: fc.oneof(fc.constantFrom(...RESERVED_CHARACTERS, ...CONTROL_CHARACTERS, '\ud800', '\udfff', 'é', '日'), fc.string({ maxLength: 1 })),
      maxLength: 40,
    });
    const urlArb = fc.oneof(returnUrlArb, oddStringArb, fc.tuple(returnUrlArb, oddStringArb).map(([a, b]) => a + b));
    fc.assert(
      fc.property(urlArb, fc.array(fc.oneof(entryArb, urlArb), { maxLength: 4 }), fc.constantFrom<LogoutEndpoint>('v2', 'oidc'), (url, list, endpoint) => {
        const outcome = call(url, list, endpoint);
        expect(matcherViolation(outcome)).toBeUndefined();
        // An exact entry matches itself under oidc, when the matcher answers at all.
        if (outcome.ok && list.includes(url) && endpoint === 'oidc' && !url.includes('*')) expect(outcome.value).toBe(true);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.strings },
    );
  });

  it(`answers a boolean or throws a WebAuthError for 1 MB strings, deep nesting and huge lists (${RUNS.huge} runs)`, () => {
    const hugeArb: fc.Arbitrary<Slot> = fc.constantFrom(...HUGE_KINDS).map((kind) => ({ huge: kind }));
    fc.assert(
      fc.property(fc.oneof(hugeArb, urlSlotArb), fc.oneof(hugeArb, listSlotArb), fc.constantFrom('v2', 'oidc'), (url, list, endpoint) => {
        expect(matcherViolation(call(make(url), makeList(list), endpoint))).toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.huge },
    );
  });
});
