/**
 * A polluted `Object.prototype` changes nothing (fast-check, fixed seed).
 *
 * Another script on the page (a vulnerable dependency, a browser extension)
 * may have set `Object.prototype.openUrl`, `.returnTo`, `.domain`, ... An
 * inherited property is not an option: with it, every call must give exactly
 * what it gives without it: the same URL or the same error code, the same
 * navigation, the same event, and a polluted `openUrl` function is never
 * called. qs's option names (`encode`, `allowDots`, ...) are polluted too: the
 * serializer must not pick them up either.
 *
 * The pollution lives only for the duration of the call and is always deleted.
 * `oidcLogout` makes a random `state` when a return URL comes without one: the
 * random source is fixed here, so that the clean and the polluted run can be
 * compared; no revocation request leaves the test (`fetch` is stubbed).
 *
 * Runs: 3,000 + 1,500 + 1,000 + 500 = 6,000.
 */
import fc from 'fast-check';
import { pollutionArb, polluted, type Pollution } from '../helpers/pollution';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, buildLogoutUrl, buildOidcLogoutUrl, onLogout, oidcLogout, type LogoutEvent, type OidcLogoutOptions, type WebAuthOptions } from '../../src/index';
import { FIXED_SEED, logoutCaseArb, oidcOptionsArb, returnUrlArb, tenantArb, type LogoutCase } from '../helpers/arbitraries';
import { attempt, attemptAsync, describeThrown, type Outcome } from './contract';

const RUNS = { v2: 3000, oidc: 1500, serializerV2: 1000, serializerOidc: 500 };
// Each run logs out twice (clean, polluted), each logout writing its return-trip record: 3,000 runs take close to the default 20 s on a busy machine.
const TIMEOUT_MS = 90_000;

/** Calls of the polluted `openUrl`: any one is a navigation an attacker chose. */
const attackerNavigations: unknown[] = [];
const attackerOpenUrl = (url: unknown) => void attackerNavigations.push(url);

