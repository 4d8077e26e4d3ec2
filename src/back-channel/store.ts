/**
 * What the back-channel handlers keep between requests, and share between
 * server processes: the logout tokens already accepted (their `jti`) and a
 * short log of the sessions that ended, which the event streams read.
 */

/**
 * A session the OpenID Provider ended (OpenID Connect Back-Channel Logout 1.0
 * §2.4): what an accepted logout token said, and when it was accepted.
 */
export interface EndedSession {
  /** The session (`sid` claim) that ended; absent when the token named only the user. */
  sid?: string;
  /** The user (`sub` claim); a token with only a `sub` ends every session of that user. */
  sub?: string;
  /** The issuer that signed the token (`iss` claim). */
  iss: string;
  /** The token's `jti` claim. */
  jti: string;
  /** When the token was accepted, in milliseconds since the epoch. */
  time: number;
}

/**
 * An entry of the store's event log: an ended session and its position.
 * Positions are Redis stream ids, `<milliseconds>-<sequence>`, and grow with
 * every entry; an event stream gives them to the browser as SSE `id:` lines,
 * and the browser sends the last one back as `Last-Event-ID` when it reconnects.
 */
export interface LoggedEvent {
  position: string;
  session: EndedSession;
}

/** Called with every entry published after the position a subscription started from, in order, once each. */
export type LoggedEventListener = (event: LoggedEvent) => void;

/**
 * The storage behind {@link createBackChannelLogout}: {@link memoryStore}
 * (one process) and {@link redisStore} (several) implement it, and so can an
 * app's own. Every method may reject when the storage cannot be reached; the
 * handlers then answer `503` and change nothing.
 */
export interface BackChannelStore {
  /**
   * Records a logout token's identifier for `ttlMs` milliseconds (the rest of
   * the token's life) and resolves `true`, or resolves `false` when it was
   * already recorded: a replay (§2.6, the optional `jti` check). Atomic across every process
   * sharing the store.
   */
  spendJti(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Forgets an identifier recorded by `spendJti`: the handler calls it when it
   * could not publish the session after spending, so that the provider's retry
   * is accepted.
   */
  releaseJti(key: string): Promise<void>;
  /** Appends an ended session to the event log and tells every subscriber; resolves its position. */
  publish(session: EndedSession): Promise<string>;
  /**
   * Calls `listener` with every entry after `fromPosition` still in the log
   * (kept for a bounded time), then with every new one, each once and in order,
   * until the returned function is called.
   */
  subscribe(fromPosition: string, listener: LoggedEventListener): () => void;
  /** The position of the newest entry of the log (`0-0` when it is empty). */
  currentPosition(): Promise<string>;
}

/** The shape of a position: a Redis stream id. */
export const POSITION = /^\d{1,16}-\d{1,16}$/;

/** Orders two positions (`-1`, `0`, `1`). */
export function comparePositions(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs !== bMs ? Math.sign(aMs - bMs) : Math.sign(aSeq - bSeq);
}

/** How long the event log keeps an entry by default: a browser that reconnects within this gets what it missed. */
export const DEFAULT_RETENTION_MS = 10 * 60_000;
