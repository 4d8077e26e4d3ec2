import type { LogoutEvent, LogoutListener, LogoutPhase, LogoutReason } from '../types/options';
import { isPlainObject, isReturnUrl, optionError, readOwn } from '../utils/checks';
import { reportLater } from '../utils/reportLater';
import { announcement, channelName, recentEndings, setThisPageListeners, thisPage, type LogoutAnnouncement } from './announce';
import { settingsOf, type WebAuth } from './WebAuth';

const PHASES: readonly unknown[] = ['started', 'completed', 'abandoned'];
const ABANDON_REASONS: readonly unknown[] = ['reload', 'history', 'navigated', 'popup_closed', 'timeout', 'open_url_failed', 'no_return'];
const LOGOUT_ID = /^[\w-]{1,64}$/;

/** A `reason` that fits the phase: `idle` on a running or completed logout, an abandonment's own on `abandoned`. */
const isReasonOf = (phase: unknown, reason: unknown) =>
  reason === undefined || (phase === 'abandoned' ? ABANDON_REASONS.includes(reason) : reason === 'idle');

/** A well-formed announcement of this client from another page; anything else on the channel is ignored. */
function isMessage(value: Record<string, unknown> | undefined, clientID: string): boolean {
  if (!value) return false;
  const { clientID: client, page, id, endpoint, returnTo, federated, phase, reason, revoked, backChannel } = value;
  // A listener may well send the user to `returnTo`: only a URL this SDK itself would have sent gets through.
  return (
    client === clientID &&
    page !== thisPage &&
    typeof id === 'string' &&
    LOGOUT_ID.test(id) &&
    (endpoint === 'v2' || endpoint === 'oidc') &&
    typeof federated === 'boolean' &&
    PHASES.includes(phase) &&
    isReasonOf(phase, reason) &&
    (revoked === undefined || typeof revoked === 'boolean') &&
    (returnTo === undefined || isReturnUrl(returnTo)) &&
    // A back-channel logout is only ever announced completed, with nothing to return to; its one reason is the
    // idle logout it may complete.
    (backChannel === undefined || (backChannel === true && phase === 'completed' && returnTo === undefined && (reason === undefined || reason === 'idle')))
  );
}

/** How the logout `id` ended, from the client's list of recent endings, when a page missed the message. */
function endingOf(clientID: string, id: string): [LogoutPhase, LogoutReason | undefined] | undefined {
  // Checked as strictly as a message: another script can write the list.
  for (const ending of recentEndings(clientID)) {
    const [endedId, phase, reason] = Array.isArray(ending) ? ending : [];
    if (endedId === id && phase !== 'started' && PHASES.includes(phase) && isReasonOf(phase, reason ?? undefined)) return [phase, reason ?? undefined];
  }
  return undefined;
}

/**
 * Listens to the other tabs of the origin: the client's `BroadcastChannel`
 * where the browser has it, else `storage` events of its key. Nothing
 * without a `window`, so server-side rendering opens no channel that would
 * keep Node's event loop alive.
 *
 * @returns what stops listening.
 */
function listenToOtherTabs(clientID: string, receive: (data: unknown) => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const name = channelName(clientID);
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (message) => receive(message.data);
    return () => channel.close();
  }
  const onStorage = (event: StorageEvent) => {
    if (event.key !== name || !event.newValue) return;
    try {
      receive(JSON.parse(event.newValue)[0]);
    } catch {
      // Not ours: another script wrote the key.
    }
  };
  window.addEventListener('storage', onStorage);
  try {
    // WebKit sends `storage` events only to documents that have used localStorage themselves.
    window.localStorage.getItem(name);
  } catch {
    // Storage disabled: this tab cannot be told.
  }
  return () => window.removeEventListener('storage', onStorage);
}

/** Logouts a subscription remembers having ended, so a late or repeated message says nothing twice. */
const ENDED_KEPT = 32;

/**
 * One `onLogout` listener, with everything it owns: the channel it listens
 * on, a deadline for each logout it heard start, and a look at the recent
 * endings when its page comes back from the back/forward cache. `close()`
 * ends all of them.
 *
 * It holds the lifecycle's promise for its listener: after `started`,
 * exactly one of `completed` or `abandoned`, never both, never twice. An end
 * it never heard start is told too (once): the page a tab reloaded, or came
 * back to, must learn how that tab's logout ended.
 */
class Subscription {
  active = true;
  /** Logouts heard starting and not yet ended, with the `started` event and its deadline. */
  private readonly running = new Map<string, { event: LogoutEvent; deadline: ReturnType<typeof setTimeout> }>();
  private readonly ended: string[] = [];
  private readonly stopListening: () => void;

