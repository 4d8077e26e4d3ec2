// @vitest-environment node
/**
 * The script-tag bundles in a jsdom page of their own: loaded by
 * `<script src>` and injected as an inline classic script, each defines the
 * global `auth0`. The core, dist/webauth-logout.min.js, holds what the logout
 * example of the Auth0 documentation (seed 001) needs, and that example runs
 * on it unchanged apart from its placeholders; dist/webauth-logout.full.min.js
 * holds every export of the package root.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as source from '../../src/index';
import { distPath, packageVersion, PACKAGE_ROOT, readDist, SCRIPT_TAG_FILES, type ScriptTagFile, type Sdk } from '../helpers/bundles';
import { openPage, seedSnippet, type Page } from '../helpers/jsdom';
import { maskAuth0Client, SDK_AUTH0_CLIENT } from '../helpers/urls';

const SEED = '/work/shared/seeds/001_70243e42594c1eed.txt';
const CDN = 'https://cdn.example.com/webauth-logout.min.js';
const placeholders = (scriptUrl: string) => ({
  '${auth0js_url}': scriptUrl,
  '${account.namespace}': 'me.auth0.com',
  '${account.clientId}': 'abc123',
  YOUR_LOGOUT_URL: 'https://app.example.com/logged-out',
});
const seedUrl =
  'https://me.auth0.com/v2/logout?client_id=abc123&returnTo=https%3A%2F%2Fapp.example.com%2Flogged-out' + `&auth0Client=${SDK_AUTH0_CLIENT}`;

let pages: Page[] = [];
const open = (...args: Parameters<typeof openPage>) => {
  const page = openPage(...args);
  pages.push(page);
  return page;
};
afterEach(() => {
  for (const page of pages) page.window.close();
  pages = [];
});

/** The page's global `auth0`. */
const auth0Of = (page: Page) => page.window.auth0 as Sdk;

