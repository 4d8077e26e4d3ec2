import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import type { BackChannelWatch, BackChannelWatchOptions } from '../types/options';
import { assertOptional, isPlainObject, optionError, readOwn } from '../utils/checks';
import { announceLogout } from './announce';
import { idleKey } from './idle';
import { settingsOf, type WebAuth } from './WebAuth';

/** The options `watchBackChannelLogout` knows; any other key is a mistake caught at the call. */
const KNOWN_OPTIONS: readonly string[] = ['url', 'withCredentials'];
/** The first wait before reopening a stream the browser gave up on, and the longest. */
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** `EventSource.CLOSED`: the browser will not reconnect by itself. */
const CLOSED = 2;
/** An id an `onLogout` listener accepts: what the stream's event id and the session's `sid` must fit. */
const EVENT_ID = /^[\w-]{1,61}$/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

interface ParsedBackChannelOptions {
  readonly url: string;
  readonly withCredentials: boolean;
}

/** Whether `value` is a `URL`; asked safely, `instanceof` on a Proxy can throw. */
function isUrlObject(value: unknown): value is URL {
  try {
    return typeof URL === 'function' && value instanceof URL;
  } catch {
    return false;
  }
}

function parseBackChannelOptions(webAuth: WebAuth, options: unknown): ParsedBackChannelOptions {
  settingsOf(webAuth);
  if (!isPlainObject(options)) throw optionError('invalid_options', 'options', 'an object such as { url: "/auth/events" }', options, 'options parameter is not valid');
  const own = readOwn(options);
  for (const key of Object.keys(own)) {
    if (!KNOWN_OPTIONS.includes(key)) throw optionError('invalid_options', key, `one of ${KNOWN_OPTIONS.join(', ')}`, key, `${key.slice(0, 60)} is not an option of watchBackChannelLogout`);
  }
  const { url, withCredentials = false } = own;
  const text = isUrlObject(url) ? url.href : url;
  if (typeof text !== 'string' || text === '' || CONTROL_CHARACTER.test(text)) {
    throw optionError('invalid_option', 'url', 'the URL of the event stream, a string or a URL such as "/auth/events"', url);
  }
  assertOptional('withCredentials', withCredentials, (value) => typeof value === 'boolean', 'true or false');
  return { url: text, withCredentials: withCredentials as boolean };
}

/** The stream's URL, resolved against the page: only `http:` and `https:` streams. */
function resolveStreamUrl(url: string): string {
  let resolved: URL | undefined;
  try {
    resolved = new URL(url, window.location.href);
  } catch {
    // Reported below.
  }
  if (!resolved || (resolved.protocol !== 'http:' && resolved.protocol !== 'https:')) {
    throw optionError('invalid_option', 'url', 'an http(s) URL of the event stream, absolute or relative to the page', url);
  }
  return resolved.href;
}

/** The `sid` of a `logout` event's data, when it is JSON that has one. */
function sidOf(data: unknown): unknown {
  try {
    const parsed: unknown = typeof data === 'string' ? JSON.parse(data) : undefined;
    return isPlainObject(parsed) ? readOwn(parsed).sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The logout's id, the same in every tab that hears it: from the stream's
 * event id (its position, the same in every stream of the session), else the
 * session's `sid`, else a random one (which only the holder announces).
 */
function logoutIdOf(event: MessageEvent): string {
  const sid = sidOf(event.data);
  if (typeof event.lastEventId === 'string' && EVENT_ID.test(event.lastEventId)) return `bc-${event.lastEventId}`;
  if (typeof sid === 'string' && EVENT_ID.test(sid)) return `bc-${sid}`;
  return `bc-${Math.random().toString(16).slice(2)}`;
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
    const saved = window.localStorage.getItem(key);
    const shared: unknown = saved === null ? undefined : JSON.parse(saved);
    if (!isPlainObject(shared)) return;
    const { deadline } = readOwn(shared);
    if (typeof deadline === 'number') window.localStorage.setItem(key, JSON.stringify({ deadline, loggedOut: true }));
  } catch {
    // Storage refused: an idle watch finds out from its own logout's end.
  }
}

/**
 * One tab's part of the back-channel watch: its place in the queue for the
 * Web Lock, the stream while it holds the lock, the timer of a reopening,
 * and `stop()` that ends all of them.
 */
class BackChannelWatcher implements BackChannelWatch {
  private stopped = false;
  private source: EventSource | undefined;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reopenings since the stream was last open: the next wait doubles with each. */
  private failures = 0;
  /** Ends the lock's hold, when this tab holds it. */
  private release: (() => void) | undefined;
  private readonly queue = typeof AbortController === 'function' ? new AbortController() : undefined;

  constructor(
    private readonly clientID: string,
    private readonly url: string,
    private readonly withCredentials: boolean,
  ) {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) {
      this.open();
      return;
    }
    const hold = () =>
      new Promise<void>((resolve) => {
        this.release = resolve;
        if (this.stopped) resolve();
        else this.open();
      });
    // The browser releases the lock when the holder's page goes away; the next tab in the queue then opens the stream.
    locks.request(`webauth-logout:back-channel:${clientID}`, { signal: this.queue?.signal }, hold).catch(() => {
      // Aborted by stop() before this tab held the lock: nothing to undo.
    });
  }

  stop = (): void => {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.reopenTimer);
    this.source?.close();
    this.source = undefined;
    this.release?.();
    this.queue?.abort();
  };

  private open(): void {
    if (this.stopped) return;
    const source = new EventSource(this.url, { withCredentials: this.withCredentials });
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
    });
    source.addEventListener('logout', (event) => this.onLogout(event as MessageEvent));
    // On a network error the browser reconnects by itself after the stream's `retry:`; only a stream it gave up on is reopened here.
    source.addEventListener('error', () => {
      if (source.readyState === CLOSED && this.source === source) this.reopenLater();
    });
  }

  /** Reopens after a wait that doubles with each failure, from 1 s up to 30 s, jittered so tabs and browsers do not come back together. */
  private reopenLater(): void {
    this.source?.close();
    this.source = undefined;
    const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.failures);
    this.failures += 1;
    this.reopenTimer = setTimeout(() => this.open(), ceiling / 2 + Math.random() * (ceiling / 2));
  }

  /**
   * Auth0 ended the session: every tab hears it once, completed. The stream
   * is closed, the session it watched being over; this tab keeps the lock,
   * so no other tab opens a stream for it. A watch for the next session is
   * a new call (after `stop()`).
   */
  private onLogout(event: MessageEvent): void {
    this.source?.close();
    this.source = undefined;
    endIdleDeadline(this.clientID);
    announceLogout({ id: logoutIdOf(event), clientID: this.clientID, endpoint: 'oidc', federated: false, phase: 'completed', backChannel: true });
  }
}

/**
 * Tells every tab of the origin and application when Auth0 ends the session
 * elsewhere (another device, an admin, another app's logout): the app's
 * server receives Auth0's logout token (OpenID Connect Back-Channel Logout
 * 1.0, `webauth-logout/back-channel`) and serves an event stream of the
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
 * A back-channel logout also marks `watchIdle`'s shared deadline of the
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
    throw new WebAuthError('no_window', 'watchBackChannelLogout needs a browser window with EventSource: start it in the browser, e.g. in an effect, not during server-side rendering');
  }
  const url = resolveStreamUrl(parsed.url);
  return new BackChannelWatcher(settingsOf(webAuth).config.clientID, url, parsed.withCredentials);
}
