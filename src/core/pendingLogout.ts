import type { LogoutEndpoint } from '../utils/allowedLogoutUrl';
import { isPlainObject, isReturnUrl, readOwn } from '../utils/checks';

/**
 * What a tab remembers, in `sessionStorage`, about the logout it left for:
 * enough to recognise the return and to tell the app what happened. It
 * never holds a token.
 */
export interface PendingLogout {
  readonly endpoint: LogoutEndpoint;
  readonly returnTo: string | undefined;
  /** The OpenID Connect `state` sent; the return must echo it. */
  readonly state?: string;
  readonly federated: boolean;
  readonly revoked?: boolean;
  /** When the page left, in ms since the epoch. */
  readonly time: number;
  /** Set when the logout runs in a popup: the mark the opener waits for. */
  readonly popup?: string;
}

/** A return later than this is not the logout's: the user came to the page some other way. */
export const PENDING_LOGOUT_MAX_AGE_MS = 5 * 60_000;

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
  let record: Partial<PendingLogout> | undefined;
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
    typeof record === 'object' &&
    record !== null &&
    (record.endpoint === 'v2' || record.endpoint === 'oidc') &&
    (record.returnTo === undefined || isReturnUrl(record.returnTo)) &&
    typeof record.federated === 'boolean' &&
    isOptional(record.state, 'string') &&
    isOptional(record.revoked, 'boolean') &&
    isOptional(record.popup, 'string') &&
    typeof record.time === 'number' &&
    now - record.time >= 0 &&
    now - record.time <= PENDING_LOGOUT_MAX_AGE_MS;
  if (fresh) return record as PendingLogout;
  writePendingLogout(storage, clientID);
  return undefined;
}
