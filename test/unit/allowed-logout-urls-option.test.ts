import { describe, expect, it, vi } from 'vitest';
import { buildLogoutUrl, buildOidcLogoutUrl, WebAuth, onLogout } from '../../src/index';

const tenant = {
  domain: 'me.auth0.com',
  clientID: 'abc',
  _sendTelemetry: false,
  allowedLogoutUrls: ['https://app.example.com/', 'https://*.preview.example.com/bye'],
} as const;

describe('allowedLogoutUrls: refusing a return URL before the page leaves', () => {
  it('lets a returnTo on the list through, with the Auth0 rules (query ignored, wildcard label)', () => {
    expect(buildLogoutUrl(tenant, 'https://app.example.com/?tab=2')).toContain('returnTo=https%3A%2F%2Fapp.example.com%2F%3Ftab%3D2');
    expect(buildLogoutUrl(tenant, { return_to: 'https://pr-7.preview.example.com/bye' })).toContain('return_to=');
  });

  it('refuses a returnTo or return_to outside the list with returnto_not_allowed', () => {
    const outside = [{ returnTo: 'https://evil.example.net/' }, { return_to: 'https://app.example.com/admin' }, { ReturnTo: 'https://evil.example.net/' }];
    for (const options of outside) {
      expect(() => buildLogoutUrl(tenant, options)).toThrow(expect.objectContaining({ code: 'returnto_not_allowed' }));
    }
    expect(() => buildLogoutUrl(tenant, 'https://evil.example.net/')).toThrow(
      'returnTo "https://evil.example.net/" is not in allowedLogoutUrls: add it there and to Allowed Logout URLs at Auth0',
    );
  });

  it('does not check when no returnTo is given (Auth0 then uses the first allowed URL)', () => {
    expect(buildLogoutUrl(tenant)).toBe('https://me.auth0.com/v2/logout?client_id=abc');
  });

  it('uses exact matching for the OIDC postLogoutRedirectUri', () => {
    const config = { ...tenant, allowedLogoutUrls: ['https://app.example.com/bye?from=oidc'] };
    expect(buildOidcLogoutUrl(config, 'https://app.example.com/bye?from=oidc')).toContain('post_logout_redirect_uri=');
    expect(() => buildOidcLogoutUrl(config, 'https://app.example.com/bye')).toThrow(
      expect.objectContaining({ code: 'returnto_not_allowed', message: expect.stringMatching(/^postLogoutRedirectUri /) }),
    );
  });

  it('rejects logout with a URL outside the list before telling anyone or navigating', async () => {
    const openUrl = vi.fn();
    const listener = vi.fn();
    const webAuth = new WebAuth({ ...tenant, openUrl });
    const unsubscribe = onLogout(webAuth, listener);
    await expect(webAuth.logout('https://evil.example.net/')).rejects.toMatchObject({ code: 'returnto_not_allowed' });
    unsubscribe();
    expect(openUrl).not.toHaveBeenCalled();
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps its own copy of the list', () => {
    const allowedLogoutUrls = ['https://app.example.com/'];
    const webAuth = new WebAuth({ ...tenant, allowedLogoutUrls });
    allowedLogoutUrls.push('https://evil.example.net/');
    expect(() => webAuth.buildLogoutUrl('https://evil.example.net/')).toThrow(expect.objectContaining({ code: 'returnto_not_allowed' }));
  });
});
