import type { LogoutEvent } from '../types/options';

/**
 * What crosses to other tabs: the event without its `source`, which each tab
 * sets for itself, `back-channel` when `backChannel` is set, else
 * `this-tab` or `other-tab`.
 */
export type LogoutAnnouncement = Omit<LogoutEvent, 'source'> & { backChannel?: true };

/** An announcement as it travels, marked with the page that sent it. */
export interface LogoutMessage extends LogoutAnnouncement {
  readonly page: string;
}

/**
 * This document's mark. A subscription's channel also hears announcements
 * made by this page through another channel object; the mark tells them
 * apart, so a page never hears its own logout as another tab's. A
 * pending-logout record carries it too, so a page knows the logouts it
 * started itself from those an earlier page of the tab started.
 */
export const thisPage = Math.random().toString(36).slice(2);

export const channelName = (clientID: string) => `webauth-logout:${clientID}`;

/** The `localStorage` key of the client's recently ended logouts, which a tab that missed a message reads. */
export const endingsKey = (clientID: string) => `webauth-logout:ended:${clientID}`;

/** How many ended logouts are remembered: enough for every tab's recent logouts, never a growing list. */
const ENDINGS_KEPT = 8;

/**
 * Posts to the other tabs of the origin: on the client's `BroadcastChannel`
 * where the browser has it, else as a `localStorage` write, which fires a
 * `storage` event in the other tabs. Nothing without a `window`.
 */
function postToOtherTabs(message: LogoutMessage): void {
  if (typeof window === 'undefined') return;
  const name = channelName(message.clientID);
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    channel.postMessage(message);
    channel.close();
    return;
  }
  // A fresh nonce makes every write a change, which is what fires the event.
  window.localStorage.setItem(name, JSON.stringify([message, Math.random()]));
  window.localStorage.removeItem(name);
}

/** This page's `onLogout` subscriptions, told of its own logouts first; set once the page subscribes. */
let tellThisPage: ((announcement: LogoutAnnouncement) => void) | undefined;

export function setThisPageListeners(dispatch: (announcement: LogoutAnnouncement) => void): void {
  tellThisPage = dispatch;
}

/**
 * The client's list of recently ended logouts, `[id, phase, reason]` entries
 * as stored, unchecked: empty when storage is refused or holds something
 * else (another script can write it).
 */
export function recentEndings(clientID: string): unknown[] {
  try {
    const endings: unknown = JSON.parse(window.localStorage.getItem(endingsKey(clientID)) ?? '[]');
    return Array.isArray(endings) ? endings : [];
  } catch {
    return [];
  }
}

/**
 * Adds an ended logout to the client's short list in `localStorage`, so that
 * a tab that was frozen or asleep when the message went out learns how the
 * logout it heard start really ended.
 */
function rememberEnding(clientID: string, { id, phase, reason }: LogoutAnnouncement): void {
  const kept = recentEndings(clientID).slice(-(ENDINGS_KEPT - 1));
  window.localStorage.setItem(endingsKey(clientID), JSON.stringify([...kept, [id, phase, reason ?? null]]));
}

/**
 * Whether the logout `id` is on the client's list of recent endings: its end
 * has been told already (a back-channel logout may end a logout before its
 * trip comes back), so no other end is announced for it.
 */
export function wasEnded(clientID: string, id: string): boolean {
  return recentEndings(clientID).some((ending) => Array.isArray(ending) && ending[0] === id);
}

/**
 * Tells this page's listeners, then the other tabs, that a logout started,
 * completed or was abandoned.
 * Never throws: a listener's failure, or a channel or storage the browser
 * refuses, must not keep the page from leaving.
 */
export function announceLogout(announcement: LogoutAnnouncement): void {
  tellThisPage?.(announcement);
  try {
    if (announcement.phase !== 'started') rememberEnding(announcement.clientID, announcement);
  } catch {
    // Storage disabled or full: tabs that miss the message fall back on their deadline.
  }
  try {
    postToOtherTabs({ ...announcement, page: thisPage });
  } catch {
    // Storage disabled (private mode, quota) or the channel refused: other tabs cannot be told.
  }
}

/** What a logout's events say about it, whichever phase. */
export type LogoutFacts = Pick<LogoutAnnouncement, 'id' | 'endpoint' | 'returnTo' | 'federated' | 'revoked' | 'reason'>;

/**
 * An announcement of exactly these fields: `revoked` only when the logout
 * asked to revoke (a boolean); `reason` the logout's own (`idle`) while it
 * runs, and why it was abandoned once it is. A message from another tab is
 * rebuilt with it, so nothing else it carried reaches a listener.
 */
export function announcement(
  clientID: string,
  facts: LogoutFacts,
  phase: LogoutAnnouncement['phase'],
  abandonedBecause?: LogoutAnnouncement['reason'],
): LogoutAnnouncement {
  const { id, endpoint, returnTo, federated, revoked } = facts;
  const made: LogoutAnnouncement = { id, clientID, endpoint, returnTo, federated, phase };
  const reason = phase === 'abandoned' ? abandonedBecause : facts.reason;
  if (reason) made.reason = reason;
  if (typeof revoked === 'boolean') made.revoked = revoked;
  return made;
}
