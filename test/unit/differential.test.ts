/**
 * Differential test against the real auth0.js 10.2.1: the same calls must give
 * the same `/v2/logout` URL, byte for byte, once the documented differences are
 * normalized (auth0.js's dangling `?`, the `auth0Client` value). The same cases
 * then go through the built UMD bundle, whose `qs` has its `side-channel`
 * dependency swapped for a `WeakMap` shim at build time: it must not change a byte.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from '../../src/index';
import { FEDERATED_VALUES, FIXED_SEED, logoutCaseArb, type InvalidLogoutCase, type LogoutArgument, type LogoutCase } from '../helpers/arbitraries';
import { invalidDomainArb, invalidLogoutCaseArb } from '../helpers/invalid-arbitraries';
import { auth0, auth0jsLogoutUrl, toAuth0JsConfig } from '../helpers/auth0js';
import { distHref, loadUmdInVm, type Sdk } from '../helpers/bundles';
import { deepFreeze } from '../helpers/objects';
import { decodeAuth0Client, decodeBase64UrlJson, maskAuth0Client, rawQuery, withoutDanglingQuestionMark } from '../helpers/urls';
import type { JsLogoutOptions } from '../helpers/objects';

const TOTAL = 2000;
const INVALID_TOTAL = 400;

const cases: LogoutCase[] = fc.sample(logoutCaseArb, { seed: FIXED_SEED, numRuns: TOTAL });
const invalidCases: InvalidLogoutCase[] = fc.sample(invalidLogoutCaseArb, { seed: FIXED_SEED, numRuns: INVALID_TOTAL });

const sdkName = 'webauth-logout';
const telemetryOn = ({ tenant }: LogoutCase) => tenant._sendTelemetry !== false;
const optionsObject = (options: LogoutArgument): Record<string, unknown> =>
  typeof options === 'object' && options !== null ? options : typeof options === 'string' ? { returnTo: options } : {};

/** The URL this SDK builds, through an instance like auth0.js, and checked equal through the standalone builder. */
function oursFrom(sdk: Sdk, { tenant, options }: LogoutCase): string {
  const url = new sdk.WebAuth(tenant).buildLogoutUrl(options as LogoutOptionsArg);
  expect(sdk.buildLogoutUrl(tenant, options as LogoutOptionsArg)).toBe(url);
  return url;
}
type LogoutOptionsArg = Parameters<source.WebAuth['buildLogoutUrl']>[0];

/** What the telemetry must decode to, for this case's constructor options. */
function expectedTelemetry({ tenant }: LogoutCase): unknown {
  const info = tenant._telemetryInfo;
  return info ? { ...info, env: { ...info.env, [sdkName]: source.version } } : { name: sdkName, version: source.version };
}

