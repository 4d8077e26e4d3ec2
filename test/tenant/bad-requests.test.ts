// @vitest-environment node
/**
 * Whatever arrives, the tenant answers a 4xx with a plain-text reason, never
 * a 5xx, never a redirect to an unregistered URL, and never ends a session
 * on an error. Table-driven cases first, then bounded random requests.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from '../../examples/tenant/server.mjs';
import { isAllowedLogoutUrl } from '../../src/index';
import { send, sendBytes, sendRaw } from './client';
import { APP, APP_PAGE, idToken, OIDC_PLAIN_URI, OIDC_URI, TENANT_PAGE, testConfig } from './fixture';

let tenant: RunningTenant;

beforeAll(async () => {
  tenant = await startTenant({ config: testConfig });
});
afterAll(() => tenant?.close());

const ROUTES = ['/login', '/session', '/v2/logout', '/oidc/logout', '/idp/logout', '/.well-known/openid-configuration'];

describe('bad requests get a clear 4xx', () => {
  it.each([
    ['an unknown route', '/v2/logout/extra', 404, 'Not found: /v2/logout/extra'],
    ['a route spelled with an escape', '/v2%2Flogout', 404, 'Not found'],
    ['a broken escape', '/v2/logout?returnTo=%ZZ', 400, 'Malformed percent-encoding'],
    ['a truncated escape', '/v2/logout?returnTo=abc%', 400, 'Malformed percent-encoding'],
    ['an escape that is not UTF-8', '/v2/logout?returnTo=%C3%28', 400, 'not valid UTF-8'],
    ['a broken escape in a name', '/oidc/logout?%E2%82=1', 400, 'not valid UTF-8'],
    ['a repeated returnTo', `/v2/logout?client_id=${APP}&returnTo=${encodeURIComponent(APP_PAGE)}&returnTo=https%3A%2F%2Fevil.example.net%2F`, 400, 'The "returnTo" parameter appears more than once'],
    ['a repeated client_id', `/v2/logout?client_id=${APP}&client_id=${APP}`, 400, 'The "client_id" parameter appears more than once'],
    ['a repeated bare federated', '/v2/logout?federated&federated', 400, 'The "federated" parameter appears more than once'],
    ['a repeated post_logout_redirect_uri', `/oidc/logout?post_logout_redirect_uri=a&post_logout_redirect_uri=b`, 400, 'appears more than once'],
    ['a repeated state on /login', '/login?returnTo=a&returnTo=b', 400, 'appears more than once'],
    ['a repeated name spelled two ways', '/v2/logout?returnTo=a&return%54o=b', 400, 'The "returnTo" parameter appears more than once'],
    ['a parameter without a name', '/v2/logout?=x', 400, 'has no name'],
    ['an absolute-form target', 'http://127.0.0.1/v2/logout', 400, 'must be a path'],
    ['a backslash in the path', '/v2\\logout', 400, 'not a URL the tenant can read'],
    ['dot segments, which the tenant does not resolve', '/x/../session', 404, 'Not found: /x/../session'],
    ['a URL over 4 KB', `/v2/logout?returnTo=${'a'.repeat(4100)}`, 414, 'longer than 4096'],
  ])('%s', async (_what, target, status, message) => {
    const reply = await sendRaw(tenant.url, target);
    expect(reply.status).toBe(status);
    expect(reply.body).toContain(message);
  });

  it.each(ROUTES)('answers 405 with Allow to a method %s does not take', async (route) => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'HEAD', ...(route === '/oidc/logout' ? [] : ['POST'])]) {
      const reply = await send(tenant.url, route, { method });
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe(route === '/oidc/logout' ? 'GET, POST' : 'GET');
    }
  });

  it('takes only a form body, and only a small one, on POST /oidc/logout', async () => {
    const json = await send(tenant.url, '/oidc/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([json.status, json.body]).toEqual([415, 'POST a form: Content-Type must be application/x-www-form-urlencoded.\n']);
    const big = await send(tenant.url, '/oidc/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `state=${'x'.repeat(10_000)}` });
    expect(big.status).toBe(413);
    const withQuery = await send(tenant.url, '/oidc/logout?state=1', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(withQuery.status).toBe(400);
    const broken = await send(tenant.url, '/oidc/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'state=%G0' });
    expect(broken.status).toBe(400);
  });

  it('answers 4xx to what is not HTTP, and a header too large for Node, and keeps serving', async () => {
    expect(await sendBytes(tenant.url, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(await sendBytes(tenant.url, 'GET /v2/logout?returnTo=a b HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await sendRaw(tenant.url, `/session?x=${'a'.repeat(20_000)}`)).status).toBeGreaterThanOrEqual(400);
    expect((await send(tenant.url, '/session')).status).toBe(200);
  });
});

/** Percent-encodes one character; a lone surrogate becomes an escape that is not valid UTF-8, which the tenant must refuse. */
function percentEncode(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    return '%ED%A0%80';
  }
}

