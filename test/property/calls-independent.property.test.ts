/**
 * One call never changes what another gives (fast-check, fixed seed). Several
 * clients may live on one page (two tenants, two applications, different
 * allow-lists), and whatever the SDK remembers to go faster (a domain or a
 * return URL it has checked before) must not leak from one call into the
 * next: the same sequence of calls in any order gives each call the same
 * outcome, and each outcome is what its own options say: the URL on its own
 * tenant, a return URL refused exactly when its own allow-list refuses it.
 *
 * Runs: 1,500.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebAuth, buildOidcLogoutUrl, isAllowedLogoutUrl } from '../../src/index';
import { DOMAIN_SPELLINGS, FIXED_SEED, clientIdArb } from '../helpers/arbitraries';
import { invalidDomainArb } from '../helpers/invalid-arbitraries';
import { attempt, originOf } from './contract';

const RUNS = 1500;

const URLS = ['https://app.example.com/', 'https://app.example.com/a', 'https://a.preview.example.com/', 'http://localhost:3000/', 'https://evil.example/'];
const ENTRIES = ['https://app.example.com/', 'https://*.preview.example.com/', 'http://localhost:3000/', 'https://app.example.com/a'];

const callArb = fc.record({
  domain: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DOMAIN_SPELLINGS) }, invalidDomainArb),
  clientID: clientIdArb,
  allowedLogoutUrls: fc.option(fc.subarray(ENTRIES), { nil: undefined }),
  returnTo: fc.constantFrom(...URLS, 'javascript:alert(1)'),
  endpoint: fc.constantFrom('v2' as const, 'oidc' as const),
});
type Call = typeof callArb extends fc.Arbitrary<infer T> ? T : never;

function outcomeOf({ domain, clientID, allowedLogoutUrls, returnTo, endpoint }: Call): string {
  const built = attempt(() => {
    const config = { domain: domain as string, clientID, allowedLogoutUrls, _sendTelemetry: false };
    const webAuth = new WebAuth(config);
    return endpoint === 'v2' ? webAuth.buildLogoutUrl({ returnTo }) : buildOidcLogoutUrl(config, { postLogoutRedirectUri: returnTo });
  });
  return built.ok ? (built.value as string) : `refused: ${String((built.thrown as { code?: unknown }).code)}`;
}

describe('calls in sequence', () => {
  it(`give each call the same outcome in any order, the one its own options say (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(callArb, { minLength: 2, maxLength: 8 }), fc.nat(), (calls, seed) => {
        const forward = calls.map(outcomeOf);
        const order = calls.map((_, index) => index).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        const shuffled: string[] = [];
        for (const index of order) shuffled[index] = outcomeOf(calls[index]!);
        const backward = [...calls].reverse().map(outcomeOf).reverse();
        expect(shuffled).toEqual(forward);
        expect(backward).toEqual(forward);
        calls.forEach((call, index) => {
          const outcome = forward[index]!;
          if (outcome.startsWith('refused: ')) {
            if (call.allowedLogoutUrls && outcome === 'refused: returnto_not_allowed') {
              expect(isAllowedLogoutUrl(call.returnTo, call.allowedLogoutUrls, call.endpoint)).toBe(false);
            }
            return;
          }
          expect(new URL(outcome).origin).toBe(originOf(call.domain));
          expect(new URL(outcome).searchParams.get(call.endpoint === 'v2' ? 'returnTo' : 'post_logout_redirect_uri')).toBe(call.returnTo);
          if (call.allowedLogoutUrls) expect(isAllowedLogoutUrl(call.returnTo, call.allowedLogoutUrls, call.endpoint)).toBe(true);
        });
      }),
      { seed: FIXED_SEED, numRuns: RUNS },
    );
  });
});
