/**
 * What a refusal says (fast-check, fixed seed). Error messages end up in logs,
 * crash reporters and refine's notifications, so:
 *
 * - an `idTokenHint` that fails its check is never echoed: an ID token is a
 *   credential, and a malformed one (a stray space, `+` or `/`, padding, a
 *   missing or extra part) is still someone's token;
 * - a message names the option and what is expected in a few hundred
 *   characters, however long the value at fault (a 200 KB return URL, key or
 *   domain).
 *
 * Runs: 2,000 + 1,500 = 3,500.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { WebAuth, buildLogoutUrl, buildOidcLogoutUrl, oidcLogout } from '../../src/index';
import { refineOidcLogout } from '../../src/refine';
import { FIXED_SEED } from '../helpers/arbitraries';
import { attempt, attemptAsync, refusalViolation, type Outcome } from './contract';

const RUNS = { token: 2000, long: 1500 };
const CONFIG = { domain: 'me.auth0.com', clientID: 'messages-app' };

const segmentArb = fc.stringMatching(/^[A-Za-z0-9_-]{16,48}$/);
/** Ways a real token gets mangled on its way to the call: each one is refused as not a compact JWT. */
const MANGLINGS: Record<string, (parts: string[]) => unknown> = {
  'a trailing space': (parts) => `${parts.join('.')} `,
  'a leading "Bearer "': (parts) => `Bearer ${parts.join('.')}`,
  'a line break inside': (parts) => `${parts[0]}.\n${parts[1]}.${parts[2]}`,
  'base64 "+" and "/"': (parts) => `${parts[0]}.${parts[1]}+/.${parts[2]}`,
  '"=" padding': (parts) => `${parts.join('.')}==`,
  'two parts': (parts) => parts.slice(0, 2).join('.'),
  'four parts': (parts) => parts.join('.') + `.${parts[0]}`,
  'six parts': (parts) => [...parts, ...parts].join('.'),
  'in an array': (parts) => [parts.join('.')],
  'in a String object': (parts) => new String(parts.join('.')),
  'a 256 KB payload and a space': (parts) => `${parts[0]}.${parts[1]!.repeat(2 ** 18 / parts[1]!.length)}.${parts[2]} `,
};

/** The parts of a token that would give it away: any segment long enough to be a payload or a signature. */
const secretsOf = (parts: string[]) => parts.filter((part) => part.length >= 12);

function messageOf(outcome: Outcome): string {
  expect(outcome.ok, 'a malformed token is refused').toBe(false);
  if (outcome.ok) return '';
  expect(refusalViolation(outcome.thrown)).toBeUndefined();
  return (outcome.thrown as Error).message;
}

describe('a malformed idTokenHint', () => {
  it(`is refused without being echoed, by every entry point and by refine (${RUNS.token} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(segmentArb, segmentArb, segmentArb), fc.constantFrom(...Object.keys(MANGLINGS)), async (parts, mangling) => {
        const make = () => ({ idTokenHint: MANGLINGS[mangling]!(parts), postLogoutRedirectUri: 'https://app.example.com/' });
        const openUrl = vi.fn();
        const webAuth = new WebAuth({ ...CONFIG, openUrl });
        const messages = {
          standalone: messageOf(attempt(() => buildOidcLogoutUrl(CONFIG, make() as never))),
          oidcLogout: messageOf(await attemptAsync(() => oidcLogout(webAuth, make() as never))),
          refine: String(((await refineOidcLogout(webAuth)(make() as never)) as { error?: { message?: unknown } }).error?.message),
        };
        expect(openUrl).not.toHaveBeenCalled();
        for (const [where, message] of Object.entries(messages)) {
          for (const secret of secretsOf(parts)) expect(message.includes(secret), `${where}: ${message.slice(0, 200)}`).toBe(false);
        }
      }),
      { seed: FIXED_SEED, numRuns: RUNS.token },
    );
  });
});

describe('a refusal of a long value', () => {
  const long = (length: number, unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  /** Each option that can be refused for its value, and a call refusing a value of about `length` characters. */
  const CALLS: Record<string, (length: number) => () => unknown> = {
    domain: (n) => () => new WebAuth({ domain: `me auth0 ${long(n, 'com')}`, clientID: 'x' }),
    'domain (standalone builder)': (n) => () => buildLogoutUrl({ domain: `https://${long(n, 'a')}@me.auth0.com`, clientID: 'x' }),
    returnTo: (n) => () => new WebAuth(CONFIG).buildLogoutUrl({ returnTo: `javascript:${long(n, 'alert(1)')}` }),
    return_to: (n) => () => new WebAuth(CONFIG).buildLogoutUrl({ return_to: `//evil.example/${long(n, 'a')}` }),
    'the returnTo string shorthand': (n) => () => buildLogoutUrl(CONFIG, `/${long(n, 'relative')}`),
    'returnTo not in allowedLogoutUrls': (n) => () =>
      new WebAuth({ ...CONFIG, allowedLogoutUrls: ['https://app.example.com/'] }).buildLogoutUrl({ returnTo: `https://evil.example/${long(n, 'x')}` }),
    postLogoutRedirectUri: (n) => () => buildOidcLogoutUrl(CONFIG, { postLogoutRedirectUri: `data:text/html,${long(n, '<p>')}` }),
    'postLogoutRedirectUri not in allowedLogoutUrls': (n) => () =>
      buildOidcLogoutUrl({ ...CONFIG, allowedLogoutUrls: ['https://app.example.com/'] }, `https://app.example.com/?${long(n, 'q=1&')}`),
    'an unknown /oidc/logout key': (n) => () => buildOidcLogoutUrl(CONFIG, { [long(n, 'returnTo')]: 'x' } as never),
    uiLocales: (n) => () => buildOidcLogoutUrl(CONFIG, { uiLocales: long(n, 'en_US ') }),
    state: (n) => () => buildOidcLogoutUrl(CONFIG, { state: new Array(n) as never }),
    redirectMethod: (n) => () => new WebAuth({ ...CONFIG, redirectMethod: long(n, 'push') as never }),
    openUrl: (n) => () => new WebAuth({ ...CONFIG, openUrl: long(n, 'https://app.example.com/') as never }),
  };

  it(`names the option in a short message, however long the value (${RUNS.long} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(CALLS)), fc.integer({ min: 300, max: 200_000 }), (option, length) => {
        const outcome = attempt(CALLS[option]!(length));
        expect(outcome.ok, `${option} of ${length} characters is refused`).toBe(false);
        if (!outcome.ok) expect(refusalViolation(outcome.thrown)).toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.long },
    );
  });
});
