/**
 * fast-check arbitraries for the differential run through every build: wider
 * options than ./arbitraries.ts generates (keys that collide after
 * snake_casing, runs of capitals and digits, Dates, NaN, -0, sparse and
 * nested arrays, own `__proto__` keys, lone surrogates).
 */
import fc from 'fast-check';
import { camelToSnake } from '../../src/utils/snakeCase';
import type { JsLogoutOptions } from './objects';
import { SPECIAL_KEYS, camelCaseKeyArb, capitalize, clientIdEntriesArb, extraKeyArb, federatedEntriesArb, leafArb, logoutOptionsArb, nestedKeyArb, returnToEntriesArb, returnUrlArb, tenantArb, textArb, type Entries, type LogoutCase } from './arbitraries';

/** Builds an object whose every key is an own data property, `__proto__` included, as `JSON.parse` makes them. */
export function fromEntriesAsJson(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const isExtraKey = (key: string) => key !== '__proto__' && !SPECIAL_KEYS.includes(key) && !['return_to', 'client_id'].includes(camelToSnake(key));

/** Runs of capitals and digits, where snake_casing has the most rules to get right: `myParam2`, `HTTPServer`, `a1B2`. */
export const capitalsAndDigitsKeyArb: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('myParam2', 'HTTPServer', 'a1B2', 'URLPath9X', 'ABC123def', 'x2Y3z', 'getHTTPResponseCode', 'v10Beta2', 'A', 'Z9'),
    fc.stringMatching(/^(?:[a-z]{1,4}|[A-Z]{2,5})(?:[A-Z][a-z]{1,4}|[A-Z]{2,4}|[0-9]{1,3}){1,3}$/),
  )
  .filter(isExtraKey);

/** A lone UTF-16 surrogate somewhere in a string: this SDK sends U+FFFD there, auth0.js garbles it (a documented difference). */
export const loneSurrogateTextArb: fc.Arbitrary<string> = fc
  .tuple(textArb, fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), textArb)
  .map(([before, surrogate, after]) => before + surrogate + after)
  // The surrogate must stay lone: a neighbour of the other half would pair with it.
  .filter((text) => /(?:[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/.test(text));

const wideLeafArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: leafArb },
  { weight: 2, arbitrary: fc.date({ noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, -0, Infinity, -Infinity, 0) },
);

/** A sparse array: holes at random indices, sometimes a length past the last element. */
const sparseArrayArb = (itemArb: fc.Arbitrary<unknown>) =>
  fc.tuple(fc.sparseArray(itemArb, { maxLength: 6, maxNumElements: 3 }), fc.nat(3)).map(([array, extra]) => {
    array.length += extra;
    return array;
  });

const wideKeyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nestedKeyArb },
  { weight: 2, arbitrary: capitalsAndDigitsKeyArb },
  { weight: 1, arbitrary: fc.constant('__proto__') },
);

/** Two or three keys that snake_case to the same parameter: `fooBar`, `FooBar`, `foo_bar`. */
const collidingEntriesArb = (valueArb: fc.Arbitrary<unknown>): fc.Arbitrary<Array<[string, unknown]>> =>
  fc
    .tuple(fc.oneof(camelCaseKeyArb, capitalsAndDigitsKeyArb).filter(isExtraKey), fc.boolean(), valueArb, valueArb, valueArb)
    .filter(([key]) => camelToSnake(key) !== key)
    .map(([key, pascal, a, b, c]) => {
      const entries: Array<[string, unknown]> = [[key, a], [camelToSnake(key), b]];
      if (pascal && capitalize(key) !== key) entries.push([capitalize(key), c]);
      return entries;
    });

/** Values of the wider run: dates, NaN, -0, lone surrogates, sparse and nested arrays, nested objects with own `__proto__` keys and colliding keys. */
export const wideValueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ maxDepth: 2 }, { weight: 5, arbitrary: wideLeafArb }, tie('array'), tie('object')),
  array: fc.oneof(fc.array(tie('value'), { maxLength: 4 }), sparseArrayArb(tie('value'))),
  object: fc
    .tuple(fc.array(fc.tuple(wideKeyArb, tie('value')), { maxLength: 4 }), fc.option(collidingEntriesArb(tie('value')), { nil: [] }))
    .map(([entries, colliding]) => fromEntriesAsJson([...entries, ...colliding])),
})).value;

/** `return_to` and `ReturnTo`, `returnTO`: one parameter, both checked as return URLs. */
const collidingReturnToEntriesArb: fc.Arbitrary<Entries> = fc
  .tuple(fc.constantFrom('ReturnTo', 'returnTO'), returnUrlArb, returnUrlArb)
  .map(([spelling, a, b]): Entries => [['return_to', a], [spelling, b]]);

/** Options objects like {@link logoutOptionsArb}, with the wider keys and values, and own `__proto__` keys. */
export const wideLogoutOptionsArb: fc.Arbitrary<JsLogoutOptions> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: returnToEntriesArb }, { weight: 1, arbitrary: collidingReturnToEntriesArb }),
    clientIdEntriesArb,
    federatedEntriesArb,
    fc.array(fc.tuple(fc.oneof(extraKeyArb, capitalsAndDigitsKeyArb, fc.constant('__proto__')), wideValueArb), { maxLength: 6 }),
    fc.option(collidingEntriesArb(wideValueArb), { nil: [] }),
    // Rare, so that most cases stay comparable byte for byte.
    fc.oneof(
      { weight: 30, arbitrary: fc.constant<Entries>([]) },
      { weight: 1, arbitrary: fc.tuple(extraKeyArb, loneSurrogateTextArb).map((entry): Entries => [entry]) },
    ),
  )
  .chain((groups) => {
    const entries = groups.flat();
    return fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length });
  })
  .map((entries) => fromEntriesAsJson(entries) as JsLogoutOptions);

/** A valid call with wider options; no navigation options, which auth0.js would send as parameters. */
export const wideLogoutCaseArb: fc.Arbitrary<LogoutCase> = fc.record({
  tenant: tenantArb,
  options: fc.oneof({ weight: 30, arbitrary: wideLogoutOptionsArb }, { weight: 1, arbitrary: returnUrlArb }, { weight: 1, arbitrary: fc.constant(undefined) }),
});