  constructor(
    private readonly clientID: string,
    private readonly listener: LogoutListener,
    private readonly abandonAfterMs: number,
  ) {
    this.stopListening = listenToOtherTabs(clientID, (data) => {
      // Its own fields only: what a polluted Object.prototype holds is not what the other tab said.
      const message = isPlainObject(data) ? readOwn(data) : undefined;
      if (isMessage(message, clientID)) {
        const { phase, reason, backChannel } = message as unknown as LogoutAnnouncement;
        this.deliver({ ...announcement(clientID, message as unknown as LogoutAnnouncement, phase, reason), source: backChannel ? 'back-channel' : 'other-tab' });
      }
    });
    if (typeof window !== 'undefined') window.addEventListener('pageshow', this.onPageShow);
  }

  deliver(event: LogoutEvent): void {
    const { id, phase } = event;
    if (!this.active || this.ended.includes(id)) return;
    const running = this.running.get(id);
    if (phase === 'started') {
      if (running) return;
      this.running.set(id, { event, deadline: setTimeout(() => this.giveUp(id), this.abandonAfterMs) });
    } else {
      if (running) clearTimeout(running.deadline);
      this.running.delete(id);
      this.ended.push(id);
      if (this.ended.length > ENDED_KEPT) this.ended.shift();
    }
    try {
      this.listener(event);
    } catch (error) {
      // A failing listener must not stop the logout nor the other listeners; it is still reported.
      reportLater(error);
    }
  }

  close(): void {
    if (!this.active) return;
    this.active = false;
    for (const { deadline } of this.running.values()) clearTimeout(deadline);
    this.running.clear();
    this.stopListening();
    if (typeof window !== 'undefined') window.removeEventListener('pageshow', this.onPageShow);
  }

  /** The end of a running logout as the recent endings know it, if they do. */
  private endFromRecord(id: string): boolean {
    const ending = endingOf(this.clientID, id);
    const running = this.running.get(id);
    if (!ending || !running) return false;
    const [phase, reason] = ending;
    this.deliver({ ...running.event, phase, reason: phase === 'abandoned' ? reason : running.event.reason });
    return true;
  }

  /** No word within the deadline: the message may have been missed, else the logout did not come back. */
  private giveUp(id: string): void {
    const running = this.running.get(id);
    if (running && !this.endFromRecord(id)) this.deliver({ ...running.event, phase: 'abandoned', reason: 'no_return' });
  }

  /** Back from the back/forward cache, where messages may have been dropped: catch up on what ended meanwhile. */
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) for (const id of [...this.running.keys()]) this.endFromRecord(id);
  };
}

// This page's subscriptions, by client ID, in subscription order; they hear this page's own logouts first.
const subscriptionsByClient = new Map<string, Set<Subscription>>();

function tellThisPage({ backChannel, ...announcement }: LogoutAnnouncement): void {
  // A copy: a listener added during the dispatch hears the next logout, not this one.
  for (const subscription of [...(subscriptionsByClient.get(announcement.clientID) ?? [])]) {
    subscription.deliver({ ...announcement, source: backChannel ? 'back-channel' : 'this-tab' });
  }
}

/**
 * Calls `listener` for every logout of this application: in this tab
 * (`source: 'this-tab'`, before the page leaves, and on the page it comes
 * back to) and in its other tabs of the same origin (`source: 'other-tab'`),
 * over `BroadcastChannel` or, where it is missing, `storage` events; and,
 * with `watchBackChannelLogout`, once when the app's server hears that Auth0
 * ended the session (`source: 'back-channel'`, `phase: 'completed'`).
 *
 * For each logout it hears start, the listener then hears exactly one of
 * `completed` or `abandoned`, never both and never twice; when nothing comes
 * within the instance's `abandonAfterMs` (five minutes by default), it hears
 * `abandoned` with `reason: 'no_return'`.
 *
 * @param webAuth - the application's client.
 * @param listener - called with each {@link LogoutEvent}; what it throws is reported, never stops a logout.
 * @returns a function that removes the listener and closes what it listened on.
 * @throws {@link WebAuthError} when `webAuth` is not an instance or `listener` not a function.
 */
export function onLogout(webAuth: WebAuth, listener: LogoutListener): () => void {
  const { config } = settingsOf(webAuth);
  if (typeof listener !== 'function') throw optionError('invalid_option', 'listener', 'a function', listener, 'onLogout listener is not valid');
  const { clientID } = config;
  setThisPageListeners(tellThisPage);
  const subscription = new Subscription(clientID, listener, config.abandonAfterMs);
  let subscriptions = subscriptionsByClient.get(clientID);
  if (!subscriptions) subscriptionsByClient.set(clientID, (subscriptions = new Set()));
  subscriptions.add(subscription);
  return () => {
    subscription.close();
    subscriptions.delete(subscription);
    if (subscriptions.size === 0 && subscriptionsByClient.get(clientID) === subscriptions) subscriptionsByClient.delete(clientID);
  };
}