/** Where the tenant may send a browser: a URL one of its lists allows (OIDC with its state), or its own identity-provider hop. */
function isRegisteredDestination(target: string): boolean {
  // /login with client_id returns to a registered URL with the session's ID token as the fragment.
  const location = target.replace(/#id_token=[\w.-]+$/, '');
  if (location === '/idp/logout' || location.startsWith('/idp/logout?continue=')) return true;
  // Listed URLs are written without whitespace; a parser that drops it would "match" what the list does not hold.
  if (/[\s\x00-\x1f\x7f]/.test(location)) return false;
  const { applications = {}, allowedLogoutUrls = [] } = testConfig;
  const apps = Object.values(applications);
  const lists = [allowedLogoutUrls, ...apps.map((app) => app.allowedLogoutUrls ?? [])];
  const oidc = apps.flatMap((app) => app.postLogoutRedirectUris ?? []);
  return (
    lists.some((list) => isAllowedLogoutUrl(location, list, 'v2')) ||
    oidc.some((uri) => location === uri || location.startsWith(`${uri}${uri.includes('?') ? '&' : '?'}state=`))
  );
}

describe('random requests (bounded)', () => {
  const urls = fc.constantFrom(
    APP_PAGE,
    TENANT_PAGE,
    OIDC_URI,
    OIDC_PLAIN_URI,
    `${APP_PAGE}?q=1#f`,
    'https://a.app.example.com/',
    'https://evil.example.net/',
    'javascript:alert(1)',
    '//evil.example.net',
    '/relative',
    '',
    `${APP_PAGE}\n`,
    ` ${APP_PAGE}`,
    'https://app.exa\tmple.com/',
  );
  const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('%', '%ZZ', 'a.b.c'));
  // Mostly values the rules care about, so that many requests pass validation and some redirect; each
  // sent encoded, spliced in raw (so broken escapes and stray & and = get through) or as a bare name.
  const param = (pool: fc.Arbitrary<string>) =>
    fc.tuple(fc.oneof({ weight: 5, arbitrary: pool }, { weight: 1, arbitrary: junk }), fc.constantFrom('encoded', 'encoded', 'encoded', 'encoded', 'encoded', 'encoded', 'encoded', 'raw', 'raw', 'bare'));
  const params = fc.record(
    {
      client_id: param(fc.constantFrom(APP, 'app-without-urls', 'app-wildcard-first', 'nope', '__proto__', '')),
      returnTo: param(urls),
      post_logout_redirect_uri: param(urls),
      federated: param(fc.constantFrom('', 'false', 'true')),
      state: param(fc.constantFrom('s', 'a b&c=d', '')),
      id_token_hint: param(fc.constantFrom(idToken({ aud: APP }), idToken({ aud: ['x', APP], sid: 's' }), idToken({ aud: 'nope' }), 'a.b.c')),
      logout_hint: param(fc.constantFrom('s', 'x')),
      continue: param(urls),
      sig: param(junk),
      confirm: param(junk),
      ui_locales: param(fc.constantFrom('fr-CA en', 'x')),
    },
    { requiredKeys: [] },
  );
  const route = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('/v2/logout', '/oidc/logout') }, { weight: 1, arbitrary: fc.constantFrom(...ROUTES) });
  const target = fc.tuple(route, params, fc.boolean()).map(([path, given, repeatFirst]) => {
    const pairs = Object.entries(given).map(([name, [value, mode]]) => {
      if (mode === 'bare') return name;
      return `${name}=${mode === 'raw' ? value.replace(/[^\x21-\x7e]/gu, percentEncode) : [...value].map(percentEncode).join('')}`;
    });
    if (repeatFirst && pairs.length) pairs.push(pairs[0]!);
    return pairs.length ? `${path}?${pairs.join('&')}` : path;
  });

  it('never answers 5xx, never redirects off the lists, never ends a session on an error', async () => {
    await fc.assert(
      fc.asyncProperty(target, async (path) => {
        const reply = await send(tenant.url, path);
        expect(reply.status, path).toBeLessThan(500);
        if (reply.status >= 300 && reply.status < 400) expect(isRegisteredDestination(reply.location ?? ''), `${path} → ${reply.location}`).toBe(true);
        if (reply.status >= 400) {
          expect(reply.setCookies, path).toEqual([]);
          expect(reply.headers.get('content-type'), path).toMatch(/^text\/(plain|html)/);
          expect(reply.body.trim().length, path).toBeGreaterThan(10);
          // A refused return URL's page links back to the application only, never off the lists.
          for (const [, href] of reply.body.matchAll(/<a [^>]*href="([^"]*)"/g)) {
            expect(isRegisteredDestination(href!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))), `${path} links to ${href}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers arbitrary paths with 4xx or a route, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (path) => {
        const target = `/${path.replace(/[^\x21-\x7e]/gu, percentEncode).replace(/#/g, '%23')}`;
        expect((await sendRaw(tenant.url, target)).status, target).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});

