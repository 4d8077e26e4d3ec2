/**
 * refine expects `authProvider.logout` to resolve, always: it does so
 * whatever is thrown (an error whose `message` getter throws, a revoked
 * Proxy) and whatever defaults it was made with.
 */
import { describe, expect, it, vi } from 'vitest';
import { WebAuth } from '../../src/index';
import { refineLogout, refineOidcLogout } from '../../src/refine';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('refineLogout never rejects', () => {
  it.each([
    ['an error whose message getter throws', () => Object.defineProperty(new Error(), 'message', { get: () => { throw new Error('getter'); } })],
    ['an error whose code getter throws', () => Object.defineProperty(new Error('boom'), 'code', { get: () => { throw new Error('getter'); } })],
    ['a revoked Proxy', revoked],
    ['a Proxy whose every trap throws', () => new Proxy({}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } })],
    ['undefined', () => undefined],
  ])('%s, thrown by the logout, resolves { success: false } with refine\'s title and a message', async (_, thrown) => {
    const value = thrown();
    const logout = refineLogout({ logout: () => Promise.reject(value) });
    const result = await logout();
    expect(result).toMatchObject({ success: false, error: { name: 'Logout Error', message: expect.any(String) } });
    expect((result as { error: { cause: unknown } }).error.cause).toBe(value);
  });

  it('a logout method that is a throwing getter resolves { success: false }', async () => {
    const webAuth = Object.defineProperty({}, 'logout', { get: () => { throw new Error('getter'); } }) as WebAuth;
    expect(await refineLogout(webAuth)()).toMatchObject({ success: false });
  });

  it('a string as defaults is the returnTo shorthand, never spread into characters', async () => {
    const openUrl = vi.fn();
    const result = await refineLogout(new WebAuth({ ...tenant, openUrl }), 'https://app.example.com/')();
    expect(result).toEqual({ success: true });
    expect(openUrl).toHaveBeenCalledWith('https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F');
  });

  it('defaults that are not options resolve every call with invalid_options, without navigating', async () => {
    const openUrl = vi.fn();
    for (const defaults of [42, ['https://app.example.com/'], revoked()]) {
      const result = await refineLogout(new WebAuth({ ...tenant, openUrl }), defaults as never)();
      expect(result).toMatchObject({ success: false, error: { code: 'invalid_options' } });
    }
    expect(openUrl).not.toHaveBeenCalled();
  });

  it('the OIDC variant takes a postLogoutRedirectUri string as defaults', async () => {
    const openUrl = vi.fn();
    expect(await refineOidcLogout(new WebAuth({ ...tenant, openUrl }), 'https://app.example.com/')()).toEqual({ success: true });
    expect(openUrl).toHaveBeenCalledOnce();
    // oidcLogout adds a random state to a return URL that comes without one.
    const [url] = openUrl.mock.calls[0] as [string];
    expect(url).toMatch(/&state=[0-9a-f]{32}$/);
    expect(url.replace(/&state=[0-9a-f]{32}$/, '')).toBe('https://me.auth0.com/oidc/logout?client_id=abc&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2F');
  });
});
