/**
 * Differential against the real auth0.js 10.2.1 for odd parameter values
 * (fast-check, fixed seed): BigInt, Symbol, NaN, -0, boxed primitives,
 * functions, class instances, Maps, URLs, RegExps, errors, typed arrays,
 * null-prototype objects, symbol keys, own `__proto__` keys, dates valid and
 * not, objects whose `toJSON`, `toString` or `then` throw, directly under an
 * extra key or nested in an object or an array.
 *
 * This SDK may refuse such a value (with a WebAuthError: the hostile-input
 * properties hold it to that), but where both it and auth0.js build a URL,
 * the URLs are the same bytes, but for the documented differences (the
 * `auth0Client` value, the dangling `?`), as the README promises for every
 * options object both accept. auth0.js gets the very same objects (it copies
 * what it is given and writes into its copies only), so nothing is lost to
 * a structured clone.
 *
 * Runs: 3,000 per build, through src, dist/index.mjs and dist/index.cjs.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../src/index';
import { FIXED_SEED, extraKeyArb, logoutOptionsArb, tenantArb } from '../helpers/arbitraries';
import { auth0, toAuth0JsConfig } from '../helpers/auth0js';
import { distHref, distPath, type Sdk } from '../helpers/bundles';
import { HOSTILE_VALUES, type HostileKind } from '../helpers/hostile';
import { maskAuth0Client, withoutDanglingQuestionMark } from '../helpers/urls';
import { attempt } from './contract';

const RUNS = 3000;

/** Values a caller may really hand over, on purpose or not; no proxies, throwing getters or cycles, which auth0.js cannot take either. */
const ODD_KINDS: HostileKind[] = [
  'undefined', 'null', 'true', 'empty string', 'number', 'bigint', 'symbol', 'NaN', '-0', 'Infinity',
  'Boolean object false', 'String object holding a URL', 'array of URLs', 'sparse array', 'nested arrays',
  'Date', 'invalid Date', 'array holding an invalid Date', 'function', 'class instance', 'null-prototype object',
  'own __proto__ key', 'symbol keys', 'toJSON throws', 'toString and valueOf throw', 'Symbol.toPrimitive throws',
  'thenable whose then throws', 'Map', 'URL', 'RegExp', 'Error', 'Uint8Array',
];

const oddCaseArb = fc.record({
  tenant: tenantArb,
  // Without navigation options, which auth0.js would send as parameters (a documented difference).
  base: logoutOptionsArb.map(({ openUrl, redirectMethod, ...rest }) => rest),
  key: extraKeyArb,
  kind: fc.constantFrom(...ODD_KINDS),
  holder: fc.constantFrom('direct', 'in an object', 'in an array', 'in an array in an object'),
});
type OddCase = typeof oddCaseArb extends fc.Arbitrary<infer T> ? T : never;

function optionsOf({ base, key, kind, holder }: OddCase): Record<string, unknown> {
  const value = HOSTILE_VALUES[kind]();
  const held = holder === 'direct' ? value : holder === 'in an object' ? { inner: value } : holder === 'in an array' ? ['x', value] : { inner: ['x', value] };
  return { ...base, [key]: held };
}

const telemetryOn = ({ tenant }: OddCase) => tenant._sendTelemetry !== false;
const comparable = (call: OddCase, url: string) => (telemetryOn(call) ? maskAuth0Client(url) : url);

describe(`odd parameter values (${RUNS} generated calls, seed ${FIXED_SEED})`, () => {
  const cases = fc.sample(oddCaseArb, { seed: FIXED_SEED, numRuns: RUNS });
  const builds: Array<[string, Sdk]> = [['src', source]];

  beforeAll(async () => {
    builds.push(
      ['dist/index.mjs', (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk],
      ['dist/index.cjs', createRequire(import.meta.url)(distPath('index.cjs')) as Sdk],
    );
  });

  it.each(['src', 'dist/index.mjs', 'dist/index.cjs'])('%s: where both build a URL, it is the bytes auth0.js builds', (name) => {
    const sdk = builds.find(([candidate]) => candidate === name)![1];
    let both = 0;
    const mismatches: Array<{ call: string; ours: string; auth0js: string }> = [];
    for (const call of cases) {
      const theirs = attempt(() => new auth0.WebAuth(toAuth0JsConfig(call.tenant)).client.buildLogoutUrl(optionsOf(call)) as string);
      const ours = attempt(() => sdk.buildLogoutUrl(call.tenant, optionsOf(call) as never));
      if (!theirs.ok || !ours.ok) continue;
      both++;
      const [a, b] = [comparable(call, ours.value as string), comparable(call, withoutDanglingQuestionMark(theirs.value as string))];
      if (a !== b) mismatches.push({ call: `${call.kind} ${call.holder} under ${JSON.stringify(call.key)}`, ours: a, auth0js: b });
    }
    console.log(`differential, odd values (${name}): ${both - mismatches.length}/${both} calls both accept give the same URL`);
    // The shortest first: the easiest to read.
    mismatches.sort((x, y) => x.ours.length - y.ours.length);
    expect({ mismatches: mismatches.length, shortest: mismatches.slice(0, 3) }).toEqual({ mismatches: 0, shortest: [] });
    // Most odd values are ones both can serialize: the comparison is not empty.
    expect(both).toBeGreaterThan(RUNS / 2);
  });
});
