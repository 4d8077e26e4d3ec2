import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import type { IdleOptions, IdleWatch } from '../types/options';
import { assertOptional, isPlainObject, isTimeoutMs, optionError, readOwn } from '../utils/checks';
import { logoutDeparture } from './departure';
import { asIdleLogout } from './leave';
import { settingsOf, type WebAuth } from './WebAuth';
import { reportLater } from '../utils/reportLater';

/** What counts as the user being there, unless the app says otherwise. */
const DEFAULT_ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'visibilitychange'];
/** Events after which a page that slept (a hidden tab, a closed laptop) looks at the clock at once. */
const WAKE_EVENTS = ['visibilitychange', 'focus', 'pageshow'];
/** Activity is told to the other tabs at most this often: a mouse storm is one message a second, not hundreds. */
const ANNOUNCE_INTERVAL_MS = 1000;
/** The longest a running tab waits before looking at the clock again: a deadline is never missed by more. */
const TICK_MS = 1000;

/** The `localStorage` key of the deadline every tab of the application agrees on. */
export const idleKey = (clientID: string) => `webauth-logout:idle:${clientID}`;

/** The deadline every tab of the application agrees on, as `localStorage` keeps it. */
interface SharedDeadline {
  /** When the session ends without activity, in ms since the epoch. */
  readonly deadline: number;
  /** Set by the one tab that logs out when this deadline passes: the others do not. */
  readonly loggedOut?: boolean;
}

interface ParsedIdleOptions {
  readonly timeoutMs: number;
  readonly warnBeforeMs: number;
  readonly onWarn: ((remainingMs: number) => void) | undefined;
  readonly onActive: (() => void) | undefined;
  readonly logout: () => unknown;
  readonly events: readonly string[];
  readonly crossTab: boolean;
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

function parseIdleOptions(webAuth: WebAuth, options: unknown): ParsedIdleOptions {
  const { config } = settingsOf(webAuth);
  if (!isPlainObject(options)) throw optionError('invalid_options', 'options', 'an object such as { timeoutMs }', options, 'options parameter is not valid');
  const { timeoutMs, warnBeforeMs = 0, onWarn, onActive, logout, events = DEFAULT_ACTIVITY_EVENTS, crossTab = true } = readOwn(options);
  if (!isTimeoutMs(timeoutMs)) throw optionError('invalid_option', 'timeoutMs', 'a number of milliseconds above 0', timeoutMs);
  assertOptional('warnBeforeMs', warnBeforeMs, (value) => typeof value === 'number' && value >= 0 && value < timeoutMs, `a number of milliseconds from 0 to below timeoutMs (${timeoutMs})`);
  assertOptional('onWarn', onWarn, isFunction, 'a function');
  assertOptional('onActive', onActive, isFunction, 'a function');
  assertOptional('crossTab', crossTab, (value) => typeof value === 'boolean', 'true or false');
  const eventList = Array.isArray(events) ? Array.from(events as unknown[]) : undefined;
  if (!eventList || !eventList.every((name) => typeof name === 'string' && name !== '')) {
    throw optionError('invalid_option', 'events', 'an array of DOM event names', events);
  }
  let leave: () => unknown;
  if (isFunction(logout)) leave = () => asIdleLogout(logout);
  else if (logout === undefined || isPlainObject(logout)) {
    // Checked now, so a bad option fails at the call, not when the deadline passes.
    const checked = logout === undefined ? undefined : readOwn(logout);
    logoutDeparture(config, checked);
    leave = () => asIdleLogout(() => webAuth.logout(checked));
  } else throw optionError('invalid_option', 'logout', 'logout options or a function that logs out', logout);
  return {
    timeoutMs,
    warnBeforeMs: warnBeforeMs as number,
    onWarn: onWarn as ParsedIdleOptions['onWarn'],
    onActive: onActive as ParsedIdleOptions['onActive'],
    logout: leave,
    events: eventList as string[],
    crossTab: crossTab as boolean,
  };
}

/** Calls an app's callback; its failure is reported, never allowed to stop the watch. */
function callSafely(callback: (() => unknown) | undefined): void {
  try {
    const result = callback?.();
    if (result instanceof Promise) result.catch(reportLater);
  } catch (error) {
    reportLater(error);
  }
}

/**
 * One tab's watch over the inactivity deadline: it owns its listeners, its
 * timer and its share of the deadline, and `stop()` ends all three.
 */
class IdleWatcher implements IdleWatch {
  private deadline: number;
  private warned = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAnnounced = -Infinity;
  private readonly key: string;

