import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import type { BackChannelWatch, BackChannelWatchOptions, LogoutEvent } from '../types/options';
import { assertOptional, isNonEmptyString, isPlainObject, optionError, readOwn } from '../utils/checks';
import { announceLogout, announcement } from './announce';
import { idleKey } from './idle';
import { onLogout } from './onLogout';
import { settingsOf, type WebAuth } from './WebAuth';

/** The first wait before reopening a stream the browser gave up on, and the longest. */
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** `EventSource.CLOSED`: the browser will not reconnect by itself. */
const CLOSED = 2;
/** An id an `onLogout` listener accepts: what the stream's event id and the session's `sid` must fit. */
const EVENT_ID = /^[\w-]{1,61}$/;
/** The `sid` of a `logout` event's data (`{"sid":"…",…}`), when it fits an id. */
const SID = /"sid":"([\w-]{1,61})"/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

interface ParsedBackChannelOptions {
  readonly url: string;
  readonly withCredentials: boolean;
}

/** Reads the options once; a `URL` becomes its `href`. What throws while read (a getter, a Proxy) `guard` turns into `invalid_options`. */
function parseBackChannelOptions(webAuth: WebAuth, options: unknown): ParsedBackChannelOptions {
  settingsOf(webAuth);
  if (!isPlainObject(options)) throw optionError('invalid_options', 'options', 'an object such as { url }', options, 'options parameter is not valid');
  const own = readOwn(options);
  for (const key in own) if (key !== 'url' && key !== 'withCredentials') throw optionError('invalid_options', key, 'url or withCredentials', key, 'unknown option');
  const { url, withCredentials = false } = own;
  const text = url instanceof URL ? url.href : url;
  if (!isNonEmptyString(text) || CONTROL_CHARACTER.test(text)) throw optionError('invalid_option', 'url', 'an http(s) URL of the event stream', url);
  assertOptional('withCredentials', withCredentials, (value) => typeof value === 'boolean', 'true or false');
  return { url: text, withCredentials: withCredentials as boolean };
}

/**
 * The logout's id, the same in every tab that hears it: from the stream's
 * event id (its position, the same in every stream of the session), else the
 * session's `sid`, else a random one (which only the holder announces).
 */
function logoutIdOf({ lastEventId, data }: MessageEvent): string {
  const sid = SID.exec(data);
  return `bc-${EVENT_ID.test(lastEventId) ? lastEventId : (sid?.[1] ?? Math.random().toString(16).slice(2))}`;
}

/**
 * An idle watch of the same client must not log out a session that has
 * already ended: the shared deadline is marked logged out, as the tab whose
 * deadline passed marks it, and every tab's `watchIdle` stops. Only an idle
 * deadline that exists is marked: an app without `watchIdle` stores nothing.
 */
function endIdleDeadline(clientID: string): void {
  try {
    const key = idleKey(clientID);
    const deadline: unknown = JSON.parse(window.localStorage.getItem(key) ?? 'null')?.deadline;
    if (typeof deadline === 'number') window.localStorage.setItem(key, JSON.stringify({ deadline, loggedOut: true }));
  } catch {
    // Storage refused: an idle watch finds out from its own logout's end.
  }
}

/**
 * One tab's part of the back-channel watch, owning its place in the queue
 * for the Web Lock, the stream while it holds the lock, and the timer of a
 * reopening: `stop()` ends all of them. (A closure rather than a class: the
 * full script tag carries it, and closures minify smaller.)
 *
 * Auth0 ended the session: every tab hears it once, completed. The stream
 * is then closed, the session it watched being over, and this tab keeps the
 * lock, so no other tab opens a stream for it; a watch for the next session
 * is a new call (after `stop()`).
 */
