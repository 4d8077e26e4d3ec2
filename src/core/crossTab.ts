import type { LogoutEvent, LogoutListener } from '../types/options';

/** What crosses to other tabs: the event without its `source`, which each tab sets for itself. */
export type LogoutAnnouncement = Omit<LogoutEvent, 'source'>;

interface Transport {
  post(announcement: LogoutAnnouncement): void;
  close(): void;
}

interface Hub {
  readonly listeners: Set<LogoutListener>;
  readonly transport: Transport | undefined;
}

// One hub per client ID and page, so a tab never hears its own announcement as another tab's.
const hubs = new Map<string, Hub>();

const topic = (clientID: string) => `webauth-logout:${clientID}`;

function isAnnouncement(value: unknown, clientID: string): value is LogoutAnnouncement {
  return typeof value === 'object' && value !== null && (value as LogoutAnnouncement).clientID === clientID;
}

function dispatch(listeners: Set<LogoutListener>, event: LogoutEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      // A failing listener must not stop the logout nor the other listeners; it is still reported.
      setTimeout(() => {
        throw error;
      });
    }
  }
}

/**
 * `BroadcastChannel` where the browser has it, else a `storage` event: a
 * `localStorage` write that other tabs of the origin are told about. Nothing
 * without a `window`, so server-side rendering opens no channel that would
 * keep Node's event loop alive.
 */
function openTransport(clientID: string, receive: (announcement: LogoutAnnouncement) => void): Transport | undefined {
  if (typeof window === 'undefined') return undefined;
  const name = topic(clientID);
  const accept = (data: unknown) => isAnnouncement(data, clientID) && receive(data);
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (message) => accept(message.data);
    return { post: (announcement) => channel.postMessage(announcement), close: () => channel.close() };
  }
  const onStorage = (event: StorageEvent) => {
    if (event.key !== name || !event.newValue) return;
    try {
      accept(JSON.parse(event.newValue)[0]);
    } catch {
      // Not ours: another script wrote the key.
    }
  };
  window.addEventListener('storage', onStorage);
  return {
    post(announcement) {
      try {
        // A fresh nonce makes every write a change, which is what fires the event.
        localStorage.setItem(name, JSON.stringify([announcement, Math.random()]));
        localStorage.removeItem(name);
      } catch {
        // Storage disabled (private mode, quota): other tabs cannot be told.
      }
    },
    close: () => window.removeEventListener('storage', onStorage),
  };
}

/** Calls `listener` for every logout of `clientID`, in this tab and in others; returns the unsubscribe function. */
export function subscribe(clientID: string, listener: LogoutListener): () => void {
  let hub = hubs.get(clientID);
  if (!hub) {
    const listeners = new Set<LogoutListener>();
    const transport = openTransport(clientID, (announcement) => dispatch(listeners, { ...announcement, source: 'other-tab' }));
    hubs.set(clientID, (hub = { listeners, transport }));
  }
  const { listeners, transport } = hub;
  listeners.add(listener);
  return () => {
    if (listeners.delete(listener) && listeners.size === 0) {
      transport?.close();
      hubs.delete(clientID);
    }
  };
}

/** Tells this tab's listeners, then the other tabs, that a logout is starting. */
export function announceLogout(announcement: LogoutAnnouncement): void {
  const hub = hubs.get(announcement.clientID);
  if (hub) {
    dispatch(hub.listeners, { ...announcement, source: 'this-tab' });
    hub.transport?.post(announcement);
    return;
  }
  const transport = openTransport(announcement.clientID, () => undefined);
  transport?.post(announcement);
  transport?.close();
}
