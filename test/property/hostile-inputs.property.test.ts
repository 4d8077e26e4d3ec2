/**
 * Every public entry point under hostile values (fast-check, fixed seed):
 * throwing and changing getters, proxies (revoked ones, throwing traps),
 * cycles, every primitive type, odd objects, 1 MB strings and 10,000-deep
 * nesting, anywhere in the options or the constructor's configuration.
 *
 * The contract: a call either throws (or rejects with) a `WebAuthError` with a
 * documented code and a short message, or gives a URL on the configured
 * tenant; a refused logout navigates nowhere and tells no one, in this tab or
 * another; a plain options object is never modified. The other entry points
 * (prototype pollution, the matcher, listeners, refine) have their own files.
 *
 * Runs: 4,000 + 4,000 + 3,000 + 3,000 + 4 × 40 = 14,160.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WebAuth, buildLogoutUrl, buildOidcLogoutUrl, onLogout, oidcLogout, type LogoutEvent } from '../../src/index';
import { FIXED_SEED, clientIdArb, paramTextArb, returnUrlArb } from '../helpers/arbitraries';
import {
  FUNCTION_KINDS,
  HUGE_KINDS,
  buildHostile,
  hostileFunctionCalls,
  hostileStrings,
  isInspectable,
  placementArb,
  type Placement,
} from '../helpers/hostile';
import {
  attempt,
  attemptAsync,
  builderViolation,
  mutationViolation,
  originOf,
  refusalViolation,
  snapshot,
  urlViolation,
  untilHeard,
  type Outcome,
} from './contract';

const RUNS = { v2Builders: 4000, v2Logout: 4000, oidc: 3000, config: 3000, huge: 40 };

const CLIENT_ID = 'hostile-app';
const CONFIG = { domain: 'me.auth0.com', clientID: CLIENT_ID };
const TENANT = ['https://me.auth0.com'];

/** What a well-behaved caller would put under each key; a changing getter alternates between this and the hostile value. */
const GOOD: Record<string, unknown> = {
  returnTo: 'https://app.example.com/',
  return_to: 'https://app.example.com/b',
  ReturnTo: 'https://app.example.com/c',
  postLogoutRedirectUri: 'https://app.example.com/',
  clientID: 'override',
  client_id: 'override',
  federated: true,
  openUrl: undefined,
  redirectMethod: 'replace',
  idTokenHint: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
  logoutHint: 'sid-1',
  state: 'af0ifjsldkj',
  uiLocales: 'fr-CA en',
  domain: 'me.auth0.com',
  _sendTelemetry: false,
  _telemetryInfo: { name: 'app', version: '1.0.0' },
  allowedLogoutUrls: ['https://app.example.com/'],
  abandonAfterMs: 60_000,
  markReturn: true,
};
const goodFor = (placement: Placement) => (placement.key === null ? undefined : GOOD[placement.key] ?? 'value');

const V2_KEYS = ['returnTo', 'return_to', 'ReturnTo', 'clientID', 'client_id', 'federated', 'openUrl', 'redirectMethod', 'extraParam', 'auth0Client', null];
const OIDC_KEYS = ['postLogoutRedirectUri', 'idTokenHint', 'logoutHint', 'clientID', 'state', 'uiLocales', 'federated', 'openUrl', 'redirectMethod', 'returnTo', null];
const CONFIG_KEYS = ['domain', 'clientID', '_sendTelemetry', '_telemetryInfo', 'allowedLogoutUrls', 'openUrl', 'redirectMethod', 'abandonAfterMs', 'markReturn', 'responseType', null];

/** Valid options around the hostile one, so that it is the hostile value that decides. */
const v2BaseArb = fc.record(
  { returnTo: returnUrlArb, federated: fc.boolean(), clientID: clientIdArb, someParam: paramTextArb },
  { requiredKeys: [], noNullPrototype: true },
);
const oidcBaseArb = fc.record(
  { postLogoutRedirectUri: returnUrlArb, state: paramTextArb, federated: fc.boolean(), logoutHint: fc.constant('sid-1') },
  { requiredKeys: [], noNullPrototype: true },
);

/** URLs built so far: each property checks that it built some, so that both outcomes were put to the test. */
let urlsBuilt = 0;
/** A builder's outcome held to the contract, labelled with the entry point. */
function expectBuilder(label: string, outcome: Outcome, origins: readonly string[]): void {
  expect(builderViolation(outcome, origins), label).toBeUndefined();
  if (outcome.ok) urlsBuilt++;
}

/** A function in `openUrl` is the caller's navigation; its own failures are the caller's to handle. */
const notANavigator = (placement: Placement) => !(placement.key === 'openUrl' && FUNCTION_KINDS.has(placement.kind as never));

