/**
 * Polluting `Object.prototype` for a property test, and always cleaning up.
 * Each key's values are labelled, so that a counterexample reads
 * `[["revoked", "false"]]` rather than dumping the values.
 */
import fc from 'fast-check';

export type Pollution = Array<[key: string, label: string]>;
/** Per key, the values to pollute it with, by label. */
export type PollutionValues = Record<string, Record<string, unknown>>;

/** One to three distinct keys of `values`, each with one of its labelled values. */
export const pollutionArb = (values: PollutionValues): fc.Arbitrary<Pollution> =>
  fc.uniqueArray(
    fc.constantFrom(...Object.entries(values).flatMap(([key, labels]) => Object.keys(labels).map((label): [string, string] => [key, label]))),
    { minLength: 1, maxLength: 3, selector: ([key]) => key },
  );

/** Runs `call` with `Object.prototype` polluted as `pollution` says (its values looked up in `values`), and always cleans up. */
export async function polluted<T>(values: PollutionValues, pollution: Pollution, call: () => Promise<T>): Promise<T> {
  const prototype = Object.prototype as Record<string, unknown>;
  try {
    for (const [key, label] of pollution) prototype[key] = values[key]![label];
    return await call();
  } finally {
    for (const [key] of pollution) delete prototype[key];
  }
}
