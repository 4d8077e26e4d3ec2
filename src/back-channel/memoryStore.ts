import { WebAuthError } from '../errors/WebAuthError';
import { type BackChannelStore, comparePositions, DEFAULT_RETENTION_MS, type EndedSession, type LoggedEventListener, type LoggedEvent, POSITION } from './store';
import { readRetention } from './options';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** How long ended sessions stay in the event log for reconnecting streams, in milliseconds (default 10 minutes). */
  retentionMs?: number;
}

/** A {@link BackChannelStore} in this process's memory, with the number of live subscriptions (for monitoring). */
export interface MemoryBackChannelStore extends BackChannelStore {
  /** How many event streams (subscriptions) are open on this store. */
  readonly listenerCount: number;
}

/**
 * The default store: everything in this process's memory, nothing to start.
 * Right for one server process; with several, a logout token reaches only the
 * process it was posted to, and a replay to another one is not recognised:
 * use {@link redisStore} there.
 *
 * Implements the `jti` replay check of OpenID Connect Back-Channel Logout 1.0
 * §2.6 (a `jti` received recently is refused) for one process, and the event log the event streams read.
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryBackChannelStore {
  if (typeof options !== 'object' || options === null) throw new WebAuthError('invalid_options', 'memoryStore: options must be an object or nothing');
  const retentionMs = readRetention('memoryStore', options.retentionMs);
  /** Spent identifiers and when they may be forgotten. */
  const spent = new Map<string, number>();
  let sweepAt = 1024;
  const log: LoggedEvent[] = [];
  const listeners = new Set<LoggedEventListener>();
  let lastMs = 0;
  let sequence = 0;

  function nextPosition(): string {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      sequence = 0;
    } else sequence++;
    return `${lastMs}-${sequence}`;
  }

  function dropExpired(now: number): void {
    const keepFrom = log.findIndex((entry) => entry.session.time >= now - retentionMs);
    if (keepFrom === -1) log.length = 0;
    else if (keepFrom > 0) log.splice(0, keepFrom);
  }

  return {
    get listenerCount() {
      return listeners.size;
    },
    async spendJti(key, ttlMs) {
      const now = Date.now();
      const until = spent.get(key);
      if (until !== undefined && until > now) return false;
      spent.set(key, now + ttlMs);
      if (spent.size >= sweepAt) {
        for (const [spentKey, expires] of spent) if (expires <= now) spent.delete(spentKey);
        sweepAt = Math.max(1024, spent.size * 2);
      }
      return true;
    },
    async releaseJti(key) {
      spent.delete(key);
    },
    async publish(session: EndedSession) {
      const entry: LoggedEvent = { position: nextPosition(), session: { ...session } };
      dropExpired(Date.now());
      log.push(entry);
      for (const listener of [...listeners]) {
        if (!listeners.has(listener)) continue;
        try {
          listener(entry);
        } catch {
          // One stream's failure is its own; the others still hear of the logout.
        }
      }
      return entry.position;
    },
    subscribe(fromPosition, listener) {
      const from = POSITION.test(fromPosition) ? fromPosition : `${lastMs}-${sequence}`;
      const own: LoggedEventListener = (entry) => listener(entry);
      dropExpired(Date.now());
      listeners.add(own);
      for (const entry of log.filter((logged) => comparePositions(logged.position, from) > 0)) {
        if (!listeners.has(own)) break;
        own(entry);
      }
      return () => {
        listeners.delete(own);
      };
    },
    async currentPosition() {
      return log.length ? log[log.length - 1]!.position : `${lastMs}-${sequence}`;
    },
  };
}