describe("auth0.js's own published logout cases (domain me.auth0.com, telemetry off)", () => {
  const published: Array<{ clientID: string; options?: Record<string, unknown>; auth0js: string; ours: string }> = [
    { clientID: '...', auth0js: 'https://me.auth0.com/v2/logout?client_id=...', ours: 'https://me.auth0.com/v2/logout?client_id=...' },
    {
      clientID: '...',
      options: { clientID: '123', returnTo: 'http://page.com', federated: '' },
      auth0js: 'https://me.auth0.com/v2/logout?client_id=123&returnTo=http%3A%2F%2Fpage.com&federated',
      ours: 'https://me.auth0.com/v2/logout?client_id=123&returnTo=http%3A%2F%2Fpage.com&federated',
    },
    {
      clientID: '...',
      options: { clientID: '123', returnTo: 'http://page.com', federated: true },
      auth0js: 'https://me.auth0.com/v2/logout?client_id=123&returnTo=http%3A%2F%2Fpage.com&federated',
      ours: 'https://me.auth0.com/v2/logout?client_id=123&returnTo=http%3A%2F%2Fpage.com&federated',
    },
    {
      clientID: '...',
      options: { clientID: '123', returnTo: 'http://page.com', federated: false },
      auth0js: 'https://me.auth0.com/v2/logout?client_id=123&returnTo=http%3A%2F%2Fpage.com',
      ours: 'https://me.auth0.com/v2/logout?client_id=123&returnTo=http%3A%2F%2Fpage.com',
    },
    {
      clientID: '...',
      options: { redirect_to: 'http://example.com/logout' },
      auth0js: 'https://me.auth0.com/v2/logout?client_id=...&redirect_to=http%3A%2F%2Fexample.com%2Flogout',
      ours: 'https://me.auth0.com/v2/logout?client_id=...&redirect_to=http%3A%2F%2Fexample.com%2Flogout',
    },
    {
      clientID: '...',
      options: { clientID: undefined },
      auth0js: 'https://me.auth0.com/v2/logout?',
      ours: 'https://me.auth0.com/v2/logout',
    },
  ];

  it.each(published)('$options: auth0.js gives $auth0js, we give $ours', ({ clientID, options, auth0js, ours }) => {
    const tenant = { domain: 'me.auth0.com', clientID, _sendTelemetry: false };
    expect(auth0jsLogoutUrl(tenant, options)).toBe(auth0js);
    expect(new source.WebAuth(tenant).buildLogoutUrl(options)).toBe(ours);
    expect(withoutDanglingQuestionMark(auth0js)).toBe(ours);
  });
});

describe('the documented differences, shown against auth0.js', () => {
  const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };

  it('(1) no dangling ? nor ?&', () => {
    expect(auth0jsLogoutUrl(tenant, { clientID: undefined, federated: true })).toBe('https://me.auth0.com/v2/logout?&federated');
    expect(source.buildLogoutUrl(tenant, { clientID: undefined, federated: true })).toBe('https://me.auth0.com/v2/logout?federated');
  });

  it("(2) a string is the returnTo shorthand, where auth0.js throws 'options parameter is not valid'", () => {
    const webAuth = new auth0.WebAuth(toAuth0JsConfig(tenant));
    expect(() => webAuth.client.buildLogoutUrl('https://app.example.com/')).toThrow('options parameter is not valid');
    expect(source.buildLogoutUrl(tenant, 'https://app.example.com/')).toBe(auth0jsLogoutUrl(tenant, { returnTo: 'https://app.example.com/' }));
  });

  it('(4) openUrl and redirectMethod never become parameters, where auth0.js sends redirect_method', () => {
    const webAuth = new auth0.WebAuth(toAuth0JsConfig(tenant));
    expect(webAuth.client.buildLogoutUrl({ redirectMethod: 'replace', openUrl: false })).toBe(
      'https://me.auth0.com/v2/logout?client_id=abc&redirect_method=replace&open_url=false',
    );
    expect(source.buildLogoutUrl(tenant, { redirectMethod: 'replace', openUrl: false })).toBe('https://me.auth0.com/v2/logout?client_id=abc');
  });

  it('(5) a host beginning with "http" written without a scheme gets https://, where auth0.js makes a relative URL', () => {
    expect(auth0jsLogoutUrl({ ...tenant, domain: 'httpbin.org' }, undefined)).toBe('httpbin.org/v2/logout?client_id=abc');
    expect(source.buildLogoutUrl({ ...tenant, domain: 'httpbin.org' })).toBe('https://httpbin.org/v2/logout?client_id=abc');
  });

  it('(6) auth0Client names this SDK, in the same position', () => {
    const telemetry = { domain: 'me.auth0.com', clientID: 'abc' };
    const theirs = auth0jsLogoutUrl(telemetry, { returnTo: 'https://app.example.com/' });
    const ours = source.buildLogoutUrl(telemetry, { returnTo: 'https://app.example.com/' });
    expect(decodeAuth0Client(theirs)).toEqual({ name: 'auth0.js', version: auth0.version.raw });
    expect(decodeAuth0Client(ours)).toEqual({ name: sdkName, version: source.version });
    expect(maskAuth0Client(ours)).toBe(maskAuth0Client(theirs));
  });
});

