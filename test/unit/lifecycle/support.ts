/** What the lifecycle tests share: a tenant, a recorder of events and of other tabs' messages, a controllable `fetch`. */
import { vi } from 'vitest';
import { WebAuth, onLogout, type LogoutEvent, type WebAuthOptions } from '../../../src/index';

export const APP = 'http://localhost:3000';
export const PENDING_KEY = (clientID: string) => `webauth-logout:pending:${clientID}`;

let clients = 0;
/** A fresh client ID per test: handleLogoutReturn remembers a handled return per client for the page's life. */
export const freshClientID = () => `lifecycle-${++clients}`;

/** An instance with a fresh client ID, and every event its listeners hear in this tab. */
export function recordedWebAuth(options: Partial<WebAuthOptions> = {}) {
  const clientID = freshClientID();
  const webAuth = new WebAuth({ domain: 'me.auth0.com', clientID, _sendTelemetry: false, ...options });
  const events: LogoutEvent[] = [];
  const unsubscribe = onLogout(webAuth, (event) => events.push(event));
  return { webAuth, clientID, events, unsubscribe };
}

/** A stand-in for another tab of the origin: a channel of the same name. */
export function otherTab(clientID: string) {
  const channel = new BroadcastChannel(`webauth-logout:${clientID}`);
  const received: Record<string, unknown>[] = [];
  channel.onmessage = (message) => received.push(message.data);
  return { received, close: () => channel.close() };
}

/** Lets queued messages and timers of a few ms run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A `fetch` whose answer the test decides; records every request. */
export function stubFetch(answer: (request: { url: string; init: RequestInit }) => Promise<Response> | Response) {
  const requests: { url: string; init: RequestInit; body: string }[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    requests.push({ url, init, body: String(init.body) });
    return answer({ url, init });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, requests };
}

export const pendingRecord = (clientID: string) => {
  const saved = sessionStorage.getItem(PENDING_KEY(clientID));
  return saved === null ? null : (JSON.parse(saved) as Record<string, unknown>);
};

/**
 * Makes the tab's pending logout one that an earlier document of the tab left
 * for, as it is on the page Auth0 sends the browser back to: this document is
 * then one where the logout's return may land.
 */
export function leftFromEarlierPage(clientID: string, page = 'an-earlier-page'): void {
  const record = pendingRecord(clientID);
  if (record === null) throw new Error(`no pending logout for ${clientID}`);
  sessionStorage.setItem(PENDING_KEY(clientID), JSON.stringify({ ...record, page }));
}

/** How this document was reached, as Navigation Timing says: jsdom has no entry, which counts as `navigate`. */
export function stubNavigationType(type: 'navigate' | 'reload' | 'back_forward' | 'prerender') {
  const real = performance.getEntriesByType.bind(performance);
  return vi
    .spyOn(performance, 'getEntriesByType')
    .mockImplementation((kind: string) => (kind === 'navigation' ? ([{ type }] as unknown as PerformanceEntryList) : real(kind)));
}

/** A logout's id: 32 random hex digits. */
export const LOGOUT_ID = /^[0-9a-f]{32}$/;
