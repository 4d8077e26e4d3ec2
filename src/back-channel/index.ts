/**
 * webauth-logout/back-channel: the server half of OpenID Connect
 * Back-Channel Logout 1.0, for Node 20+ and any runtime with the Fetch API
 * and Web Crypto. Never imported by the package root: browser bundles do
 * not carry it.
 */
export { createBackChannelLogout, type BackChannelLogout, type BackChannelLogoutOptions } from './createBackChannelLogout';
export type { LogoutEventData, WatchedSession } from './handleEvents';
export { memoryStore, type MemoryBackChannelStore, type MemoryStoreOptions } from './memoryStore';
export { redisStore, type RedisBackChannelStore, type RedisClientLike, type RedisStoreOptions, type RedisSubscriberLike } from './redisStore';
export type { BackChannelStore, EndedSession, LoggedEventListener, LoggedEvent } from './store';
export { WebAuthError, type WebAuthErrorCode } from '../errors/WebAuthError';