describe('nothing given', () => {
  it('undefined, null and {} all mean no options, as in auth0.js', () => {
    const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };
    const webAuth = new auth0.WebAuth(toAuth0JsConfig(tenant));
    for (const nothing of [undefined, null, {}]) {
      expect(webAuth.client.buildLogoutUrl(nothing)).toBe('https://me.auth0.com/v2/logout?client_id=abc');
      expect(new source.WebAuth(tenant).buildLogoutUrl(nothing as LogoutOptionsArg)).toBe('https://me.auth0.com/v2/logout?client_id=abc');
    }
  });
});

describe('differences found by this test, outside the documented list (kept visible here)', () => {
  const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };

  it("a lone UTF-16 surrogate: auth0.js's bundled qs glues it to the next character, this SDK's qs sends U+FFFD", () => {
    expect(auth0jsLogoutUrl(tenant, { a: '\ud800x' } as JsLogoutOptions)).toBe('https://me.auth0.com/v2/logout?client_id=abc&a=%F0%90%81%B8');
    expect(source.buildLogoutUrl(tenant, { a: '\ud800x' } as JsLogoutOptions)).toBe('https://me.auth0.com/v2/logout?client_id=abc&a=%EF%BF%BDx');
  });

  it('an own "__proto__" key (from JSON.parse) is left out, at any depth, as auth0.js leaves it out, and pollutes nothing', () => {
    const options = JSON.parse('{"__proto__": "x", "b": 1, "c": {"__proto__": {"d": 2}, "e": 3}}') as Record<string, unknown>;
    expect(auth0jsLogoutUrl(tenant, options)).toBe('https://me.auth0.com/v2/logout?client_id=abc&b=1&c%5Be%5D=3');
    expect(source.buildLogoutUrl(tenant, options)).toBe('https://me.auth0.com/v2/logout?client_id=abc&b=1&c%5Be%5D=3');
    expect(({} as Record<string, unknown>).b).toBeUndefined();
  });
});