  constructor(
    clientID: string,
    private readonly options: ParsedIdleOptions,
  ) {
    this.key = idleKey(clientID);
    const now = Date.now();
    const shared = options.crossTab ? this.readShared() : undefined;
    // A tab that joins adopts the deadline the others keep; a passed or missing one starts afresh, the user being here now.
    this.deadline = shared && shared.deadline > now && !shared.loggedOut ? shared.deadline : now + options.timeoutMs;
    if (!shared || shared.deadline !== this.deadline) this.announce();
    for (const name of options.events) window.addEventListener(name, this.onActivity, { capture: true, passive: true });
    for (const name of WAKE_EVENTS) window.addEventListener(name, this.onWake, { capture: true, passive: true });
    if (options.crossTab) window.addEventListener('storage', this.onShared);
    this.schedule();
  }

  stop = (): void => {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.announceTimer);
    for (const name of this.options.events) window.removeEventListener(name, this.onActivity, { capture: true });
    for (const name of WAKE_EVENTS) window.removeEventListener(name, this.onWake, { capture: true });
    window.removeEventListener('storage', this.onShared);
  };

  reset = (): void => {
    if (!this.stopped) this.recordActivity(true);
  };

  remaining = (): number => (this.stopped ? 0 : Math.max(0, this.deadline - Date.now()));

  private readonly onActivity = (event: Event): void => {
    // Coming back to a hidden tab counts; leaving it does not.
    if (event.type === 'visibilitychange' && document.visibilityState !== 'visible') return;
    this.recordActivity(false);
  };

  private readonly onWake = (): void => this.check();

  /** Another tab moved the deadline (or logged out): adopt what it wrote. */
  private readonly onShared = (event: StorageEvent): void => {
    if (event.key !== this.key || this.stopped) return;
    const shared = this.readShared();
    if (!shared) return;
    if (shared.loggedOut) return this.stop();
    if (shared.deadline > this.deadline) {
      this.deadline = shared.deadline;
      this.withdrawWarning();
      this.schedule();
    }
  };

  /** Activity here: the deadline moves for every tab, unless it has already passed. */
  private recordActivity(announceAtOnce: boolean): void {
    // A deadline that passed while the page slept is not revived by the first movement after waking.
    if (this.hasEnded()) return;
    this.deadline = Date.now() + this.options.timeoutMs;
    this.withdrawWarning();
    this.schedule();
    const wait = this.lastAnnounced + ANNOUNCE_INTERVAL_MS - Date.now();
    if (announceAtOnce || wait <= 0) this.announce();
    else this.announceTimer ??= setTimeout(() => this.announce(), wait);
  }

  private withdrawWarning(): void {
    if (!this.warned || this.deadline - Date.now() <= this.options.warnBeforeMs) return;
    this.warned = false;
    callSafely(this.options.onActive);
  }

  /** Writes this tab's deadline for the others, who hear it as a `storage` event. */
  private announce(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    this.lastAnnounced = Date.now();
    if (this.options.crossTab) this.writeShared({ deadline: this.deadline });
  }

  /** Whether the watch is over: stopped, logged out by another tab, or past its deadline (then this tab tries to log out). */
  private hasEnded(): boolean {
    if (this.stopped) return true;
    const shared = this.options.crossTab ? this.readShared() : undefined;
    if (shared?.loggedOut) {
      this.stop();
      return true;
    }
    // A later deadline another tab wrote, whose storage event has not arrived yet.
    if (shared && shared.deadline > this.deadline) this.deadline = shared.deadline;
    if (this.deadline > Date.now()) return false;
    this.expire();
    return true;
  }

