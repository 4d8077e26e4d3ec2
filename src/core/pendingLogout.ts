import type { LogoutReason } from '../types/options';
import type { LogoutEndpoint } from '../utils/allowedLogoutUrl';
import { isPlainObject, isReturnUrl, readOwn } from '../utils/checks';
import { announceLogout, announcement, wasEnded } from './announce';
import { PENDING_LOGOUT_MAX_AGE_MS } from './config';

/**
 * What a tab remembers, in `sessionStorage`, about the logout it left for:
 * enough to recognise the return and to tell the app what happened. It
 * never holds a token.
 */
export interface PendingLogout {
  /** Which logout: its events' `id`, and the marker `returnTo` carries when the instance marks returns. */
  readonly id: string;
  readonly endpoint: LogoutEndpoint;
  readonly returnTo: string | undefined;
  /** The OpenID Connect `state` sent; the return must echo it. */
  readonly state: string | undefined;
  /** Whether `returnTo` carries the marker: the return must bring it back. */
  readonly marked: boolean;
  readonly federated: boolean;
  readonly revoked: boolean | undefined;
  /** `idle` when `watchIdle` started it. */
  readonly reason: 'idle' | undefined;
  /** When the page left, in ms since the epoch. */
  readonly time: number;
  /** The document that left: a later document of the tab is where a return can land. */
  readonly page: string;
  /** Set when the logout runs in a popup: the mark the opener waits for. */
  readonly popup?: string;
}

/** A window's `sessionStorage`, or `undefined` where there is no window or the browser refuses it (a sandboxed frame, storage disabled). */
export function sessionStorageOf(target?: Window): Storage | undefined {
  try {
    return (target ?? window).sessionStorage;
  } catch {
    // No window (a ReferenceError), or the browser refuses storage.
    return undefined;
  }
}

const keyOf = (clientID: string) => `webauth-logout:pending:${clientID}`;

/**
 * Saves the record, or forgets it when there is none. Where storage is
 * refused (no window, disabled, full, a sandboxed frame), the logout goes on
 * without a return trip.
 */
export function writePendingLogout(storage: Storage | undefined, clientID: string, record?: PendingLogout): void {
  try {
    if (record) storage?.setItem(keyOf(clientID), JSON.stringify(record));
    else storage?.removeItem(keyOf(clientID));
  } catch {
    // The return will not be recognised; the logout itself still happens.
  }
}

const isOptional = (value: unknown, type: string) => value === undefined || typeof value === type;

/**
 * The record saved for `clientID`, if one is there, well-formed and recent.
 * Anything else (another script's value, a record from a logout long ago) is
 * removed and ignored: page script can write this storage, so the record is
 * checked as strictly as a message from another tab.
 */
export function readPendingLogout(storage: Storage, clientID: string, now: number): PendingLogout | undefined {
  let record: Record<string, unknown> | undefined;
  try {
    const saved = storage.getItem(keyOf(clientID));
    if (saved === null) return undefined;
    const parsed: unknown = JSON.parse(saved);
    // Its own fields only: a field the record lacks must not be read from a polluted Object.prototype.
    record = isPlainObject(parsed) ? readOwn(parsed) : undefined;
  } catch {
    record = undefined;
  }
  const fresh =
    record !== undefined &&
    typeof record.id === 'string' &&
    typeof record.page === 'string' &&
    (record.endpoint === 'v2' || record.endpoint === 'oidc') &&
    (record.returnTo === undefined || isReturnUrl(record.returnTo)) &&
    typeof record.federated === 'boolean' &&
    typeof record.marked === 'boolean' &&
    (record.reason === undefined || record.reason === 'idle') &&
    isOptional(record.state, 'string') &&
    isOptional(record.revoked, 'boolean') &&
    isOptional(record.popup, 'string') &&
    typeof record.time === 'number' &&
    now - record.time >= 0 &&
    now - record.time <= PENDING_LOGOUT_MAX_AGE_MS;
  if (fresh) return record as unknown as PendingLogout;
  writePendingLogout(storage, clientID);
  return undefined;
}

/**
 * Ends the tab's pending logout `id` as abandoned, if it is still the one
 * pending: forgets it and tells this page and the other tabs why. A logout
 * that has already ended (it came back, was abandoned before, or Auth0's
 * back channel ended it) is not abandoned.
 */
export function abandonPendingLogout(storage: Storage | undefined, clientID: string, id: string, reason: LogoutReason): void {
  const record = storage && readPendingLogout(storage, clientID, Date.now());
  if (record?.id !== id) return;
  writePendingLogout(storage, clientID);
  if (!wasEnded(clientID, id)) announceLogout(announcement(clientID, record, 'abandoned', reason));
}
