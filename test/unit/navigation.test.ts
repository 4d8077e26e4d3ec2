import { afterEach, describe, expect, it, vi } from 'vitest';
import { locationNavigator } from '../../src/core/navigate';
import { WebAuth, WebAuthError, onLogout, type LogoutEvent, type OpenUrl } from '../../src/index';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false } as const;
const logoutUrl = 'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F';

describe('locationNavigator, the one module that touches window.location', () => {
  // jsdom navigates only within a document (fragments), which is enough to see the real call happen.
  it('assigns the URL, adding a history entry', () => {
    const before = window.history.length;
    locationNavigator('assign')('#assigned');
    expect(window.location.hash).toBe('#assigned');
    expect(window.history.length).toBe(before + 1);
  });

  it('replaces the URL without a history entry', () => {
    const before = window.history.length;
    locationNavigator('replace')('#replaced');
    expect(window.location.hash).toBe('#replaced');
    expect(window.history.length).toBe(before);
  });
});

describe('openUrl and redirectMethod', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    // A logout that leaves records its return trip; each test starts without one.
    sessionStorage.clear();
  });

  it('hands the URL to the constructor openUrl instead of navigating, and resolves after it resolves', async () => {
    const steps: string[] = [];
    const openUrl = vi.fn(async (url: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      steps.push(`opened ${url}`);
    });
    await new WebAuth({ ...tenant, openUrl }).logout({ returnTo: 'https://app.example.com/' });
    steps.push('logout resolved');
    expect(openUrl).toHaveBeenCalledOnce();
    expect(steps).toEqual([`opened ${logoutUrl}`, 'logout resolved']);
  });

  it('lets a per-call openUrl win over the constructor one', async () => {
    const constructorOpenUrl = vi.fn<OpenUrl>();
    const callOpenUrl = vi.fn<OpenUrl>();
    await new WebAuth({ ...tenant, openUrl: constructorOpenUrl }).logout({ returnTo: 'https://app.example.com/', openUrl: callOpenUrl });
    expect(callOpenUrl).toHaveBeenCalledWith(logoutUrl);
    expect(constructorOpenUrl).not.toHaveBeenCalled();
  });

  it('never puts openUrl, redirectMethod or redirectTarget in the URL', async () => {
    const openUrl = vi.fn<OpenUrl>();
    await new WebAuth(tenant).logout({ returnTo: 'https://app.example.com/', openUrl, redirectMethod: 'replace', redirectTarget: 'top' });
    expect(openUrl).toHaveBeenCalledWith(logoutUrl);
  });

  it('logs out locally with openUrl: false: listeners run, nothing navigates, no return trip is recorded', async () => {
    sessionStorage.clear();
    const webAuth = new WebAuth({ ...tenant, openUrl: vi.fn<OpenUrl>() });
    const events: LogoutEvent[] = [];
    const unsubscribe = onLogout(webAuth, (event) => events.push(event));
    const href = window.location.href;
    await webAuth.logout({ returnTo: 'https://app.example.com/', openUrl: false });
    unsubscribe();
    // Nothing to wait for: the local-only logout is complete at once.
    const id = events[0]?.id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(events).toStrictEqual([
      { id, clientID: 'abc', endpoint: 'v2', returnTo: 'https://app.example.com/', federated: false, phase: 'started', source: 'this-tab' },
      { id, clientID: 'abc', endpoint: 'v2', returnTo: 'https://app.example.com/', federated: false, phase: 'completed', source: 'this-tab' },
    ]);
    expect(window.location.href).toBe(href);
    expect(sessionStorage.getItem('webauth-logout:pending:abc')).toBeNull();
  });

  it('rejects with the error openUrl rejects with', async () => {
    const failure = new Error('in-app browser closed');
    await expect(new WebAuth({ ...tenant, openUrl: () => Promise.reject(failure) }).logout()).rejects.toBe(failure);
  });

  it('uses window.location.assign by default and replace when asked, per instance or per call', async () => {
    const navigations: string[] = [];
    const navigator = await import('../../src/core/navigate');
    vi.spyOn(navigator, 'locationNavigator').mockImplementation((method) => (url) => void navigations.push(`${method} ${url}`));
    await new WebAuth(tenant).logout('https://app.example.com/');
    await new WebAuth({ ...tenant, redirectMethod: 'replace' }).logout('https://app.example.com/');
    await new WebAuth(tenant).logout({ returnTo: 'https://app.example.com/', redirectMethod: 'replace' });
    expect(navigations).toEqual([`assign ${logoutUrl}`, `replace ${logoutUrl}`, `replace ${logoutUrl}`]);
  });

  it('rejects bad navigation options before anything happens', async () => {
    const listener = vi.fn();
    const webAuth = new WebAuth({ ...tenant, openUrl: vi.fn<OpenUrl>() });
    const unsubscribe = onLogout(webAuth, listener);
    // @ts-expect-error: wrong on purpose
    await expect(webAuth.logout({ redirectMethod: 'reload' })).rejects.toMatchObject({ code: 'invalid_option' });
    // @ts-expect-error: wrong on purpose
    await expect(webAuth.logout({ openUrl: 'https://elsewhere/' })).rejects.toThrow(/openUrl option is not valid/);
    // @ts-expect-error: wrong on purpose
    expect(() => new WebAuth({ ...tenant, redirectMethod: 'href' })).toThrow(WebAuthError);
    unsubscribe();
    expect(listener).not.toHaveBeenCalled();
  });
});
