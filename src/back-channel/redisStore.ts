import { WebAuthError } from '../errors/WebAuthError';
import { isNonEmptyString, isPlainObject, optionError, readRetention } from './options';
import { type BackChannelStore, comparePositions, type EndedSession, type LoggedEventListener, type LoggedEvent, POSITION } from './store';

/**
 * What {@link redisStore} uses of a node-redis 5 client (`createClient()` from
 * the `redis` package, connected, with default RESP2 replies). Any client with
 * these members works.
 */
export interface RedisClientLike {
  /** Whether the client is connected and ready; commands are not sent (503) while it is not. */
  readonly isReady: boolean;
  sendCommand(args: string[]): Promise<unknown>;
  /** A new client with the same options, not yet connected: the store's subscriber. */
  duplicate(): RedisSubscriberLike;
}

/** The subscriber {@link RedisClientLike.duplicate} makes: a node-redis client. */
export interface RedisSubscriberLike {
  connect(): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): unknown;
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** Prefix of every key the store writes (default `webauth-logout:bcl:`); give each app sharing a Redis its own. */
  prefix?: string;
  /** How long ended sessions stay in the stream for reconnecting event streams, in milliseconds (default 10 minutes). */
  retentionMs?: number;
  /** How long a command may take before the handler gives up with a 503, in milliseconds (default 2000). */
  commandTimeoutMs?: number;
}

/** A {@link BackChannelStore} over Redis. */
export interface RedisBackChannelStore extends BackChannelStore {
  /** Stops the subscriber (it closes its own connection, never the client the app gave). */
  close(): Promise<void>;
  /** How many event streams (subscriptions) this process holds on the store. */
  readonly listenerCount: number;
}

interface Subscription {
  listener: LoggedEventListener;
  /** The last position delivered (or the one the subscription started from). */
  cursor: string | undefined;
  /** Entries heard while the subscription catches up on the log; `undefined` once it has. */
  pending: LoggedEvent[] | undefined;
  active: boolean;
}

/** Waits without keeping the process alive. */
function sleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
}
const BLOCK_MS = 5000;
const PAGE = 500;

function parseEntries(reply: unknown): LoggedEvent[] {
  if (!Array.isArray(reply)) return [];
  const entries: LoggedEvent[] = [];
  for (const item of reply) {
    if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[1])) continue;
    const fields = item[1] as unknown[];
    const at = fields.indexOf('session');
    try {
      const session = JSON.parse(String(fields[at + 1])) as EndedSession;
      if (at >= 0 && isPlainObject(session)) entries.push({ position: item[0], session });
    } catch {
      // Not an entry this store wrote.
    }
  }
  return entries;
}

/**
 * A store over Redis for several server processes behind one back-channel
 * logout URI: a logout token posted to any of them reaches the event streams
 * held by all of them, and a replayed token is refused by all of them.
 *
 * The app passes its own connected node-redis 5 client (`redis` package,
 * with an `'error'` listener of its own); the store sends its commands on it
 * and makes one subscriber with `client.duplicate()`. Spent `jti`s are keys
 * written with `SET key 1 NX PX <rest of the token's life>` (OpenID Connect
 * Back-Channel Logout 1.0 §2.6, the `jti` check, across processes); ended sessions go
 * to a Redis Stream (`XADD … MINID ~`), kept for `retentionMs`, whose ids are
 * the positions the event streams send as SSE `id:`. The subscriber reads the
 * stream with `XREAD BLOCK` from the last id it saw, so after Redis comes
 * back (node-redis reconnects by itself) it goes on from there.
 *
 * While the client is not ready, every handler call that needs the store
 * answers `503` and changes nothing. Call `close()` when the server stops.
 */
