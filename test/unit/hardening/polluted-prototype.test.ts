/**
 * Some other bug in the app has written to `Object.prototype`. The SDK reads
 * only the own properties of what it is given, so an inherited value never
 * becomes an option: a logout still leaves, and no parameter appears that
 * nobody passed.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as navigate from '../../../src/core/navigate';
import { WebAuth, buildLogoutUrl, buildOidcLogoutUrl } from '../../../src/index';
import { refineLogout } from '../../../src/refine';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };
const returnTo = 'https://app.example.com/';
const polluted = Object.prototype as Record<string, unknown>;

/** Sets inherited values for the duration of `run`, and always removes them. */
async function withPollution<T>(values: Record<string, unknown>, run: () => T | Promise<T>): Promise<T> {
  for (const [key, value] of Object.entries(values)) polluted[key] = value;
  try {
    return await run();
  } finally {
    for (const key of Object.keys(values)) delete polluted[key];
  }
}

let navigations: string[];
let navigatorSpy: MockInstance<typeof navigate.locationNavigator>;
beforeEach(() => {
  navigations = [];
  navigatorSpy = vi.spyOn(navigate, 'locationNavigator').mockImplementation((method) => (url) => void navigations.push(`${method} ${url}`));
});
afterEach(() => navigatorSpy.mockRestore());

describe('an inherited option is never taken', () => {
  it('Object.prototype.openUrl = false does not turn a logout into a local-only one', async () => {
    await withPollution({ openUrl: false, redirectMethod: 'replace' }, () => new WebAuth(tenant).logout({ returnTo }));
    expect(navigations).toEqual([`assign https://me.auth0.com/v2/logout?client_id=abc&returnTo=${encodeURIComponent(returnTo)}`]);
  });

  it('inherited OIDC parameters are not sent', async () => {
    const url = await withPollution({ postLogoutRedirectUri: 'https://evil.example/', state: 'forged', idTokenHint: 'a.b.c', federated: true }, () =>
      buildOidcLogoutUrl(tenant),
    );
    expect(url).toBe('https://me.auth0.com/oidc/logout?client_id=abc');
  });

  it('inherited /v2/logout parameters are not sent, in the instance or the standalone builders', async () => {
    const values = { returnTo: 'https://evil.example/', federated: true, client_id: 'other', logoutParams: { returnTo: 'https://evil.example/' } };
    const urls = await withPollution(values, () => [
      new WebAuth(tenant).buildLogoutUrl(),
      new WebAuth(tenant).buildLogoutUrl({ extra: 'x' } as never),
      buildLogoutUrl(tenant),
      buildOidcLogoutUrl(tenant),
    ]);
    expect(urls).toEqual([
      'https://me.auth0.com/v2/logout?client_id=abc',
      'https://me.auth0.com/v2/logout?client_id=abc&extra=x',
      'https://me.auth0.com/v2/logout?client_id=abc',
      'https://me.auth0.com/oidc/logout?client_id=abc',
    ]);
  });

  it('inherited constructor options are not read: no domain, client ID, allow-list or telemetry from the prototype', async () => {
    await withPollution({ domain: 'evil.example', clientID: 'evil' }, () => {
      expect(() => new WebAuth({} as never)).toThrow(expect.objectContaining({ code: 'invalid_domain' }));
    });
    const url = await withPollution({ allowedLogoutUrls: ['https://elsewhere.example/'], _sendTelemetry: true, _telemetryInfo: { name: 'evil', version: '1' } }, () =>
      new WebAuth(tenant).buildLogoutUrl(returnTo),
    );
    expect(url).toBe(`https://me.auth0.com/v2/logout?client_id=abc&returnTo=${encodeURIComponent(returnTo)}`);
  });

  it('an inherited env is not merged into the telemetry', async () => {
    const telemetry = (url: string) => JSON.parse(atob(new URL(url).searchParams.get('auth0Client')!.replace(/-/g, '+').replace(/_/g, '/')));
    const options = { domain: 'me.auth0.com', clientID: 'abc', _telemetryInfo: { name: 'app', version: '1.0.0' } };
    const url = await withPollution({ env: { injected: 'yes' } }, () => new WebAuth(options).buildLogoutUrl());
    expect(telemetry(url)).toEqual({ name: 'app', version: '1.0.0', env: { 'webauth-logout': expect.any(String) } });
  });

  it("refine's defaults and params are read the same way", async () => {
    const openUrl = vi.fn();
    const webAuth = new WebAuth({ ...tenant, openUrl });
    const result = await withPollution({ returnTo: 'https://evil.example/', redirectPath: '/x' }, () => refineLogout(webAuth)({}));
    expect(result).toEqual({ success: true });
    expect(openUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc');
  });
});