/** What another script may have put on `Object.prototype` under the SDK's option names, by name, so that a counterexample reads plainly. */
const OPTION_POLLUTION: Record<string, Record<string, unknown>> = {
  openUrl: { false: false, 'a function': attackerOpenUrl, 'a string': 'javascript:alert(1)' },
  redirectMethod: { replace: 'replace', push: 'push' },
  redirectTarget: { top: 'top', 'not a target': 'parent' },
  revokeRefreshToken: { 'an attacker token': 'attacker-token', 'an empty string': '' },
  revokeTimeoutMs: { 1: 1, 'not a delay': -1 },
  httpMethod: { POST: 'POST', 'not a method': 'PUT' },
  returnTo: { 'an evil URL': 'https://evil.example/', 'a javascript: URL': 'javascript:alert(1)' },
  return_to: { 'an evil URL': 'https://evil.example/' },
  postLogoutRedirectUri: { 'an evil URL': 'https://evil.example/', 'a javascript: URL': 'javascript:alert(1)' },
  state: { 'an attacker state': 'attacker-state' },
  federated: { true: true, "'false'": 'false' },
  idTokenHint: { 'a JWT': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJldmlsIn0.', 'not a JWT': 'not a jwt' },
  logoutHint: { 'an attacker sid': 'attacker-sid', 'an empty string': '' },
  uiLocales: { 'a tag': 'xx-EVIL', 'not a tag': '!' },
  clientID: { 'an attacker app': 'attacker-app', 'an empty string': '' },
  client_id: { 'an attacker app': 'attacker-app' },
  domain: { 'an evil host': 'evil.example' },
  _sendTelemetry: { false: false, 'a string': 'no' },
  _telemetryInfo: { 'an object': { name: 'evil', version: '6.6.6' }, 'a string': 'x' },
  env: { 'an object': { evil: '1' } },
  allowedLogoutUrls: { 'an evil list': ['https://evil.example/'], 'a string': 'x' },
  auth0Client: { 'a string': 'evil' },
  // The lifecycle's own field names: of the constructor, the pending-logout record, and the announcements.
  abandonAfterMs: { 1: 1, 'not a delay': -1 },
  markReturn: { true: true, 'a string': 'yes' },
  id: { 'an attacker id': 'attacker-id', 'not an id': 'a b' },
  page: { 'an attacker page': 'attacker-page' },
  reason: { idle: 'idle', no_return: 'no_return', 'not a reason': 'evil' },
  marked: { true: true },
  endpoint: { oidc: 'oidc', v2: 'v2', 'not an endpoint': 'v3' },
};

/** The same under the option names of qs's `stringify`, which writes the query. */
const SERIALIZER_POLLUTION: Record<string, Record<string, unknown>> = {
  encode: { false: false },
  encodeValuesOnly: { true: true },
  allowDots: { true: true },
  arrayFormat: { comma: 'comma', brackets: 'brackets' },
  indices: { false: false },
  addQueryPrefix: { true: true },
  delimiter: { ';': ';' },
  skipNulls: { true: true },
  strictNullHandling: { true: true },
  filter: { 'a key list': ['client_id'] },
  format: { RFC1738: 'RFC1738' },
  charset: { 'iso-8859-1': 'iso-8859-1' },
  charsetSentinel: { true: true },
  allowEmptyArrays: { true: true },
  serializeDate: { 'a function': () => 'evil' },
  depth: { 0: 0 },
};

const POLLUTION_VALUES = { ...OPTION_POLLUTION, ...SERIALIZER_POLLUTION };

/** `/oidc/logout` arguments: options objects, the string shorthand, or nothing. */
const oidcArgumentArb: fc.Arbitrary<OidcLogoutOptions | string | undefined> = fc.oneof(
  { weight: 8, arbitrary: oidcOptionsArb },
  { weight: 1, arbitrary: returnUrlArb },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** The same bytes for every call: the `state` `oidcLogout` makes is then the same with and without pollution. */
function fixedRandomValues<T extends ArrayBufferView | null>(array: T): T {
  if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).forEach((_, index, bytes) => (bytes[index] = (index * 37 + 11) & 0xff));
  return array;
}

/** Revocation requests: a polluted `revokeRefreshToken` read as an option would make one. */
const revocations: unknown[] = [];

beforeEach(() => {
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(fixedRandomValues as typeof crypto.getRandomValues);
  vi.stubGlobal('fetch', (...args: unknown[]) => {
    revocations.push(args);
    return Promise.reject(new TypeError('no network in this test'));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const summary = (outcome: Outcome) =>
  outcome.ok ? { url: outcome.value } : { code: (outcome.thrown as { code?: unknown })?.code ?? describeThrown(outcome.thrown) };

/**
 * Everything observable of one logout: the outcome, where it navigated, and
 * what this tab's listeners heard. The listener is subscribed by the caller,
 * outside the polluted window.
 */
async function observeLogout(tenant: WebAuthOptions, heard: LogoutEvent[], call: (webAuth: WebAuth) => Promise<void>) {
  const navigations: unknown[] = [];
  const constructed = attempt(() => new WebAuth({ ...tenant, openUrl: (url: string) => void navigations.push(url) }));
  const heardBefore = heard.length;
  const outcome = constructed.ok ? await attemptAsync(() => call(constructed.value as WebAuth)) : constructed;
  return { outcome: summary(outcome), navigations, heard: heard.slice(heardBefore), attackerNavigations: attackerNavigations.length, revocations: revocations.length };
}

/**
 * Runs `observe` with `heard` filled by a listener on the tenant's
 * application, subscribed before and removed after, outside the polluted window.
 */
async function listening<T>(clientID: string, observe: (heard: LogoutEvent[]) => Promise<T>): Promise<T> {
  const heard: LogoutEvent[] = [];
  const stop = onLogout(new WebAuth({ domain: 'me.auth0.com', clientID }), (event) => heard.push(event));
  try {
    return await observe(heard);
  } finally {
    stop();
  }
}

/**
 * Runs `observe` clean, then polluted, each with a listener of its own: with
 * the random source fixed, both logouts have the same id, and one listener
 * rightly hears a logout start only once.
 */
async function cleanAndPolluted<T>(clientID: string, pollution: Pollution, observe: (heard: LogoutEvent[]) => Promise<T>): Promise<[T, T]> {
  const clean = await listening(clientID, observe);
  return [clean, await listening(clientID, (heard) => polluted(POLLUTION_VALUES, pollution, () => observe(heard)))];
}

/** Everything observable of one /v2/logout call, through each entry point. */
const observeV2 = async ({ tenant, options }: LogoutCase, heard: LogoutEvent[]) => ({
  instance: summary(attempt(() => new WebAuth(tenant).buildLogoutUrl(options))),
  standalone: summary(attempt(() => buildLogoutUrl(tenant, options))),
  // Constructor options written without the optional keys, as most callers do.
  minimal: summary(attempt(() => buildLogoutUrl({ domain: tenant.domain, clientID: tenant.clientID }, options))),
  // A navigation default read from the prototype would refuse a string, or keep an attacker's function.
  constructed: summary(attempt(() => new WebAuth({ domain: tenant.domain, clientID: tenant.clientID }) && 'constructed')),
  logout: await observeLogout(tenant, heard, (webAuth) => webAuth.logout(options)),
});

/** Everything observable of one /oidc/logout call, through each entry point. */
const observeOidc = async (tenant: WebAuthOptions, options: OidcLogoutOptions | string | undefined, heard: LogoutEvent[]) => ({
  instance: summary(attempt(() => buildOidcLogoutUrl(tenant, options))),
  standalone: summary(attempt(() => buildOidcLogoutUrl(tenant, options))),
  minimal: summary(attempt(() => buildOidcLogoutUrl({ domain: tenant.domain, clientID: tenant.clientID }, options))),
  constructed: summary(attempt(() => new WebAuth({ domain: tenant.domain, clientID: tenant.clientID }) && 'constructed')),
  logout: await observeLogout(tenant, heard, (webAuth) => oidcLogout(webAuth, options)),
});

describe('Object.prototype polluted under the option names', () => {
  it(`changes nothing in /v2/logout: URLs, errors, navigation, events (${RUNS.v2} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(logoutCaseArb, pollutionArb(OPTION_POLLUTION), async (call, pollution) => {
        const [clean, dirty] = await cleanAndPolluted(call.tenant.clientID, pollution, (heard) => observeV2(call, heard));
        expect(dirty).toEqual(clean);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.v2 },
    );
  }, TIMEOUT_MS);

  it(`changes nothing in /oidc/logout: URLs, errors, navigation, events (${RUNS.oidc} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(tenantArb, oidcArgumentArb, pollutionArb(OPTION_POLLUTION), async (tenant, options, pollution) => {
        const [clean, dirty] = await cleanAndPolluted(tenant.clientID, pollution, (heard) => observeOidc(tenant, options, heard));
        expect(dirty).toEqual(clean);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.oidc },
    );
  }, TIMEOUT_MS);
});

describe("Object.prototype polluted under the serializer's option names", () => {
  it(`changes nothing in /v2/logout: the query is still written as auth0.js writes it (${RUNS.serializerV2} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(logoutCaseArb, pollutionArb(SERIALIZER_POLLUTION), async (call, pollution) => {
        const [clean, dirty] = await cleanAndPolluted(call.tenant.clientID, pollution, (heard) => observeV2(call, heard));
        expect(dirty).toEqual(clean);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.serializerV2 },
    );
  }, TIMEOUT_MS);

  it(`changes nothing in /oidc/logout (${RUNS.serializerOidc} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(tenantArb, oidcArgumentArb, pollutionArb(SERIALIZER_POLLUTION), async (tenant, options, pollution) => {
        const [clean, dirty] = await cleanAndPolluted(tenant.clientID, pollution, (heard) => observeOidc(tenant, options, heard));
        expect(dirty).toEqual(clean);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.serializerOidc },
    );
  }, TIMEOUT_MS);
});

describe('the pollution', () => {
  it('is gone after every run', () => {
    for (const key of Object.keys(POLLUTION_VALUES)) expect(Object.prototype.hasOwnProperty.call(Object.prototype, key)).toBe(false);
  });
});