  /** Looks at the clock: logs out once the deadline has passed, warns when it is near. */
  private check(): void {
    if (this.hasEnded()) return;
    const remaining = this.deadline - Date.now();
    if (remaining <= this.options.warnBeforeMs && !this.warned) {
      this.warned = true;
      const { onWarn } = this.options;
      callSafely(onWarn && (() => onWarn(remaining)));
    } else this.withdrawWarning();
    this.schedule();
  }

  /** The deadline passed: exactly one tab logs out, the one that marks the deadline as its own first. */
  private expire(): void {
    const deadline = this.deadline;
    this.stop();
    const claim = () => {
      const shared = this.options.crossTab ? this.readShared() : undefined;
      if (shared?.loggedOut || (shared && shared.deadline > deadline)) return;
      if (this.options.crossTab) this.writeShared({ deadline, loggedOut: true });
      callSafely(this.options.logout);
    };
    // The Web Locks API makes the check and the mark one step across tabs; without it, a same-task check and write.
    const locks = this.options.crossTab ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
    if (locks) void locks.request(`${this.key}:logout`, claim).catch(claim);
    else claim();
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const remaining = this.deadline - Date.now();
    const nextEvent = remaining > this.options.warnBeforeMs && this.options.warnBeforeMs > 0 ? remaining - this.options.warnBeforeMs : remaining;
    this.timer = setTimeout(() => this.check(), Math.max(0, Math.min(nextEvent, TICK_MS)));
  }

  private readShared(): SharedDeadline | undefined {
    try {
      const saved = window.localStorage.getItem(this.key);
      const parsed: unknown = saved === null ? undefined : JSON.parse(saved);
      if (!isPlainObject(parsed)) return undefined;
      const { deadline, loggedOut } = readOwn(parsed);
      return typeof deadline === 'number' && Number.isFinite(deadline) ? { deadline, loggedOut: loggedOut === true } : undefined;
    } catch {
      return undefined;
    }
  }

  private writeShared(shared: SharedDeadline): void {
    try {
      window.localStorage.setItem(this.key, JSON.stringify(shared));
    } catch {
      // Storage refused: this tab keeps its own deadline.
    }
  }
}

/**
 * Logs out after `timeoutMs` of inactivity, with one deadline for every tab
 * of the origin and application: activity in any tab pushes it for all, the
 * warning shows and is withdrawn in all, and when it passes exactly one tab
 * logs out (through `webAuth.logout`, so listeners, phases, revocation and
 * `allowedLogoutUrls` apply); the others hear an ordinary `other-tab` logout.
 *
 * The deadline is a wall-clock time kept in `localStorage`, so a tab whose
 * timers were throttled in the background, or a laptop that slept past it,
 * logs out on its first tick or as it wakes, at most a second late.
 *
 * @param webAuth - the application's client.
 * @param options - `timeoutMs` (required), `warnBeforeMs`, `onWarn`, `onActive`, `logout` (options or a
 *   function), `events` (the DOM events that count as activity) and `crossTab` (default true).
 * @returns the tab's watch: `stop()` ends it in this tab only, `reset()` counts as activity,
 *   `remaining()` is the time left in ms.
 * @throws {@link WebAuthError} when an option is not valid (nothing is started), or `no_window` without a browser window.
 */
export function watchIdle(webAuth: WebAuth, options: IdleOptions): IdleWatch {
  const parsed = guard('watchIdle(webAuth, options)', () => parseIdleOptions(webAuth, options));
  if (typeof window === 'undefined') {
    throw new WebAuthError('no_window', 'watchIdle needs a browser window: start it in the browser, e.g. in an effect, not during server-side rendering');
  }
  return new IdleWatcher(settingsOf(webAuth).config.clientID, parsed);
}

