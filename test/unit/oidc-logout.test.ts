import { describe, expect, it, vi } from 'vitest';
import { buildOidcLogoutUrl, WebAuth, WebAuthError, onLogout, oidcLogout, type OidcLogoutOptions } from '../../src/index';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false } as const;
const idToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIiwic2lkIjoicy0xIn0.c2lnbmF0dXJl';

describe('OpenID Connect RP-Initiated Logout URL (/oidc/logout)', () => {
  it('sends client_id from the constructor when nothing else is given', () => {
    expect(buildOidcLogoutUrl(tenant)).toBe('https://me.auth0.com/oidc/logout?client_id=abc');
  });

  it('maps every option to its parameter, in the order of the specification', () => {
    const url = buildOidcLogoutUrl(tenant, {
      federated: true,
      uiLocales: ['fr-CA', 'en'],
      state: 'a b&c=d',
      postLogoutRedirectUri: 'https://app.example.com/bye?from=logout',
      logoutHint: 's-1',
      idTokenHint: idToken,
    });
    expect(url).toBe(
      'https://me.auth0.com/oidc/logout' +
        `?id_token_hint=${idToken}&logout_hint=s-1&client_id=abc` +
        '&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye%3Ffrom%3Dlogout' +
        '&state=a%20b%26c%3Dd&ui_locales=fr-CA%20en&federated',
    );
  });

  it('takes uiLocales as a space-separated string too, and leaves out an empty list', () => {
    expect(buildOidcLogoutUrl(tenant, { uiLocales: ' es  pt-BR ' })).toBe(
      'https://me.auth0.com/oidc/logout?client_id=abc&ui_locales=es%20pt-BR',
    );
    expect(buildOidcLogoutUrl(tenant, { uiLocales: [] })).toBe('https://me.auth0.com/oidc/logout?client_id=abc');
  });

  it('lets clientID override or remove client_id', () => {
    expect(buildOidcLogoutUrl(tenant, { clientID: 'other' })).toBe('https://me.auth0.com/oidc/logout?client_id=other');
    expect(buildOidcLogoutUrl(tenant, { clientID: undefined, idTokenHint: idToken })).toBe(
      `https://me.auth0.com/oidc/logout?id_token_hint=${idToken}`,
    );
    expect(buildOidcLogoutUrl(tenant, { clientID: undefined, federated: true })).toBe('https://me.auth0.com/oidc/logout?federated');
  });

  it('leaves federated out unless it is true', () => {
    expect(buildOidcLogoutUrl(tenant, { federated: false })).toBe('https://me.auth0.com/oidc/logout?client_id=abc');
  });

  it('takes a string as the postLogoutRedirectUri', () => {
    expect(buildOidcLogoutUrl(tenant, 'https://app.example.com/')).toBe(
      'https://me.auth0.com/oidc/logout?client_id=abc&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2F',
    );
  });

  it('adds auth0Client telemetry when telemetry is on', () => {
    const url = new URL(buildOidcLogoutUrl({ domain: 'me.auth0.com', clientID: 'abc' }));
    const telemetry = url.searchParams.get('auth0Client')!;
    expect(JSON.parse(atob(telemetry.replace(/-/g, '+').replace(/_/g, '/')))).toEqual({ name: 'webauth-logout', version: '0.1.0' });
  });

  const invalid: Array<[string, unknown, string]> = [
    ['idTokenHint that is not a JWT', { idTokenHint: 'not-a-jwt' }, 'invalid_option'],
    ['idTokenHint that is not a string', { idTokenHint: 42 }, 'invalid_option'],
    ['postLogoutRedirectUri javascript:', { postLogoutRedirectUri: 'javascript:alert(1)' }, 'invalid_return_to'],
    ['postLogoutRedirectUri relative', { postLogoutRedirectUri: '/bye' }, 'invalid_return_to'],
    ['uiLocales that is not a language tag', { uiLocales: 'en_US' }, 'invalid_option'],
    ['uiLocales with a non-string', { uiLocales: ['en', 3] }, 'invalid_option'],
    ['state that is not a string', { state: { a: 1 } }, 'invalid_option'],
    ['empty logoutHint', { logoutHint: '' }, 'invalid_option'],
    ['empty clientID', { clientID: '' }, 'invalid_client_id'],
    ['federated that is not a boolean', { federated: 'true' }, 'invalid_option'],
    ['an unknown key (a typo)', { postLogoutRedirectURI: 'https://app.example.com/' }, 'invalid_option'],
    ['an array', ['https://app.example.com/'], 'invalid_options'],
  ];

  it.each(invalid)('refuses %s', (_, options, code) => {
    expect(() => buildOidcLogoutUrl(tenant, options as OidcLogoutOptions)).toThrow(WebAuthError);
    expect(() => buildOidcLogoutUrl(tenant, options as OidcLogoutOptions)).toThrow(expect.objectContaining({ code }));
  });

  it('names the unknown key and lists the known ones', () => {
    expect(() => buildOidcLogoutUrl(tenant, { postLogoutRedirectURI: 'x' } as OidcLogoutOptions)).toThrow(
      /postLogoutRedirectURI is not an option of oidcLogout: expected one of idTokenHint, .*postLogoutRedirectUri/,
    );
  });
});

describe('oidcLogout(webAuth, options)', () => {
  it('opens the OIDC logout URL and tells listeners where the user returns', async () => {
    const openUrl = vi.fn();
    const webAuth = new WebAuth({ ...tenant, openUrl });
    const listener = vi.fn();
    const unsubscribe = onLogout(webAuth, listener);
    await oidcLogout(webAuth, { idTokenHint: idToken, postLogoutRedirectUri: 'https://app.example.com/', state: 'xyz', federated: true });
    unsubscribe();
    expect(openUrl).toHaveBeenCalledWith(
      `https://me.auth0.com/oidc/logout?id_token_hint=${idToken}&client_id=abc&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2F&state=xyz&federated`,
    );
    expect(listener).toHaveBeenCalledOnce();
    expect(listener).toHaveBeenCalledWith({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      clientID: 'abc',
      endpoint: 'oidc',
      returnTo: 'https://app.example.com/',
      federated: true,
      phase: 'started',
      source: 'this-tab',
    });
  });

  it('rejects bad options without opening anything', async () => {
    const openUrl = vi.fn();
    await expect(oidcLogout(new WebAuth({ ...tenant, openUrl }), { idTokenHint: 'x' })).rejects.toMatchObject({ code: 'invalid_option' });
    expect(openUrl).not.toHaveBeenCalled();
  });
});
