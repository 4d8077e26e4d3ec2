/**
 * Differential run against the real auth0.js 10.2.1 through every build: the
 * source, dist/index.mjs, dist/index.cjs and the script-tag bundle
 * dist/webauth-logout.min.js (in its own realm). Each gets at least 10,000
 * generated options objects with the inputs where a URL builder is most
 * likely to slip: keys that collide once snake_cased (`fooBar`, `FooBar`,
 * `foo_bar`; `return_to` and `ReturnTo`), runs of capitals and digits
 * (`HTTPServer`, `a1B2`), dates, `NaN`, `-0`, sparse and nested arrays,
 * nested objects, own `__proto__` keys.
 *
 * The URLs must be byte-identical to auth0.js's but for the documented
 * differences: the `auth0Client` value (masked), the dangling `?` (normalized),
 * and a lone UTF-16 surrogate, which this SDK sends as U+FFFD where auth0.js
 * garbles it: those cases are set apart, and must equal auth0.js's URL for the
 * same options with U+FFFD written in. An own `__proto__` key is left out, as
 * auth0.js leaves it out. Return URLs are generated valid (invalid ones are
 * refused by this SDK, another documented difference).
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../src/index';
import { FIXED_SEED, type LogoutArgument, type LogoutCase } from '../helpers/arbitraries';
import { wideLogoutCaseArb } from '../helpers/wide-arbitraries';
import { auth0jsLogoutUrl } from '../helpers/auth0js';
import { distHref, distPath, loadUmdInVm, type Sdk } from '../helpers/bundles';
import { maskAuth0Client, withoutDanglingQuestionMark } from '../helpers/urls';

const REQUIRED_PER_BUILD = 10_000;
// A few more than required: the lone-surrogate cases are compared apart.
const GENERATED = 10_600;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const cases: LogoutCase[] = fc.sample(wideLogoutCaseArb, { seed: FIXED_SEED, numRuns: GENERATED });

/** Every string of a value, keys included, walked without running any of its code. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const key of Object.keys(value)) {
      out.push(key);
      strings((value as Record<string, unknown>)[key], out);
    }
  }
  return out;
}
const hasLoneSurrogate = (options: LogoutArgument) => strings(options).some((text) => text.search(LONE_SURROGATE) !== -1);

/** The same value with every lone surrogate, in keys and strings, written as U+FFFD: what this SDK sends for it. */
function withReplacementCharacters(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  const copy = (Array.isArray(value) ? new Array(value.length) : {}) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const fixed = Array.isArray(value) ? key : key.replace(LONE_SURROGATE, '\ufffd');
    Object.defineProperty(copy, fixed, { value: withReplacementCharacters((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** What a build must give: auth0.js's URL, normalized for the documented differences. */
interface Expected {
  call: LogoutCase;
  auth0js: string;
  loneSurrogate: boolean;
}
const telemetryOn = ({ tenant }: LogoutCase) => tenant._sendTelemetry !== false;
const comparable = (call: LogoutCase, url: string) => (telemetryOn(call) ? maskAuth0Client(url) : url);

/**
 * The script-tag bundle runs in its own realm, as on a page, so its input is
 * made there too: a Date of another realm is not a Date to qs's `instanceof`
 * check (in auth0.js's bundle just as well). Everything else crosses as is.
 */
function adoptDates(value: unknown, VmDate: DateConstructor): unknown {
  if (value instanceof Date) return new VmDate(value.getTime());
  if (typeof value !== 'object' || value === null) return value;
  const copy = (Array.isArray(value) ? new Array(value.length) : {}) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, { value: adoptDates((value as Record<string, unknown>)[key], VmDate), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

type LogoutOptionsArg = Parameters<source.WebAuth['buildLogoutUrl']>[0];

describe(`${GENERATED} generated calls (seed ${FIXED_SEED}) through every build give auth0.js's URL`, () => {
  const builds: Array<{ name: string; sdk: Sdk; adopt: (options: LogoutArgument) => LogoutArgument }> = [];
  let expected: Expected[] = [];

  beforeAll(async () => {
    const same = (options: LogoutArgument) => options;
    const umd = loadUmdInVm();
    // The realm's own Date, reached through its Function constructor.
    const VmDate = (umd.WebAuth as unknown as { constructor: FunctionConstructor }).constructor('return Date')() as DateConstructor;
    builds.push(
      { name: 'src', sdk: source, adopt: same },
      { name: 'dist/index.mjs', sdk: (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk, adopt: same },
      { name: 'dist/index.cjs', sdk: createRequire(import.meta.url)(distPath('index.cjs')) as Sdk, adopt: same },
      { name: 'dist/webauth-logout.min.js', sdk: umd, adopt: (options) => adoptDates(options, VmDate) as LogoutArgument },
    );
    expected = cases.map((call) => {
      const loneSurrogate = hasLoneSurrogate(call.options);
      const options = (loneSurrogate ? withReplacementCharacters(call.options) : call.options) as LogoutArgument;
      return { call, loneSurrogate, auth0js: withoutDanglingQuestionMark(auth0jsLogoutUrl(call.tenant, options)) };
    });
  });

  it('generates what it claims to: collisions, capitals and digits, dates, NaN, -0, sparse arrays, __proto__, lone surrogates', () => {
    const all = cases.flatMap(({ options }) => (typeof options === 'object' && options !== null ? [options] : []));
    const keysOf = (value: unknown): string[] =>
      typeof value === 'object' && value !== null && !(value instanceof Date)
        ? Object.keys(value).flatMap((key) => [key, ...keysOf((value as Record<string, unknown>)[key])])
        : [];
    const valuesOf = (value: unknown): unknown[] =>
      typeof value === 'object' && value !== null && !(value instanceof Date)
        ? [value, ...Object.values(value).flatMap(valuesOf)]
        : [value];
    const count = (test: (options: Record<string, unknown>) => boolean) => all.filter(test).length;
    const snake = (key: string) => key.replace(/(?<=[^A-Z])[A-Z]|(?<=[^0-9])[0-9]/g, (char) => `_${char}`).toLowerCase();
    expect(count((o) => new Set(Object.keys(o).map(snake)).size < Object.keys(o).length)).toBeGreaterThan(1000);
    expect(count((o) => 'return_to' in o && ('ReturnTo' in o || 'returnTO' in o))).toBeGreaterThan(200);
    expect(count((o) => keysOf(o).some((key) => /[A-Z]{2}|[a-z][0-9]|[0-9][A-Za-z]/.test(key)))).toBeGreaterThan(2000);
    expect(count((o) => keysOf(o).includes('__proto__'))).toBeGreaterThan(500);
    expect(count((o) => valuesOf(o).some((v) => v instanceof Date))).toBeGreaterThan(500);
    expect(count((o) => valuesOf(o).some((v) => Number.isNaN(v)))).toBeGreaterThan(100);
    expect(count((o) => valuesOf(o).some((v) => Object.is(v, -0)))).toBeGreaterThan(100);
    expect(count((o) => valuesOf(o).some((v) => Array.isArray(v) && Object.keys(v).length < v.length))).toBeGreaterThan(500);
    expect(count((o) => valuesOf(o).some((v) => Array.isArray(v) && v.some(Array.isArray)))).toBeGreaterThan(200);
    expect(expected.filter((e) => e.loneSurrogate).length).toBeGreaterThan(200);
    expect(expected.filter((e) => !e.loneSurrogate).length).toBeGreaterThanOrEqual(REQUIRED_PER_BUILD);
  });

  it.each(['src', 'dist/index.mjs', 'dist/index.cjs', 'dist/webauth-logout.min.js'])(
    `%s: at least ${REQUIRED_PER_BUILD} cases byte-identical to auth0.js, the instance and the standalone builder alike`,
    (name) => {
      const build = builds.find((candidate) => candidate.name === name)!;
      let compared = 0;
      const mismatches: Array<{ options: string; ours: string; auth0js: string }> = [];
      for (const { call, auth0js, loneSurrogate } of expected) {
        if (loneSurrogate) continue;
        const options = build.adopt(call.options) as LogoutOptionsArg;
        const ours = new build.sdk.WebAuth(call.tenant).buildLogoutUrl(options);
        expect(build.sdk.buildLogoutUrl(call.tenant, options)).toBe(ours);
        compared++;
        if (comparable(call, ours) !== comparable(call, auth0js)) mismatches.push({ options: show(call.options), ours, auth0js });
      }
      console.log(`differential (${name}): ${compared - mismatches.length}/${compared} generated cases identical to auth0.js`);
      // The smallest first: the easiest to read.
      mismatches.sort((a, b) => a.options.length - b.options.length);
      expect({ mismatches: mismatches.length, smallest: mismatches.slice(0, 3) }).toEqual({ mismatches: 0, smallest: [] });
      expect(compared).toBeGreaterThanOrEqual(REQUIRED_PER_BUILD);
    },
  );

  it.each(['src', 'dist/index.mjs', 'dist/index.cjs', 'dist/webauth-logout.min.js'])(
    '%s: a lone surrogate is sent as U+FFFD (%EF%BF%BD), the URL otherwise as auth0.js builds it',
    (name) => {
      const build = builds.find((candidate) => candidate.name === name)!;
      let compared = 0;
      let replaced = 0;
      for (const { call, auth0js, loneSurrogate } of expected) {
        if (!loneSurrogate) continue;
        const ours = new build.sdk.WebAuth(call.tenant).buildLogoutUrl(build.adopt(call.options) as LogoutOptionsArg);
        expect(comparable(call, ours), show(call.options)).toBe(comparable(call, auth0js));
        compared++;
        // Where the surrogate reaches the query (it may sit under a key a later one overrides).
        if (ours.includes('%EF%BF%BD')) replaced++;
      }
      expect(compared).toBeGreaterThan(200);
      expect(replaced).toBeGreaterThan(200);
    },
  );
});

/** A readable form of an options object, `__proto__` keys, dates and holes included. */
function show(options: unknown): string {
  return JSON.stringify(options, (_key, value: unknown) =>
    value === undefined ? '<undefined>' : typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)) ? `<${Object.is(value, -0) ? '-0' : value}>` : value,
  );
}
