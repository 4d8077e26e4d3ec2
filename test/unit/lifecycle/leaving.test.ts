import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, WebAuthError, buildOidcLogoutUrl, handleLogoutReturn, onLogout, oidcLogout } from '../../../src/index';
import { POPUP_RETURN } from '../../../src/core/popupMessage';
import { APP, PENDING_KEY, otherTab, pendingRecord, recordedWebAuth, settle } from './support';

const HINT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('oidcLogout({ httpMethod: "POST" })', () => {
  it('submits the same parameters as a hidden form POST built with DOM calls, and then announces', async () => {
    const order: string[] = [];
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(() => void order.push('submit'));
    const { webAuth, clientID } = recordedWebAuth();
    onLogout(webAuth, () => order.push('started'));
    const get = buildOidcLogoutUrl({ domain: 'me.auth0.com', clientID, _sendTelemetry: false }, { idTokenHint: HINT, postLogoutRedirectUri: `${APP}/bye`, state: 's1', federated: true });
    await oidcLogout(webAuth, { idTokenHint: HINT, postLogoutRedirectUri: `${APP}/bye`, state: 's1', federated: true, httpMethod: 'POST' });

    expect(order).toEqual(['submit', 'started']);
    const form = submit.mock.contexts[0] as HTMLFormElement;
    expect(form.isConnected).toBe(true);
    expect(form.hidden).toBe(true);
    expect(form.method).toBe('post');
    expect(form.target).toBe('_self');
    expect(form.action).toBe('https://me.auth0.com/oidc/logout');
    expect(form.querySelectorAll('script')).toHaveLength(0);
    // Exactly the GET URL's parameters, federated as a bare field, in the same order.
    expect(new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString()).toBe(new URL(get).search.slice(1).replace(/federated$/, 'federated='));
    expect(pendingRecord(clientID)).toMatchObject({ endpoint: 'oidc', state: 's1' });
  });

  it('targets the top window with redirectTarget top, and accepts GET as the default spelled out', async () => {
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(() => undefined);
    const { webAuth, clientID } = recordedWebAuth({ redirectTarget: 'top' });
    await oidcLogout(webAuth, { httpMethod: 'POST' });
    expect((submit.mock.contexts[0] as HTMLFormElement).target).toBe('_top');
    const config = { domain: 'me.auth0.com', clientID };
    expect(buildOidcLogoutUrl(config, { httpMethod: 'GET' })).toBe(buildOidcLogoutUrl(config));
  });

  it('refuses to hand a POST to openUrl: the URL would carry the ID token the POST keeps out of URLs', async () => {
    const openUrl = vi.fn();
    const { webAuth, clientID, events } = recordedWebAuth({ openUrl });
    await expect(oidcLogout(webAuth, { idTokenHint: HINT, httpMethod: 'POST' })).rejects.toMatchObject({ code: 'invalid_option', message: expect.not.stringContaining(HINT) });
    expect(openUrl).not.toHaveBeenCalled();
    expect(events).toEqual([]);
    expect(pendingRecord(clientID)).toBeNull();
    // A local-only logout has no URL to hand over: it is allowed.
    await oidcLogout(webAuth, { idTokenHint: HINT, httpMethod: 'POST', openUrl: false });
    expect(events.map((event) => event.phase)).toEqual(['started', 'completed']);
  });

  it('refuses any other method before anything happens', async () => {
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit');
    const { webAuth, events } = recordedWebAuth();
    for (const httpMethod of ['post', 'PUT', 1, null]) {
      await expect(oidcLogout(webAuth, { httpMethod } as never)).rejects.toMatchObject({ code: 'invalid_option' });
    }
    expect(submit).not.toHaveBeenCalled();
    expect(events).toEqual([]);
  });
});