export function redisStore(client: RedisClientLike, options: RedisStoreOptions = {}): RedisBackChannelStore {
  const where = 'redisStore';
  if (typeof client !== 'object' || client === null || typeof client.sendCommand !== 'function' || typeof client.duplicate !== 'function') {
    throw new WebAuthError('invalid_option', `${where}: client must be a connected node-redis client (createClient() from the redis package)`);
  }
  if (typeof options !== 'object' || options === null) throw new WebAuthError('invalid_options', `${where}: options must be an object or nothing`);
  const prefix = options.prefix ?? 'webauth-logout:bcl:';
  if (!isNonEmptyString(prefix)) throw optionError(where, 'prefix', 'a non-empty string', prefix);
  const retentionMs = readRetention(where, options.retentionMs);
  const timeoutMs = options.commandTimeoutMs ?? 2000;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 1) throw optionError(where, 'commandTimeoutMs', 'a positive number', timeoutMs);
  const streamKey = `${prefix}events`;

  /** One command on the app's client, refused at once while it is not ready, and given up after `timeoutMs`. */
  function run(args: string[]): Promise<unknown> {
    if (!client.isReady) return Promise.reject(new Error('Redis is not connected'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis did not answer ${args[0]} within ${timeoutMs} ms`)), timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      client.sendCommand(args).then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  async function currentPosition(): Promise<string> {
    const newest = parseEntries(await run(['XREVRANGE', streamKey, '+', '-', 'COUNT', '1']))[0];
    if (newest) return newest.position;
    // An empty log: the position is Redis's clock, so that nothing before now is ever replayed.
    const [seconds, micros] = (await run(['TIME'])) as [string, string];
    return `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1}-9999999999999999`;
  }

  const subscriptions = new Set<Subscription>();
  let closed = false;
  let subscriber: RedisSubscriberLike | undefined;
  /** The last position the subscriber read; set once it has started. */
  let readerPosition: string | undefined;
  let readerStarted: Promise<void> | undefined;

  function deliver(subscription: Subscription, entry: LoggedEvent): void {
    if (!subscription.active) return;
    if (subscription.pending) {
      subscription.pending.push(entry);
      return;
    }
    if (subscription.cursor !== undefined && comparePositions(entry.position, subscription.cursor) <= 0) return;
    subscription.cursor = entry.position;
    try {
      subscription.listener(entry);
    } catch {
      // One stream's failure is its own.
    }
  }

  async function readLoop(reader: RedisSubscriberLike): Promise<void> {
    while (!closed) {
      try {
        const woke = await reader.sendCommand(['XREAD', 'BLOCK', String(BLOCK_MS), 'COUNT', '1', 'STREAMS', streamKey, readerPosition!]);
        if (woke === null || closed) continue;
        for (;;) {
          const entries = parseEntries(await reader.sendCommand(['XRANGE', streamKey, `(${readerPosition!}`, '+', 'COUNT', String(PAGE)]));
          for (const entry of entries) {
            readerPosition = entry.position;
            for (const subscription of [...subscriptions]) deliver(subscription, entry);
          }
          if (entries.length < PAGE) break;
        }
      } catch {
        // Redis went away: node-redis reconnects, and the next XREAD goes on from the last id read.
        if (!closed) await sleep(250);
      }
    }
  }

  function startReader(): Promise<void> {
    readerStarted ??= (async () => {
      const reader = client.duplicate();
      subscriber = reader;
      reader.on('error', () => {
        // Connection errors while Redis is away; node-redis reconnects, the read loop retries.
      });
      await reader.connect();
      while (readerPosition === undefined) {
        if (closed) return;
        try {
          readerPosition = await currentPosition();
        } catch {
          await sleep(250);
        }
      }
      void readLoop(reader);
    })();
    return readerStarted;
  }

  async function catchUp(subscription: Subscription): Promise<void> {
    try {
      await startReader();
    } catch {
      // The subscriber could not connect: the subscription stays empty until closed.
      return;
    }
    while (subscription.active && !closed) {
      try {
        if (subscription.cursor === undefined) subscription.cursor = readerPosition;
        for (;;) {
          const entries = parseEntries(await run(['XRANGE', streamKey, `(${subscription.cursor!}`, '+', 'COUNT', String(PAGE)]));
          for (const entry of entries) {
            if (!subscription.active) return;
            subscription.cursor = entry.position;
            try {
              subscription.listener(entry);
            } catch {
              // One stream's failure is its own.
            }
          }
          if (entries.length < PAGE) break;
        }
        const heard = subscription.pending ?? [];
        subscription.pending = undefined;
        for (const entry of heard) deliver(subscription, entry);
        return;
      } catch {
        await sleep(250);
      }
    }
  }

  return {
    get listenerCount() {
      return subscriptions.size;
    },
    async spendJti(key, ttlMs) {
      const reply = await run(['SET', `${prefix}jti:${key}`, '1', 'NX', 'PX', String(Math.max(1, Math.ceil(ttlMs)))]);
      return reply !== null;
    },
    async releaseJti(key) {
      await run(['DEL', `${prefix}jti:${key}`]);
    },
    async publish(session) {
      const minId = `${Math.max(0, Date.now() - retentionMs)}-0`;
      return String(await run(['XADD', streamKey, 'MINID', '~', minId, '*', 'session', JSON.stringify(session)]));
    },
    subscribe(fromPosition, listener) {
      const subscription: Subscription = { listener, cursor: POSITION.test(fromPosition) ? fromPosition : undefined, pending: [], active: true };
      subscriptions.add(subscription);
      void catchUp(subscription);
      return () => {
        subscription.active = false;
        subscription.pending = undefined;
        subscriptions.delete(subscription);
      };
    },
    currentPosition,
    async close() {
      closed = true;
      for (const subscription of subscriptions) subscription.active = false;
      subscriptions.clear();
      try {
        subscriber?.destroy();
      } catch {
        // Already gone.
      }
    },
  };
}