describe('the seed snippet (Auth0 documentation, logout with auth0.js), on this bundle', () => {
  it('runs unchanged apart from its placeholders, and leaves for the /v2/logout URL with window.location.assign', async () => {
    const html = seedSnippet(SEED, placeholders(CDN));
    expect(html).toContain('new auth0.WebAuth({');
    expect(html).toContain('webAuth.logout({');
    expect(html).not.toMatch(/\$\{/);

    const page = open(html, { [CDN]: distPath('webauth-logout.min.js') });
    await page.loaded;

    expect(page.consoleErrors).toEqual([]);
    expect(page.navigations).toEqual([{ method: 'assign', url: seedUrl }]);
    // jsdom itself saw the navigation start (and, being jsdom, stayed on the page).
    expect(page.jsdomErrors).toEqual([{ type: 'not-implemented', message: 'Not implemented: navigation to another Document' }]);
    expect(page.window.location.href).toBe('https://app.example.com/');
  });

  it('navigates where the real auth0.js 10.2.1 script navigates, but for the telemetry value', async () => {
    const auth0jsUrl = 'https://cdn.auth0.com/js/auth0/10.2.1/auth0.min.js';
    const page = open(seedSnippet(SEED, placeholders(auth0jsUrl)), {
      [auth0jsUrl]: join(PACKAGE_ROOT, 'node_modules/auth0-js/dist/auth0.min.js'),
    });
    await page.loaded;
    // auth0.js leaves by setting window.location, that is location.href.
    expect(page.navigations).toHaveLength(1);
    expect(page.navigations[0]!.method).toBe('href');
    expect(maskAuth0Client(page.navigations[0]!.url)).toBe(maskAuth0Client(seedUrl));
    expect(page.navigations[0]!.url).not.toBe(seedUrl);
  });
});

/** What the core script tag's `auth0` holds: Auth0's documented snippet, its error, the version and the URL builders. */
const CORE_GLOBAL = ['WebAuth', 'WebAuthError', 'buildLogoutUrl', 'buildOidcLogoutUrl', 'isAllowedLogoutUrl', 'version'];
const expectedMembers = (file: ScriptTagFile) => (file === 'webauth-logout.min.js' ? CORE_GLOBAL : Object.keys(source)).sort();

it("the core global's members are exports of the package root, under the same names", () => {
  expect(Object.keys(source)).toEqual(expect.arrayContaining(CORE_GLOBAL));
});

describe.each(SCRIPT_TAG_FILES)('the global auth0 of %s', (file) => {
  it('is the only global the bundle defines, with WebAuth, version (equal to package.json) and exactly its members', async () => {
    const before = open('<!doctype html><title>before</title>');
    await before.loaded;
    const page = open(`<script src="${CDN}"></script>`, { [CDN]: distPath(file) });
    await page.loaded;
    const added = Object.getOwnPropertyNames(page.window).filter((name) => !Object.getOwnPropertyNames(before.window).includes(name));
    expect(added).toEqual(['auth0']);

    const auth0 = auth0Of(page);
    expect(auth0.version).toBe('0.1.0');
    expect(auth0.version).toBe(packageVersion());
    expect(typeof auth0.WebAuth).toBe('function');
    expect(Object.keys(auth0).sort()).toEqual(expectedMembers(file));
  });

  it('works when the bundle is injected as an inline classic script', async () => {
    const page = open('<!doctype html><body></body>');
    await page.loaded;
    const script = page.window.document.createElement('script');
    script.textContent = readDist(file);
    page.window.document.body.appendChild(script);
    expect(page.jsdomErrors).toEqual([]);

    // Used from the page itself, as a page script would.
    const run = page.window.eval(`
      var webAuth = new auth0.WebAuth({ domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false });
      var refused;
      try { webAuth.buildLogoutUrl({ returnTo: 'javascript:alert(1)' }); } catch (error) {
        refused = { isWebAuthError: error instanceof auth0.WebAuthError, code: error.code };
      }
      ({
        url: webAuth.buildLogoutUrl({ returnTo: 'https://app.example.com/', federated: 'false' }),
        standalone: auth0.buildOidcLogoutUrl({ domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false }, { postLogoutRedirectUri: 'https://app.example.com/', state: 's' }),
        allowed: auth0.isAllowedLogoutUrl('https://pr-1.preview.example.com/', ['https://*.preview.example.com/'], 'v2'),
        refused: refused,
      });
    `) as unknown;
    expect(run).toEqual({
      url: 'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F',
      standalone: 'https://me.auth0.com/oidc/logout?client_id=abc&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2F&state=s',
      allowed: true,
      refused: { isWebAuthError: true, code: 'invalid_return_to' },
    });
  });

  it('logs out with redirectMethod replace and with openUrl from the page', async () => {
    const page = open(`<script src="${CDN}"></script>`, { [CDN]: distPath(file) });
    await page.loaded;
    const auth0 = auth0Of(page);
    const webAuth = new auth0.WebAuth({ domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false });
    await webAuth.logout({ returnTo: 'https://app.example.com/', redirectMethod: 'replace' });
    const opened: string[] = [];
    await webAuth.logout({ federated: true, openUrl: (url) => void opened.push(url) });
    expect(page.navigations).toEqual([
      { method: 'replace', url: 'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F' },
    ]);
    expect(opened).toEqual(['https://me.auth0.com/v2/logout?client_id=abc&federated']);
  });

  it('is a classic script: no import or export statement at its top level', () => {
    const code = readFileSync(distPath(file), 'utf8');
    expect(code).not.toMatch(/^\s*(?:import|export)\s/m);
  });
});

describe('the full script tag, webauth-logout.full.min.js', () => {
  it('tells onLogout listeners of each logout, and recognises no return on a page Auth0 did not send back', async () => {
    const page = open(`<script src="${CDN}"></script>`, { [CDN]: distPath('webauth-logout.full.min.js') });
    await page.loaded;
    const auth0 = auth0Of(page);
    const events: unknown[] = [];
    const webAuth = new auth0.WebAuth({ domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false });
    await expect(auth0.handleLogoutReturn(webAuth)).resolves.toBeUndefined();
    const unsubscribe = auth0.onLogout(webAuth, (event) => events.push(event));
    await webAuth.logout({ returnTo: 'https://app.example.com/', redirectMethod: 'replace' });
    await webAuth.logout({ federated: true, openUrl: () => undefined });
    unsubscribe();
    const id = expect.stringMatching(/^[0-9a-f]{32}$/);
    expect(events).toEqual([
      { id, clientID: 'abc', endpoint: 'v2', returnTo: 'https://app.example.com/', federated: false, source: 'this-tab', phase: 'started' },
      { id, clientID: 'abc', endpoint: 'v2', returnTo: undefined, federated: true, source: 'this-tab', phase: 'started' },
    ]);
    // Two logouts, two ids.
    expect((events[0] as { id: string }).id).not.toBe((events[1] as { id: string }).id);
  });
});
