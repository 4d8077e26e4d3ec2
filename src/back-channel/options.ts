import { WebAuthError } from '../errors/WebAuthError';
import { type BackChannelStore, DEFAULT_RETENTION_MS } from './store';

/** A short, printable excerpt of a refused value: messages never repeat more of what they were given. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value === 'function' ? 'a function' : String(value);
}

export function optionError(where: string, name: string, expected: string, value: unknown): WebAuthError {
  return new WebAuthError('invalid_option', `${where}: ${name} option must be ${expected}, got ${describe(value)}`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === null || prototype === Object.prototype;
}

export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** An https URL, or http on a loopback host (a local tenant in development and tests). */
export function readKeySetUrl(where: string, name: string, value: unknown): URL {
  let url: URL | undefined;
  try {
    url = isNonEmptyString(value) || value instanceof URL ? new URL(String(value)) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname))) || url.username || url.password) {
    throw optionError(where, name, 'an https URL (http:// only for localhost)', value);
  }
  return url;
}

export function readRetention(where: string, value: unknown): number {
  if (value === undefined) return DEFAULT_RETENTION_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000 || value > 24 * 3600_000) {
    throw optionError(where, 'retentionMs', 'a number of milliseconds from 1000 to 86400000', value);
  }
  return value;
}

const STORE_METHODS = ['spendJti', 'releaseJti', 'publish', 'subscribe', 'currentPosition'] as const;

export function readStore(where: string, value: unknown): BackChannelStore | undefined {
  if (value === undefined) return undefined;
  const methods = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const missing = STORE_METHODS.filter((method) => typeof methods?.[method] !== 'function');
  if (missing.length) throw optionError(where, 'store', `a BackChannelStore (memoryStore() or redisStore(client)); missing ${missing.join(', ')}`, value);
  return value as BackChannelStore;
}