function startWatch(webAuth: WebAuth, url: string, withCredentials: boolean): BackChannelWatch {
  const { clientID } = settingsOf(webAuth).config;
  let stopped = false;
  let source: EventSource | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reopenings since a stream was last open: the next wait doubles with each. */
  let failures = 0;
  /** Ends the lock's hold, when this tab holds it. */
  let release: (() => void) | undefined;
  const queue = new AbortController();
  const close = () => {
    source?.close();
    source = undefined;
  };
  /**
   * The logouts of this browser under way: heard start in any tab, not yet
   * ended. Every tab keeps this, holder or not, since the lock may come to a
   * tab after the logout started (the holder may be the tab that left).
   */
  const underWay = new Map<string, LogoutEvent>();
  /**
   * A logout of this browser completed: the session the stream watches is
   * over, and Auth0's logout token for it, when it comes, is that logout
   * again. The stream closes and no tab opens another.
   */
  let sessionEnded = false;
  const stopListening = onLogout(webAuth, (event) => {
    if (event.phase === 'started') underWay.set(event.id, event);
    else underWay.delete(event.id);
    if (event.phase !== 'completed') return;
    sessionEnded = true;
    clearTimeout(reopenTimer);
    close();
  });
  const open = () => {
    if (stopped || sessionEnded) return;
    const opened = (source = new EventSource(url, { withCredentials }));
    opened.addEventListener('open', () => {
      failures = 0;
    });
    opened.addEventListener('logout', (event) => {
      close();
      endIdleDeadline(clientID);
      // A logout of this browser under way is what ended the session: its end, once, rather than a second logout.
      // A back-channel end carries no return URL, nor the revocation the page that left made.
      const latest = [...underWay.values()].pop();
      const facts = latest ? { ...latest, returnTo: undefined, revoked: undefined } : { id: logoutIdOf(event as MessageEvent), endpoint: 'oidc' as const, federated: false };
      announceLogout({ ...announcement(clientID, facts, 'completed'), backChannel: true });
    });
    // On a network error the browser reconnects by itself after the stream's `retry:`; only a stream it gave up
    // on is reopened here, after 1 s, then twice as long each time up to 30 s, jittered so tabs and browsers
    // do not all come back at once.
    opened.addEventListener('error', () => {
      if (opened.readyState !== CLOSED || source !== opened) return;
      close();
      const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** failures++);
      reopenTimer = setTimeout(open, ceiling / 2 + Math.random() * (ceiling / 2));
    });
  };
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  // The browser releases the lock when the holder's page goes away; the next tab in the queue then opens the stream.
  if (locks) {
    locks
      .request(`webauth-logout:back-channel:${clientID}`, { signal: queue.signal }, () => new Promise<void>((resolve) => ((release = resolve), stopped ? resolve() : open())))
      .catch(() => {
        // Aborted by stop() before this tab held the lock: nothing to undo.
      });
  } else open();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      stopListening();
      clearTimeout(reopenTimer);
      close();
      release?.();
      queue.abort();
    },
  };
}

/**
 * Tells every tab of the origin and application when Auth0 ends the session
 * elsewhere (another device, an admin, another app's logout): the app's
 * server receives Auth0's logout token (OpenID Connect Back-Channel Logout
 * 1.0, with this package's server entry) and serves an event stream of the
 * session, which one tab of the browser holds. Its `logout` event reaches
 * every `onLogout` listener of every tab, the holder's included, exactly
 * once: `phase: 'completed'`, `source: 'back-channel'`, `endpoint: 'oidc'`,
 * `federated: false`, no `returnTo`, an `id` the same in every tab.
 *
 * One stream per browser: the tabs elect a holder with the Web Locks API; the
 * others wait in its queue, and when the holder closes the browser releases
 * its lock and the next tab opens the stream. Without `navigator.locks`
 * every tab opens its own stream (their events share the stream's id, so a
 * listener still hears one). A stream that fails on the network reconnects
 * after its `retry:`; one the browser gives up on (an error status) is
 * reopened after 1 s, then twice as long each time up to 30 s, jittered.
 *
 * When a logout of this browser is under way (a tab left for Auth0, an
 * idle logout, a popup), the logout token is that logout reaching Auth0:
 * the event is then that logout's end, with its `id`, `endpoint`,
 * `federated` and `reason`, so a listener hears one end, not two. Once a
 * logout of this browser has completed, the watched session is over: the
 * stream closes, and the token that follows is not announced again. A
 * back-channel logout also marks `watchIdle`'s shared deadline of the
 * client as logged out, so that no tab's idle watch logs out the ended
 * session again.
 *
 * @param webAuth - the application's client.
 * @param options - `url` of the event stream (absolute, or relative to the page), `withCredentials`.
 * @returns this tab's part: `stop()` closes its stream or leaves the queue.
 * @throws {@link WebAuthError} when an option is not valid or unknown (nothing is started), or `no_window`
 *   without a browser window that has `EventSource`.
 */
export function watchBackChannelLogout(webAuth: WebAuth, options: BackChannelWatchOptions): BackChannelWatch {
  const parsed = guard('watchBackChannelLogout(webAuth, options)', () => parseBackChannelOptions(webAuth, options));
  if (typeof window === 'undefined' || typeof EventSource !== 'function') {
    throw new WebAuthError('no_window', 'watchBackChannelLogout needs a browser window: start it in the browser, e.g. in an effect, not during server-side rendering');
  }
  let url: URL | undefined;
  try {
    url = new URL(parsed.url, window.location.href);
  } catch {
    // Refused below.
  }
  if (!url || !/^https?:$/.test(url.protocol)) throw optionError('invalid_option', 'url', 'an http(s) URL of the event stream', parsed.url);
  return startWatch(webAuth, url.href, parsed.withCredentials);
}
