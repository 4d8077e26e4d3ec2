import { isPlainObject, isReturnUrl, readOwn } from '../utils/checks';
import type { LogoutEvent, LogoutListener } from '../types/options';

/** What crosses to other tabs: the event without its `source`, which each tab sets for itself. */
export type LogoutAnnouncement = Omit<LogoutEvent, 'source'>;

/** An announcement as it travels, marked with the page that sent it. */
interface Message extends LogoutAnnouncement {
  readonly tab: string;
}

/** One way to reach the other tabs of the origin; each subscription and each announcement owns its own. */
interface Transport {
  post(message: Message): void;
  close(): void;
}

/**
 * This page's mark. A subscription's channel also hears announcements made by
 * this page through another channel object; the mark tells them apart, so a
 * tab never hears its own logout as another tab's.
 */
const thisTab = Math.random().toString(36).slice(2);

const topic = (clientID: string) => `webauth-logout:${clientID}`;

/** A well-formed announcement of this client from another tab; anything else on the channel is ignored. */
function isMessage(value: Record<string, unknown> | undefined, clientID: string): value is Record<string, unknown> & Message {
  if (!value) return false;
  const { clientID: client, tab, returnTo, federated, phase } = value as Partial<Message>;
  // A listener may well send the user to `returnTo`: only a URL this SDK itself would have sent gets through.
  return (
    client === clientID &&
    tab !== thisTab &&
    typeof federated === 'boolean' &&
    (phase === 'started' || phase === 'completed') &&
    (returnTo === undefined || isReturnUrl(returnTo))
  );
}

/**
 * An announcement of exactly these fields; `revoked` only when the logout
 * asked to revoke (a boolean). A message from another tab is rebuilt with
 * it, so nothing else it carried reaches a listener.
 */
export function announcement(
  clientID: string,
  { returnTo, federated, revoked }: Pick<LogoutAnnouncement, 'returnTo' | 'federated' | 'revoked'>,
  phase: LogoutAnnouncement['phase'],
): LogoutAnnouncement {
  const made: LogoutAnnouncement = { clientID, returnTo, federated, phase };
  if (typeof revoked === 'boolean') made.revoked = revoked;
  return made;
}

/**
 * `BroadcastChannel` where the browser has it, else a `storage` event: a
 * `localStorage` write that other tabs of the origin are told about. Nothing
 * without a `window`, so server-side rendering opens no channel that would
 * keep Node's event loop alive.
 */
function openTransport(clientID: string, receive?: (announcement: LogoutAnnouncement) => void): Transport | undefined {
  if (typeof window === 'undefined') return undefined;
  const name = topic(clientID);
  const accept = (data: unknown) => {
    // Its own fields only: what a polluted Object.prototype holds is not what the other tab said.
    const message = isPlainObject(data) ? readOwn(data) : undefined;
    if (receive && isMessage(message, clientID)) receive(announcement(clientID, message, message.phase));
  };
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (message) => accept(message.data);
    return { post: (message) => channel.postMessage(message), close: () => channel.close() };
  }
  const onStorage = (event: StorageEvent) => {
    if (event.key !== name || !event.newValue) return;
    try {
      accept(JSON.parse(event.newValue)[0]);
    } catch {
      // Not ours: another script wrote the key.
    }
  };
  if (receive) {
    window.addEventListener('storage', onStorage);
    try {
      // WebKit sends `storage` events only to documents that have used localStorage themselves.
      window.localStorage.getItem(name);
    } catch {
      // Storage disabled: this tab cannot be told.
    }
  }
  return {
    post(message) {
      // A fresh nonce makes every write a change, which is what fires the event.
      window.localStorage.setItem(name, JSON.stringify([message, Math.random()]));
      window.localStorage.removeItem(name);
    },
    close: () => window.removeEventListener('storage', onStorage),
  };
}

/** One `onLogout` listener and the channel it listens on; removing it closes that channel. */
interface Subscription {
  readonly listener: LogoutListener;
  active: boolean;
}

// This page's listeners, by client ID, in subscription order; they are called before the page leaves.
const listenersByClient = new Map<string, Set<Subscription>>();

function call(subscription: Subscription, event: LogoutEvent): void {
  // Removed by an earlier listener of the same dispatch: not called, as with EventTarget.
  if (!subscription.active) return;
  try {
    subscription.listener(event);
  } catch (error) {
    // A failing listener must not stop the logout nor the other listeners; it is still reported.
    setTimeout(() => {
      throw error;
    });
  }
}

/** Calls `listener` for every logout of `clientID`, in this tab and in others; returns the unsubscribe function. */
export function subscribe(clientID: string, listener: LogoutListener): () => void {
  const subscription: Subscription = { listener, active: true };
  let listeners = listenersByClient.get(clientID);
  if (!listeners) listenersByClient.set(clientID, (listeners = new Set()));
  listeners.add(subscription);
  const transport = openTransport(clientID, (announcement) => call(subscription, { ...announcement, source: 'other-tab' }));
  return () => {
    if (!subscription.active) return;
    subscription.active = false;
    listeners.delete(subscription);
    if (listeners.size === 0 && listenersByClient.get(clientID) === listeners) listenersByClient.delete(clientID);
    transport?.close();
  };
}

/**
 * Tells this tab's listeners, then the other tabs, that a logout is starting
 * or has completed.
 * Never throws: a listener's failure, or a channel or storage the browser
 * refuses, must not keep the page from leaving.
 */
export function announceLogout(announcement: LogoutAnnouncement): void {
  const event: LogoutEvent = { ...announcement, source: 'this-tab' };
  // A copy: a listener added during the dispatch hears the next logout, not this one.
  for (const subscription of [...(listenersByClient.get(announcement.clientID) ?? [])]) call(subscription, event);
  try {
    const transport = openTransport(announcement.clientID);
    transport?.post({ ...announcement, tab: thisTab });
    transport?.close();
  } catch {
    // Storage disabled (private mode, quota) or the channel refused: other tabs cannot be told.
  }
}
