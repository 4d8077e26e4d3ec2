// @vitest-environment node
/**
 * The built package in plain Node, with no `window` (server-side rendering):
 * importing, constructing and building URLs work; logging out cannot leave a
 * page, so it rejects with `no_window`; `onLogout` opens nothing that would
 * keep the process alive.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { distHref, PACKAGE_ROOT, type Sdk } from '../helpers/bundles';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };
const require = createRequire(join(PACKAGE_ROOT, 'package.json'));

const builds: Array<[string, () => Promise<Sdk>]> = [
  ['ESM (dist/index.mjs)', async () => (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk],
  ['CJS (dist/index.cjs)', async () => require('webauth-logout') as Sdk],
];

it('runs where there is no window', () => {
  expect(typeof window).toBe('undefined');
  expect(typeof document).toBe('undefined');
});

describe.each(builds)('%s without a window', (_, load) => {
  it('imports, constructs and builds both logout URLs', async () => {
    const sdk = await load();
    const webAuth = new sdk.WebAuth(tenant);
    expect(webAuth.buildLogoutUrl('https://app.example.com/')).toBe(
      'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F',
    );
    expect(sdk.buildOidcLogoutUrl(tenant, { postLogoutRedirectUri: 'https://app.example.com/', state: 's' })).toBe(
      'https://me.auth0.com/oidc/logout?client_id=abc&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2F&state=s',
    );
    expect(sdk.buildLogoutUrl(tenant, { federated: true })).toBe('https://me.auth0.com/v2/logout?client_id=abc&federated');
    expect(sdk.buildOidcLogoutUrl(tenant)).toBe('https://me.auth0.com/oidc/logout?client_id=abc');
  });

  it("rejects logout() and oidcLogout() with code 'no_window', before telling any listener", async () => {
    const sdk = await load();
    const webAuth = new sdk.WebAuth(tenant);
    const listener = vi.fn();
    const unsubscribe = sdk.onLogout(webAuth, listener);
    const pending = webAuth.logout({ returnTo: 'https://app.example.com/' });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toBeInstanceOf(sdk.WebAuthError);
    await expect(webAuth.logout()).rejects.toMatchObject({ name: 'WebAuthError', code: 'no_window' });
    await expect(sdk.oidcLogout(webAuth)).rejects.toMatchObject({ code: 'no_window' });
    unsubscribe();
    expect(listener).not.toHaveBeenCalled();
  });

  it('still logs out with an openUrl, or locally with openUrl: false', async () => {
    const sdk = await load();
    const opened: string[] = [];
    const events: unknown[] = [];
    const webAuth = new sdk.WebAuth({ ...tenant, openUrl: (url) => void opened.push(url) });
    const unsubscribe = sdk.onLogout(webAuth, (event) => events.push(event));
    await webAuth.logout('https://app.example.com/');
    await webAuth.logout({ openUrl: false });
    unsubscribe();
    expect(opened).toEqual(['https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F']);
    // The local-only logout is complete at once: started, then completed.
    expect(events.map((event) => (event as { phase?: unknown }).phase)).toEqual(['started', 'started', 'completed']);
    // The local logout's started and completed are one logout, not the one before it.
    const ids = events.map((event) => (event as { id?: unknown }).id);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[2]).toBe(ids[1]);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('subscribes and unsubscribes onLogout without error and without opening a handle', async () => {
    const sdk = await load();
    const before = process.getActiveResourcesInfo();
    const webAuth = new sdk.WebAuth(tenant);
    const unsubscribers = [sdk.onLogout(webAuth, () => undefined), sdk.onLogout(webAuth, () => undefined), sdk.onLogout(new sdk.WebAuth({ ...tenant, clientID: 'other' }), () => undefined)];
    expect(process.getActiveResourcesInfo()).toEqual(before);
    for (const unsubscribe of unsubscribers) expect(unsubscribe()).toBeUndefined();
    // Unsubscribing twice is harmless.
    expect(() => unsubscribers[0]!()).not.toThrow();
    expect(process.getActiveResourcesInfo()).toEqual(before);
  });
});

it('lets a Node process that subscribed to onLogout (and never unsubscribed) exit by itself', () => {
  const script = `
    const { WebAuth, onLogout } = await import('webauth-logout');
    const webAuth = new WebAuth(${JSON.stringify(tenant)});
    onLogout(webAuth, () => {});
    const error = await webAuth.logout().catch((e) => e);
    console.log(JSON.stringify({ code: error.code }));
  `;
  // The timeout only stops a hung process; the test asserts that it ended on its own, with success.
  const run = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(run.error).toBeUndefined();
  expect(run.signal).toBeNull();
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ code: 'no_window' });
});
