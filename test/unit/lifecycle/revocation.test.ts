import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuthError, oidcLogout } from '../../../src/index';
import { otherTab, pendingRecord, recordedWebAuth, settle, stubFetch } from './support';

const TOKEN = 'v1.MRrefresh-token-SECRET';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('revokeRefreshToken before the logout', () => {
  it('POSTs client_id and token as a form to /oauth/revoke, then leaves, and says revoked: true', async () => {
    const order: string[] = [];
    const { requests } = stubFetch(() => {
      order.push('revoke');
      return new Response('', { status: 200 });
    });
    const { webAuth, clientID, events } = recordedWebAuth({ openUrl: (url) => void order.push(`navigate ${url}`) });
    const tab = otherTab(clientID);
    await webAuth.logout({ returnTo: 'https://app.example.com/', revokeRefreshToken: TOKEN });
    await settle();
    tab.close();

    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('https://me.auth0.com/oauth/revoke');
    expect(requests[0]!.init.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(requests[0]!.body))).toEqual({ client_id: clientID, token: TOKEN });
    expect(order).toEqual(['revoke', `navigate https://me.auth0.com/v2/logout?client_id=${clientID}&returnTo=https%3A%2F%2Fapp.example.com%2F`]);
    const id = pendingRecord(clientID)?.id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(events).toEqual([{ id, clientID, endpoint: 'v2', returnTo: 'https://app.example.com/', federated: false, phase: 'started', revoked: true, source: 'this-tab' }]);
    expect(tab.received).toEqual([{ id, clientID, endpoint: 'v2', returnTo: 'https://app.example.com/', federated: false, phase: 'started', revoked: true, page: expect.any(String) }]);
    expect(pendingRecord(clientID)).toMatchObject({ endpoint: 'v2', revoked: true });
    // The token is in the request body only.
    expect(JSON.stringify([events, tab.received, pendingRecord(clientID), order])).not.toContain(TOKEN);
  });

  it('logs out anyway, revoked: false, when the endpoint answers an error or the network fails', async () => {
    for (const answer of [() => new Response('{"error":"invalid_client"}', { status: 401 }), () => Promise.reject(new TypeError('Failed to fetch'))]) {
      stubFetch(answer);
      const openUrl = vi.fn();
      const { webAuth, events } = recordedWebAuth({ openUrl });
      await oidcLogout(webAuth, { postLogoutRedirectUri: 'https://app.example.com/', revokeRefreshToken: TOKEN });
      expect(openUrl).toHaveBeenCalledTimes(1);
      expect(events.map((event) => event.revoked)).toEqual([false]);
    }
  });

  it('logs out anyway after revokeTimeoutMs when the endpoint does not answer', async () => {
    vi.useFakeTimers();
    stubFetch(() => new Promise<Response>(() => undefined));
    const openUrl = vi.fn();
    const { webAuth, events } = recordedWebAuth({ openUrl });
    const leaving = webAuth.logout({ revokeRefreshToken: TOKEN, revokeTimeoutMs: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(openUrl).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await leaving;
    expect(openUrl).toHaveBeenCalledTimes(1);
    expect(events.map((event) => event.revoked)).toEqual([false]);
  });

  it('waits 3 s by default', async () => {
    vi.useFakeTimers();
    stubFetch(() => new Promise<Response>(() => undefined));
    const openUrl = vi.fn();
    const { webAuth } = recordedWebAuth({ openUrl });
    const leaving = webAuth.logout({ revokeRefreshToken: TOKEN });
    await vi.advanceTimersByTimeAsync(2999);
    expect(openUrl).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await leaving;
    expect(openUrl).toHaveBeenCalledTimes(1);
  });

  it('refuses a token or timeout that is not valid before anything happens, and never repeats the token', async () => {
    const { fetch } = stubFetch(() => new Response('', { status: 200 }));
    const openUrl = vi.fn();
    const { webAuth, clientID, events } = recordedWebAuth({ openUrl });
    const refusals = [
      { revokeRefreshToken: '' },
      { revokeRefreshToken: 42 },
      { revokeRefreshToken: TOKEN, revokeTimeoutMs: 0 },
      { revokeRefreshToken: TOKEN, revokeTimeoutMs: Number.NaN },
      { revokeRefreshToken: TOKEN, revokeTimeoutMs: 2 ** 31 },
      { revokeRefreshToken: TOKEN, revokeTimeoutMs: '3000' },
    ];
    for (const options of refusals) {
      const error = await webAuth.logout(options as never).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(WebAuthError);
      expect((error as WebAuthError).code).toBe('invalid_option');
      expect((error as WebAuthError).message).not.toContain(TOKEN);
    }
    expect(fetch).not.toHaveBeenCalled();
    expect(openUrl).not.toHaveBeenCalled();
    expect(events).toEqual([]);
    expect(pendingRecord(clientID)).toBeNull();
  });

  it('never sends the revocation options as query parameters, and a URL builder ignores them', () => {
    const { webAuth } = recordedWebAuth();
    expect(webAuth.buildLogoutUrl({ returnTo: 'https://app.example.com/', revokeRefreshToken: TOKEN, revokeTimeoutMs: 10, redirectTarget: 'top' })).not.toMatch(
      /revoke|redirect_target|SECRET/,
    );
  });

  it('revokes nothing and announces without revoked when not asked', async () => {
    const { fetch } = stubFetch(() => new Response('', { status: 200 }));
    const { webAuth, events } = recordedWebAuth({ openUrl: false });
    await webAuth.logout();
    expect(fetch).not.toHaveBeenCalled();
    expect('revoked' in events[0]!).toBe(false);
  });
});
