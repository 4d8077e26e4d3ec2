import { WebAuthError } from '../errors/WebAuthError';
import { eventsHandler, type WatchedSession } from './handleEvents';
import { logoutTokenHandler } from './handleLogoutToken';
import { remoteKeySet } from './keySet';
import { memoryStore } from './memoryStore';
import { isNonEmptyString, isPlainObject, optionError, readKeySetUrl, readStore } from './options';
import type { BackChannelStore } from './store';

/**
 * Options of {@link createBackChannelLogout}: what a logout token must carry to
 * be accepted (OpenID Connect Back-Channel Logout 1.0 §2.6: `iss`, `aud`, the
 * signature with the issuer's keys, `iat` and `exp` within the tolerance).
 */
export interface BackChannelLogoutOptions {
  /**
   * The OpenID Provider's issuer, exactly as its logout tokens' `iss` claim
   * says (Auth0: `https://TENANT.auth0.com/`, with the trailing slash).
   */
  issuer: string;
  /** The application's client ID (or IDs): the logout tokens' `aud` claim. */
  audience: string | string[];
  /** The issuer's JSON Web Key Set; by default `<issuer>/.well-known/jwks.json`, as Auth0 serves it. */
  jwksUri?: string | URL;
  /** Where spent `jti`s and ended sessions are kept: {@link memoryStore} (the default, one process) or {@link redisStore} (several). */
  store?: BackChannelStore;
  /** How far `iat` and `exp` may be off this server's clock, in seconds (default 60). */
  clockToleranceSec?: number;
}

/** The two halves of the server side of back-channel logout: the back-channel logout URI (§2.5 to §2.8) and the event stream that carries §2.7's logout to the browser. */
export interface BackChannelLogout {
  /**
   * The back-channel logout URI the provider POSTs logout tokens to (OpenID
   * Connect Back-Channel Logout 1.0 §2.5 to §2.8). Answers `200` for an
   * accepted token (and publishes the ended session), `400` with an OAuth
   * error body for a request or token to refuse, `405` for a method other
   * than POST, `503` with `Retry-After` when the issuer's keys or the store
   * cannot be reached now (nothing is published and the token stays unspent,
   * so the provider's retry is accepted). Never rejects.
   */
  handleLogoutToken(request: Request): Promise<Response>;
  /**
   * A Server-Sent Events stream for one browser session, which the app
   * names from its own authentication: one `logout` event when a logout token
   * ends it, then the end of the stream. Never throws.
   */
  handleEvents(request: Request, session: WatchedSession): Response;
  /** The store the handlers use. */
  readonly store: BackChannelStore;
}

/** Timings that tests and benches shorten; not part of the public API. */
export interface BackChannelInternals {
  jwksCooldownMs?: number;
  jwksTimeoutMs?: number;
  keepAliveMs?: number;
  retryMs?: number;
}

const WHERE = 'createBackChannelLogout';
const KNOWN = new Set(['issuer', 'audience', 'jwksUri', 'store', 'clockToleranceSec']);

function readAudience(value: unknown): string | string[] {
  if (isNonEmptyString(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString)) return [...value];
  throw optionError(WHERE, 'audience', 'the client ID (a non-empty string) or a non-empty array of them', value);
}

function defaultKeySetUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
}

/** {@link createBackChannelLogout} with the timings tests shorten. */
export function createBackChannelLogoutWith(options: BackChannelLogoutOptions, internals: BackChannelInternals): BackChannelLogout {
  if (!isPlainObject(options)) throw new WebAuthError('invalid_options', `${WHERE}: options must be an object with issuer and audience`);
  const unknown = Object.keys(options).filter((name) => !KNOWN.has(name));
  if (unknown.length) throw new WebAuthError('invalid_option', `${WHERE}: unknown option ${unknown.map((name) => JSON.stringify(name)).join(', ')}`);
  const { issuer, clockToleranceSec = 60 } = options;
  if (!isNonEmptyString(issuer)) throw optionError(WHERE, 'issuer', "the issuer of the logout tokens (Auth0: 'https://TENANT.auth0.com/')", issuer);
  const audience = readAudience(options.audience);
  const jwksUri = readKeySetUrl(WHERE, options.jwksUri === undefined ? 'issuer' : 'jwksUri', options.jwksUri ?? defaultKeySetUrl(issuer));
  if (typeof clockToleranceSec !== 'number' || !Number.isFinite(clockToleranceSec) || clockToleranceSec < 0 || clockToleranceSec > 600) {
    throw optionError(WHERE, 'clockToleranceSec', 'a number of seconds from 0 to 600', clockToleranceSec);
  }
  const store = readStore(WHERE, options.store) ?? memoryStore();
  const keys = remoteKeySet(jwksUri, { cooldownMs: internals.jwksCooldownMs ?? 30_000, timeoutMs: internals.jwksTimeoutMs ?? 5000 });
  return {
    handleLogoutToken: logoutTokenHandler({ issuer, audience, clockToleranceSec, keys }, store),
    handleEvents: eventsHandler(issuer, store, { keepAliveMs: internals.keepAliveMs ?? 15_000, retryMs: internals.retryMs ?? 3000 }),
    store,
  };
}

/**
 * The server half of OpenID Connect Back-Channel Logout 1.0: an endpoint
 * that receives the provider's logout tokens (§2.5 to §2.8) and an event
 * stream that tells each browser session when its own ended. Throws a
 * {@link WebAuthError} (`invalid_options`, `invalid_option`) for options it
 * cannot work with; the handlers it returns never throw.
 */
export function createBackChannelLogout(options: BackChannelLogoutOptions): BackChannelLogout {
  return createBackChannelLogoutWith(options, {});
}