describe(`${TOTAL} generated calls (seed ${FIXED_SEED}) give auth0.js's URL`, () => {
  it('covers what it claims to cover', () => {
    const count = (test: (c: LogoutCase) => boolean) => cases.filter(test).length;
    const objects = cases.map((c) => optionsObject(c.options));
    const has = (key: string) => (c: LogoutCase) => Object.prototype.hasOwnProperty.call(optionsObject(c.options), key);
    for (const value of FEDERATED_VALUES) {
      expect(count((c) => has('federated')(c) && Object.is(optionsObject(c.options).federated, value))).toBeGreaterThan(20);
    }
    expect(count((c) => !has('federated')(c))).toBeGreaterThan(100);
    expect(count(telemetryOn)).toBeGreaterThan(500);
    expect(count((c) => !telemetryOn(c))).toBeGreaterThan(500);
    expect(count((c) => c.tenant._telemetryInfo !== undefined && telemetryOn(c))).toBeGreaterThan(100);
    expect(new Set(cases.map((c) => c.tenant.domain)).size).toBeGreaterThanOrEqual(15);
    expect(count((c) => typeof c.options === 'string')).toBeGreaterThan(20);
    expect(count((c) => c.options === undefined)).toBeGreaterThan(20);
    expect(count((c) => has('clientID')(c) && optionsObject(c.options).clientID === undefined)).toBeGreaterThan(20);
    expect(count((c) => has('client_id')(c) && optionsObject(c.options).client_id === undefined)).toBeGreaterThan(20);
    expect(count((c) => typeof optionsObject(c.options).clientID === 'string')).toBeGreaterThan(50);
    expect(count((c) => typeof optionsObject(c.options).client_id === 'string')).toBeGreaterThan(50);
    expect(count(has('return_to'))).toBeGreaterThan(100);
    expect(count(has('openUrl')) + count(has('redirectMethod'))).toBeGreaterThan(50);

    const returnTos = objects.map((o) => o.returnTo).filter((url): url is string => typeof url === 'string');
    expect(returnTos.length).toBeGreaterThan(500);
    for (const char of ['&', '=', '#', '%', '?', '+', ' ']) expect(returnTos.filter((url) => url.slice(8).includes(char)).length).toBeGreaterThan(10);
    expect(returnTos.filter((url) => /[^\x00-\x7f]/.test(url)).length).toBeGreaterThan(50);

    const values = objects.flatMap((o) => Object.entries(o));
    const extra = values.filter(([key]) => !['returnTo', 'return_to', 'clientID', 'client_id', 'federated', 'openUrl', 'redirectMethod'].includes(key));
    expect(extra.filter(([key]) => /^[a-z]+[A-Z0-9]/.test(key)).length).toBeGreaterThan(200);
    expect(extra.filter(([key]) => /^[a-z0-9]+_[a-z0-9]/.test(key)).length).toBeGreaterThan(200);
    expect(extra.filter(([key]) => /[^\x00-\x7f]/.test(key)).length).toBeGreaterThan(50);
    const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    expect(extra.filter(([, v]) => isObject(v)).length).toBeGreaterThan(100);
    expect(extra.filter(([, v]) => Array.isArray(v)).length).toBeGreaterThan(100);
    expect(extra.filter(([, v]) => Array.isArray(v) && v.some(isObject)).length).toBeGreaterThan(20);
    expect(extra.filter(([, v]) => isObject(v) && Object.values(v as object).some(isObject)).length).toBeGreaterThan(20);
  });

  it('matches auth0.js on every generated call, and never touches the caller\'s objects', () => {
    const mismatches: Array<{ case: LogoutCase; ours: string; auth0js: string }> = [];
    let telemetryChecked = 0;
    for (const call of cases) {
      // auth0.js gets its own deep copy, taken before ours sees the (then frozen) originals.
      const theirs = withoutDanglingQuestionMark(auth0jsLogoutUrl(call.tenant, call.options));
      const ours = oursFrom(source, { tenant: deepFreeze(call.tenant), options: deepFreeze(call.options) });
      const on = telemetryOn(call);
      if (on) {
        expect(decodeAuth0Client(ours)).toEqual(expectedTelemetry(call));
        telemetryChecked++;
      } else {
        expect(rawQuery(ours).some(([key]) => key === 'auth0Client' || key.startsWith('auth0Client%5B'))).toBe(hasAuth0ClientParam(call.options));
      }
      if ((on ? maskAuth0Client(ours) : ours) !== (on ? maskAuth0Client(theirs) : theirs)) mismatches.push({ case: call, ours, auth0js: theirs });
    }
    const matched = cases.length - mismatches.length;
    console.log(`differential: ${matched}/${cases.length} generated cases matched auth0.js (auth0Client decoded and checked in ${telemetryChecked})`);
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(matched).toBe(cases.length);
    expect(cases.length).toBe(TOTAL);
  });

  it(`refuses ${INVALID_TOTAL} generated invalid calls with WebAuthError and the right code`, () => {
    const codes = new Map<string, number>();
    for (const { tenant, options, code } of invalidCases) {
      const webAuth = new source.WebAuth(tenant);
      let thrown: unknown;
      try {
        webAuth.buildLogoutUrl(options as LogoutOptionsArg);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `${String(code)} for ${JSON.stringify(options)}`).toBeInstanceOf(source.WebAuthError);
      expect((thrown as source.WebAuthError).code, JSON.stringify(options)).toBe(code);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect([...codes.keys()].sort()).toEqual(['invalid_client_id', 'invalid_options', 'invalid_return_to']);
    for (const n of codes.values()) expect(n).toBeGreaterThan(40);
  });

  it('refuses 200 generated invalid domains with invalid_domain', () => {
    for (const domain of fc.sample(invalidDomainArb, { seed: FIXED_SEED, numRuns: 200 })) {
      expect(() => new source.WebAuth({ domain, clientID: 'abc' } as source.WebAuthOptions), JSON.stringify(domain)).toThrow(
        expect.objectContaining({ name: 'WebAuthError', code: 'invalid_domain' }),
      );
    }
  });
});

/** Whether, with telemetry off, the caller's own `auth0Client` option (kept spelling) reaches the query. */
function hasAuth0ClientParam(options: LogoutArgument): boolean {
  if (typeof options !== 'object' || options === null) return false;
  const value = options.auth0Client;
  return source.buildLogoutUrl({ domain: 'x.example', clientID: 'x', _sendTelemetry: false }, { auth0Client: value } as LogoutOptionsArg).includes('auth0Client');
}

describe('the built bundles give the same URLs as the source, for the same generated calls', () => {
  let umd: Sdk;
  let esm: Sdk;
  beforeAll(async () => {
    umd = loadUmdInVm();
    esm = (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk;
  });

  it('dist/webauth-logout.min.js (UMD, qs with the WeakMap side-channel shim) and dist/index.mjs', () => {
    expect(umd.version).toBe(source.version);
    let identical = 0;
    for (const call of cases) {
      const expected = oursFrom(source, call);
      const fromUmd = oursFrom(umd, call);
      const fromEsm = oursFrom(esm, call);
      if (fromUmd === expected && fromEsm === expected) identical++;
      else expect({ call, fromUmd, fromEsm }).toEqual({ call, fromUmd: expected, fromEsm: expected });
    }
    console.log(`differential: ${identical}/${cases.length} generated cases identical in the UMD bundle, dist ESM and src`);
    expect(identical).toBe(cases.length);
  });

  it('refuses the generated invalid calls with the same code and message', () => {
    for (const { tenant, options } of invalidCases) {
      const outcome = (sdk: Sdk) => {
        try {
          return { url: new sdk.WebAuth(tenant).buildLogoutUrl(options as LogoutOptionsArg) };
        } catch (error) {
          const { name, code, message } = error as source.WebAuthError;
          return { name, code, message, isWebAuthError: error instanceof sdk.WebAuthError };
        }
      };
      const expected = outcome(source);
      expect(expected).toMatchObject({ isWebAuthError: true });
      expect(outcome(umd)).toEqual(expected);
    }
  });

  it("detects a cycle as qs's own side-channel does: qs's RangeError 'Cyclic object value' is the WebAuthError's cause", () => {
    // Inside an array, so that the snake-casing (which, like auth0.js's, leaves arrays alone) does not recurse first.
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const tenant = { domain: 'me.auth0.com', clientID: 'abc' };
    const failure = (sdk: Sdk) => {
      try {
        sdk.buildLogoutUrl(tenant, { nested: [cyclic] } as JsLogoutOptions);
        return 'no error';
      } catch (error) {
        const { cause } = error as { cause: Error };
        return `${(error as Error).name} ${(error as { code: string }).code} (${cause.constructor.name}: ${cause.message})`;
      }
    };
    expect(failure(source)).toBe('WebAuthError invalid_options (RangeError: Cyclic object value)');
    expect(failure(umd)).toBe(failure(source));
    expect(failure(esm)).toBe(failure(source));
  });

  it('decodes the telemetry of every bundle to this SDK', () => {
    const tenant = { domain: 'me.auth0.com', clientID: 'abc' };
    for (const sdk of [source, umd, esm]) {
      const value = new URL(sdk.buildLogoutUrl(tenant)).searchParams.get('auth0Client')!;
      expect(decodeBase64UrlJson(value)).toEqual({ name: sdkName, version: source.version });
    }
  });
});
