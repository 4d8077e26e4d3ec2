/**
 * An instance keeps what it was given (fast-check, fixed seed). The caller's
 * configuration object is read once, at construction: changing it afterwards
 * (its domain, client ID, telemetry, allow-list, navigation), even before the
 * first URL is built, changes nothing in what the instance builds, refuses or
 * navigates to. The same holds for refine's defaults, copied when the
 * `logout` is made.
 *
 * Runs: 1,500 + 500 = 2,000.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { WebAuth, oidcLogout, type WebAuthOptions } from '../../src/index';
import { refineLogout } from '../../src/refine';
import { FIXED_SEED, logoutArgumentArb, returnUrlArb, tenantArb } from '../helpers/arbitraries';
import { attempt, attemptAsync, describeThrown, type Outcome } from './contract';

const RUNS = { instance: 1500, refine: 500 };

type Config = WebAuthOptions & Record<string, unknown>;

/** Changes a caller may make to the object after handing it over. */
const CHANGES: Record<string, (config: Config) => void> = {
  'domain replaced': (config) => void (config.domain = 'evil.example'),
  'clientID replaced': (config) => void (config.clientID = 'attacker-app'),
  'telemetry turned off': (config) => void (config._sendTelemetry = false),
  'telemetry turned on': (config) => void delete config._sendTelemetry,
  'telemetry name changed': (config) => void (config._telemetryInfo && (config._telemetryInfo.name = 'changed')),
  'telemetry env written to': (config) => {
    const info = config._telemetryInfo;
    if (info?.env) info.env.extra = '1';
    else if (info) info.env = { extra: '1' };
  },
  'allow-list emptied': (config) => void (config.allowedLogoutUrls as string[]).splice(0),
  'allow-list extended': (config) => void (config.allowedLogoutUrls as string[]).push('https://evil.example/'),
  'openUrl replaced': (config) => void (config.openUrl = () => undefined),
  'redirectMethod replaced': (config) => void (config.redirectMethod = 'push' as never),
};

const summary = (outcome: Outcome) => (outcome.ok ? outcome.value : `refused: ${String((outcome.thrown as { code?: unknown }).code ?? describeThrown(outcome.thrown))}`);

describe('a configuration changed after construction', () => {
  it(`changes nothing the instance builds, refuses or navigates to (${RUNS.instance} runs)`, async () => {
    const allowListArb = fc.subarray(['https://app.example.com/', 'https://*.example.com/', 'http://localhost:3000/']);
    await fc.assert(
      fc.asyncProperty(
        tenantArb,
        allowListArb,
        logoutArgumentArb,
        returnUrlArb,
        fc.uniqueArray(fc.constantFrom(...Object.keys(CHANGES)), { minLength: 1, maxLength: 4 }),
        async (tenant, allowedLogoutUrls, options, oidcReturn, changes) => {
          const made = () => ({ ...structuredClone(tenant), allowedLogoutUrls: [...allowedLogoutUrls] }) as Config;
          const observe = async (webAuth: WebAuth, navigations: unknown[]) => ({
            v2: summary(attempt(() => webAuth.buildLogoutUrl(options))),
            // A fixed state: one made at random would differ between the two instances.
            oidc: summary(await attemptAsync(() => oidcLogout(webAuth, { postLogoutRedirectUri: oidcReturn, state: 's' }))),
            logout: summary(await attemptAsync(() => webAuth.logout(options))),
            navigations,
          });
          // The same calls on an instance whose configuration nobody touched.
          const untouchedNavigations: unknown[] = [];
          const untouched = await observe(new WebAuth({ ...made(), openUrl: (url) => void untouchedNavigations.push(url) }), untouchedNavigations);

          const navigations: unknown[] = [];
          const config = { ...made(), openUrl: (url: string) => void navigations.push(url) } as Config;
          const webAuth = new WebAuth(config);
          // Before the first URL is built, so that nothing read late escapes.
          for (const change of changes) CHANGES[change]!(config);
          expect(await observe(webAuth, navigations)).toEqual(untouched);
        },
      ),
      { seed: FIXED_SEED, numRuns: RUNS.instance },
    );
  });

  it(`refine's defaults, changed after the logout is made, change nothing (${RUNS.refine} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(returnUrlArb, fc.boolean(), fc.constantFrom('returnTo replaced', 'federated flipped', 'key added'), async (returnTo, federated, change) => {
        const urlOf = async (mutate: boolean) => {
          const openUrl = vi.fn();
          const defaults: Record<string, unknown> = { returnTo, federated };
          const logout = refineLogout(new WebAuth({ domain: 'me.auth0.com', clientID: 'refine-app', openUrl }), defaults);
          if (mutate && change === 'returnTo replaced') defaults.returnTo = 'https://evil.example/';
          if (mutate && change === 'federated flipped') defaults.federated = !federated;
          if (mutate && change === 'key added') defaults.connection = 'evil';
          await logout();
          return openUrl.mock.calls.map(([url]) => url);
        };
        expect(await urlOf(true)).toEqual(await urlOf(false));
      }),
      { seed: FIXED_SEED, numRuns: RUNS.refine },
    );
  });
});