// This tab's listeners (on another instance of the same application) and another tab.
const heardInThisTab: LogoutEvent[] = [];
const stopListening = onLogout(new WebAuth({ ...CONFIG, openUrl: false }), (event) => heardInThisTab.push(event));
let heardInOtherTab = 0;
const otherTab = new BroadcastChannel(`webauth-logout:${CLIENT_ID}`);
otherTab.onmessage = () => heardInOtherTab++;
let announcedLogouts = 0;

/**
 * Runs `property`, then checks that the other tab heard exactly the logouts
 * that went ahead, no refused one, and that at least `least` went ahead (so
 * that both outcomes were put to the test).
 */
async function otherTabHearsOnlyLogoutsThatWentAhead(least: number, property: () => Promise<void>): Promise<void> {
  const [announcedBefore, heardBefore] = [announcedLogouts, heardInOtherTab];
  await property();
  await untilHeard(() => heardInOtherTab - heardBefore, announcedLogouts - announcedBefore);
  expect(announcedLogouts - announcedBefore).toBeGreaterThanOrEqual(least);
  expect(heardInOtherTab - heardBefore).toBe(announcedLogouts - announcedBefore);
}

afterAll(() => {
  stopListening();
  otherTab.close();
});

/**
 * One logout through `call`, held to the contract: resolved means one
 * navigation to a URL on the tenant and one announcement; refused means a
 * WebAuthError, no navigation and no announcement.
 */
async function checkLogout(call: (webAuth: WebAuth) => Promise<void>): Promise<void> {
  const openUrl = vi.fn();
  const webAuth = new WebAuth({ ...CONFIG, openUrl });
  const heardBefore = heardInThisTab.length;
  const hostileCallsBefore = hostileFunctionCalls.length;
  const outcome = await attemptAsync(() => call(webAuth));
  const urls = [...openUrl.mock.calls, ...hostileFunctionCalls.slice(hostileCallsBefore)].map((args) => args[0]);
  const heard = heardInThisTab.length - heardBefore;
  if (outcome.ok) {
    announcedLogouts++;
    expect({ navigations: urls.length, heard }).toEqual({ navigations: 1, heard: 1 });
    expect(urlViolation(urls[0], TENANT)).toBeUndefined();
  } else {
    expect(refusalViolation(outcome.thrown), 'the logout').toBeUndefined();
    expect({ navigations: urls.length, heard }, 'a refused logout navigates nowhere and tells no one').toEqual({ navigations: 0, heard: 0 });
  }
}

