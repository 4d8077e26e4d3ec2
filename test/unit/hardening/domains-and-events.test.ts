/**
 * A domain is refused at construction unless the browser reads the URL it
 * yields as exactly that host, so a logout is never announced for a page
 * that then cannot leave; and what listeners are told is what Auth0 gets.
 */
import { describe, expect, it, vi } from 'vitest';
import { WebAuth, onLogout, type LogoutEvent } from '../../../src/index';
import type { JsLogoutOptions } from '../../helpers/objects';

describe('domains', () => {
  it.each(['a.1', '256.0.0.1', '1.2.3.4.5', '[f]', 'xn--a.com', '0x7f.1', '127.1', 'https://1.2.3', 'me.auth0.com:99999'])(
    '%s, which the URL parser refuses or rewrites, is refused with invalid_domain',
    (domain) => {
      expect(() => new WebAuth({ domain, clientID: 'abc' })).toThrow(expect.objectContaining({ name: 'WebAuthError', code: 'invalid_domain' }));
    },
  );

  it.each([
    ['me.auth0.com', 'https://me.auth0.com/v2/logout'],
    ['ME.Auth0.COM', 'https://ME.Auth0.COM/v2/logout'],
    ['https://me.auth0.com:443/', 'https://me.auth0.com:443/v2/logout'],
    ['me.auth0.com:8443', 'https://me.auth0.com:8443/v2/logout'],
    ['http://localhost:3000', 'http://localhost:3000/v2/logout'],
    ['http://[::1]:3000', 'http://[::1]:3000/v2/logout'],
    ['http://127.0.0.1', 'http://127.0.0.1/v2/logout'],
    ['https://auth.example.com/tenant/', 'https://auth.example.com/tenant/v2/logout'],
    ['xn--bcher-kva.example', 'https://xn--bcher-kva.example/v2/logout'],
  ])('%s is accepted, as written', (domain, url) => {
    expect(new WebAuth({ domain, clientID: 'abc', _sendTelemetry: false }).buildLogoutUrl()).toBe(`${url}?client_id=abc`);
  });
});

describe('the event and the URL agree', () => {
  async function logOut(options: JsLogoutOptions): Promise<{ event: LogoutEvent; url: URL }> {
    const openUrl = vi.fn();
    const webAuth = new WebAuth({ domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false, openUrl });
    const events: LogoutEvent[] = [];
    const stop = onLogout(webAuth, (event) => events.push(event));
    await webAuth.logout(options);
    stop();
    return { event: events[0]!, url: new URL(openUrl.mock.calls[0]![0] as string) };
  }

  it('with return_to and returnTo, listeners are told returnTo, the parameter Auth0 reads', async () => {
    const { event, url } = await logOut({ return_to: 'https://app.example.com/a', returnTo: 'https://app.example.com/b' });
    expect(url.searchParams.get('returnTo')).toBe('https://app.example.com/b');
    expect(event.returnTo).toBe('https://app.example.com/b');
  });

  it('with two spellings of return_to, listeners are told the one value the URL carries', async () => {
    const { event, url } = await logOut({ ReturnTo: 'https://app.example.com/a', return_to: 'https://app.example.com/c' });
    expect(url.searchParams.getAll('return_to')).toEqual(['https://app.example.com/c']);
    expect(event.returnTo).toBe('https://app.example.com/c');
  });

  it("with auth0-spa-js's logoutParams, listeners are told its returnTo and federated", async () => {
    const { event, url } = await logOut({ logoutParams: { returnTo: 'https://app.example.com/', federated: true } });
    expect(url.searchParams.get('returnTo')).toBe('https://app.example.com/');
    expect(event).toMatchObject({ returnTo: 'https://app.example.com/', federated: true });
  });
});