describe('redirectTarget', () => {
  it('navigates window.top with top, from the constructor or the call', async () => {
    const assigned: string[] = [];
    const topLocation = { set href(url: string) { assigned.push(`href ${url}`); }, replace: (url: string) => assigned.push(`replace ${url}`) };
    vi.spyOn(window, 'top', 'get').mockReturnValue({ location: topLocation } as unknown as Window);
    await recordedWebAuth({ redirectTarget: 'top' }).webAuth.logout();
    await recordedWebAuth().webAuth.logout({ redirectTarget: 'top', redirectMethod: 'replace' });
    expect(assigned).toEqual([expect.stringMatching(/^href https:\/\/me\.auth0\.com\/v2\/logout\?client_id=/), expect.stringMatching(/^replace https:\/\/me\.auth0\.com\/v2\/logout/)]);
  });

  it('rejects navigation_blocked when the browser refuses, announcing nothing and forgetting the return trip', async () => {
    const refusal = new DOMException('The current window does not have permission to navigate the target frame', 'SecurityError');
    const topLocation = { set href(_url: string) { throw refusal; }, replace: () => { throw refusal; } };
    vi.spyOn(window, 'top', 'get').mockReturnValue({ location: topLocation } as unknown as Window);
    const { webAuth, clientID, events } = recordedWebAuth();
    const tab = otherTab(clientID);
    const error = await webAuth.logout({ returnTo: `${APP}/`, redirectTarget: 'top' }).catch((thrown: unknown) => thrown);
    await settle();
    tab.close();
    expect(error).toBeInstanceOf(WebAuthError);
    expect(error).toMatchObject({ code: 'navigation_blocked', cause: refusal });
    expect(events).toEqual([]);
    expect(tab.received).toEqual([]);
    expect(pendingRecord(clientID)).toBeNull();
  });

  it('refuses a value other than self or top', () => {
    expect(() => new WebAuth({ domain: 'me.auth0.com', clientID: 'a', redirectTarget: 'parent' } as never)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });
});

describe('handleLogoutReturn in a logout popup', () => {
  it('hands the return to its opener, closes itself, and tells no one itself', async () => {
    const { webAuth, clientID, events } = recordedWebAuth();
    // The opener's record, as logoutWithPopup writes it in the opener's sessionStorage (this jsdom window stands in for both).
    const id = 'f'.repeat(32);
    const record = { id, endpoint: 'oidc', returnTo: `${APP}/popup`, state: 'abc', marked: false, federated: false, time: Date.now(), page: 'the-opener', popup: 'webauth-logout-1' };
    const openerStorage = new Map([[PENDING_KEY(clientID), JSON.stringify(record)]]);
    const posted: unknown[] = [];
    const opener = {
      location: { origin: window.location.origin },
      sessionStorage: { getItem: (key: string) => openerStorage.get(key) ?? null, removeItem: (key: string) => openerStorage.delete(key) },
      postMessage: (message: unknown, origin: string) => posted.push([message, origin]),
    };
    vi.stubGlobal('opener', opener);
    const close = vi.spyOn(window, 'close').mockImplementation(() => undefined);

    expect(await handleLogoutReturn(webAuth, `${APP}/popup?state=abc`)).toEqual({ id, endpoint: 'oidc', returnTo: `${APP}/popup`, state: 'abc', federated: false });
    expect(posted).toEqual([[{ type: POPUP_RETURN, popup: 'webauth-logout-1', state: 'abc' }, window.location.origin]]);
    expect(close).toHaveBeenCalled();
    expect(events).toEqual([]);
  });

  it('treats a page with an opener of another origin as a page of its own', async () => {
    const { webAuth } = recordedWebAuth();
    vi.stubGlobal('opener', {
      get location(): never {
        throw new DOMException('Blocked a frame with origin', 'SecurityError');
      },
    });
    const close = vi.spyOn(window, 'close');
    expect(await handleLogoutReturn(webAuth, `${APP}/popup`)).toBeUndefined();
    expect(close).not.toHaveBeenCalled();
  });
});