describe('/v2/logout under hostile options', () => {
  it(`buildLogoutUrl, on an instance and standalone, throws a WebAuthError or builds a URL on the tenant, and modifies nothing (${RUNS.v2Builders} runs)`, () => {
    const urlsBefore = urlsBuilt;
    fc.assert(
      fc.property(v2BaseArb, placementArb({ keys: V2_KEYS }), (base, placement) => {
        const make = () => buildHostile(base, placement, goodFor(placement));
        const options = make();
        const before = isInspectable(placement) ? snapshot(options as object) : undefined;
        expectBuilder('webAuth.buildLogoutUrl', attempt(() => new WebAuth(CONFIG).buildLogoutUrl(options as never)), TENANT);
        if (before) expect(mutationViolation(options as object, before)).toBeUndefined();
        expectBuilder('buildLogoutUrl(config, options)', attempt(() => buildLogoutUrl(CONFIG, make() as never)), TENANT);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.v2Builders },
    );
    expect(urlsBuilt - urlsBefore, 'URLs built: the accepting side is put to the test too').toBeGreaterThan(1000);
  });

  it(`logout either navigates once to the tenant and tells everyone, or rejects with a WebAuthError and does neither (${RUNS.v2Logout} runs)`, async () => {
    await otherTabHearsOnlyLogoutsThatWentAhead(500, () => fc.assert(
      fc.asyncProperty(v2BaseArb, placementArb({ keys: V2_KEYS }).filter(notANavigator), async (base, placement) => {
        const options = buildHostile(base, placement, goodFor(placement));
        const before = isInspectable(placement) ? snapshot(options as object) : undefined;
        await checkLogout((webAuth) => webAuth.logout(options as never));
        if (before) expect(mutationViolation(options as object, before)).toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.v2Logout },
    ));
  });
});

describe('/oidc/logout under hostile options', () => {
  it(`buildOidcLogoutUrl and oidcLogout keep the same contract (${RUNS.oidc} runs)`, async () => {
    const urlsBefore = urlsBuilt;
    await otherTabHearsOnlyLogoutsThatWentAhead(100, () => fc.assert(
      fc.asyncProperty(oidcBaseArb, placementArb({ keys: OIDC_KEYS }).filter(notANavigator), async (base, placement) => {
        const make = () => buildHostile(base, placement, goodFor(placement));
        const options = make();
        const before = isInspectable(placement) ? snapshot(options as object) : undefined;
        expectBuilder('webAuth.buildOidcLogoutUrl', attempt(() => buildOidcLogoutUrl(CONFIG, options as never)), TENANT);
        if (before) expect(mutationViolation(options as object, before)).toBeUndefined();
        expectBuilder('buildOidcLogoutUrl(config, options)', attempt(() => buildOidcLogoutUrl(CONFIG, make() as never)), TENANT);
        await checkLogout((webAuth) => oidcLogout(webAuth, make() as never));
      }),
      { seed: FIXED_SEED, numRuns: RUNS.oidc },
    ));
    expect(urlsBuilt - urlsBefore, 'URLs built: the accepting side is put to the test too').toBeGreaterThan(300);
  });
});

describe('the constructor and the standalone builders under a hostile configuration', () => {
  it(`new WebAuth(config) throws a WebAuthError or builds URLs on the tenant it names, and modifies nothing (${RUNS.config} runs)`, () => {
    const urlsBefore = urlsBuilt;
    fc.assert(
      fc.property(placementArb({ keys: CONFIG_KEYS }), (placement) => {
        const make = () => buildHostile(CONFIG, placement, goodFor(placement));
        // A domain that is itself a host name (a 1 MB run of letters) names its own tenant.
        const origins = placement.key === 'domain' ? [...TENANT, ...hostileStrings(placement).flatMap((d) => originOf(d) ?? [])] : TENANT;
        const config = make();
        const before = isInspectable(placement) ? snapshot(config as object) : undefined;
        const built = attempt(() => new WebAuth(config as never));
        if (built.ok) {
          const webAuth = built.value as WebAuth;
          expectBuilder('webAuth.buildLogoutUrl', attempt(() => webAuth.buildLogoutUrl()), origins);
        } else {
          expect(refusalViolation(built.thrown), 'new WebAuth(config)').toBeUndefined();
        }
        if (before) expect(mutationViolation(config as object, before)).toBeUndefined();
        expectBuilder('buildLogoutUrl(config)', attempt(() => buildLogoutUrl(make() as never, 'https://app.example.com/')), origins);
        expectBuilder('buildOidcLogoutUrl(config)', attempt(() => buildOidcLogoutUrl(make() as never)), origins);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.config },
    );
    expect(urlsBuilt - urlsBefore, 'URLs built: the accepting side is put to the test too').toBeGreaterThan(1000);
  });
});

describe('huge input: 1 MB strings, 10,000-deep nesting, a million-slot array, 50,000 keys', () => {
  const hugeArb = (keys: Array<string | null>) => placementArb({ keys, kinds: HUGE_KINDS });

  it(`/v2/logout: the same contract, and messages stay short (${RUNS.huge} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(hugeArb(V2_KEYS), async (placement) => {
        const make = () => buildHostile({ returnTo: 'https://app.example.com/' }, placement, goodFor(placement));
        expectBuilder('buildLogoutUrl(config, options)', attempt(() => buildLogoutUrl(CONFIG, make() as never)), TENANT);
        await checkLogout((webAuth) => webAuth.logout(make() as never));
      }),
      { seed: FIXED_SEED, numRuns: RUNS.huge },
    );
  });

  it(`/oidc/logout: the same contract, and messages stay short (${RUNS.huge} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(hugeArb(OIDC_KEYS), async (placement) => {
        const make = () => buildHostile({ postLogoutRedirectUri: 'https://app.example.com/' }, placement, goodFor(placement));
        expectBuilder('buildOidcLogoutUrl(config, options)', attempt(() => buildOidcLogoutUrl(CONFIG, make() as never)), TENANT);
        await checkLogout((webAuth) => oidcLogout(webAuth, make() as never));
      }),
      { seed: FIXED_SEED, numRuns: RUNS.huge },
    );
  });

  it(`the configuration: the same contract, and messages stay short (${RUNS.huge} runs)`, () => {
    fc.assert(
      fc.property(hugeArb(CONFIG_KEYS), (placement) => {
        const origins = placement.key === 'domain' ? [...TENANT, ...hostileStrings(placement).flatMap((d) => originOf(d) ?? [])] : TENANT;
        const config = buildHostile(CONFIG, placement, goodFor(placement));
        const built = attempt(() => new WebAuth(config as never));
        if (built.ok) expectBuilder('webAuth.buildLogoutUrl', attempt(() => (built.value as WebAuth).buildLogoutUrl()), origins);
        else expect(refusalViolation(built.thrown), 'new WebAuth(config)').toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.huge },
    );
  });

  it(`an unknown /oidc/logout key of 1 MB is named in a short message (${RUNS.huge} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom('k', 'returnTo', 'é'), fc.integer({ min: 1000, max: 2 ** 20 }), (unit, length) => {
        const outcome = attempt(() => buildOidcLogoutUrl(CONFIG, { [unit.repeat(length)]: 'x' } as never));
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(refusalViolation(outcome.thrown)).toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.huge },
    );
  });
});
