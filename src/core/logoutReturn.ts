import { guard } from '../errors/guard';
import type { LogoutReason, LogoutReturn } from '../types/options';
import { optionError } from '../utils/checks';
import { announceLogout, announcement, thisPage } from './announce';
import { RETURN_MARKER } from './departure';
import { abandonPendingLogout, readPendingLogout, writePendingLogout, sessionStorageOf, type PendingLogout } from './pendingLogout';
import { POPUP_RETURN, type PopupReturnMessage } from './popupMessage';
import { settingsOf, type WebAuth } from './WebAuth';

// Returns this page already handled, by client ID: a second call answers the same, and tells no one again.
const handled = new Map<string, LogoutReturn>();

/** The opener's window when it is a page of this origin, which a logout popup of this SDK always has. */
function sameOriginOpener(): Window | undefined {
  try {
    const opener = window.opener as Window | null;
    // Reading another origin's `location.origin` throws; the catch answers "not ours".
    return opener && opener !== window && opener.location.origin === window.location.origin ? opener : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How this document was reached (Navigation Timing 2): `navigate` for a
 * navigation such as Auth0's redirect, `reload`, `back_forward`; `navigate`
 * where the browser does not say.
 */
function navigationType(): string {
  try {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return entry?.type ?? 'navigate';
  } catch {
    return 'navigate';
  }
}

/**
 * Whether `page` is where the logout said it would come back: the return
 * URL's origin and path (Auth0 may keep or drop its query), and whatever
 * only the trip can bring back: the OpenID Connect `state` echoed exactly,
 * or the marker a marked `returnTo` carries.
 */
function isReturnOf(record: PendingLogout, page: URL): boolean {
  if (record.returnTo === undefined) return false;
  const expected = new URL(record.returnTo);
  if (page.origin !== expected.origin || page.pathname !== expected.pathname) return false;
  if (record.endpoint === 'oidc') return record.state !== undefined && page.searchParams.get('state') === record.state;
  return !record.marked || page.searchParams.get(RETURN_MARKER) === record.id;
}

/** What the app is told: the record's facts, and only those a logout of this kind has. */
export function logoutReturnOf({ id, endpoint, returnTo, state, federated, revoked, reason }: PendingLogout): LogoutReturn {
  const result: LogoutReturn = { id, endpoint, returnTo, federated };
  if (state !== undefined) result.state = state;
  if (revoked !== undefined) result.revoked = revoked;
  if (reason !== undefined) result.reason = reason;
  return result;
}

/** Takes what the trip brought back (`state`, the marker) out of the address bar, without a new history entry, when `page` is what the bar shows. */
function removeTripParameters(page: URL): void {
  if (page.href !== window.location.href) return;
  const { searchParams } = page;
  if (!searchParams.has('state') && !searchParams.has(RETURN_MARKER)) return;
  searchParams.delete('state');
  searchParams.delete(RETURN_MARKER);
  try {
    window.history.replaceState(window.history.state, '', page.href);
  } catch {
    // A sandboxed document may refuse; what came back is spent anyway.
  }
}

/** Why a document of the tab that left, which is not the logout's return, says the trip is over. */
const abandonReason = (type: string): LogoutReason => (type === 'reload' ? 'reload' : type === 'back_forward' ? 'history' : 'navigated');

/**
 * Recognises, on the page Auth0 sends the browser back to, the return from a
 * logout this SDK started (`logout`, `oidcLogout` or a popup logout), and
 * finishes it: removes the echoed `state` (and the `markReturn` marker) from
 * the address bar, forgets the pending logout, and tells `onLogout`
 * listeners in this and the other tabs (`phase: 'completed'`). In a logout
 * popup, it hands the result to the opening page instead and closes the popup.
 *
 * A return is this SDK's only when all of these hold:
 * - a logout of this tab (and client) saved its record less than five minutes ago;
 * - this document was reached by a navigation (Navigation Timing's `type` is
 *   `navigate`), not a reload and not Back or Forward, and it is not the page
 *   that left (a page restored from the back/forward cache runs no script again);
 * - the page is the logout's return URL (query and fragment aside);
 * - for OpenID Connect, the echoed `state` equals the one sent
 *   (RP-Initiated Logout 1.0 §3); with `markReturn`, the marker equals the logout's id.
 *
 * Any other document of that tab that calls it shows the trip did not come
 * back: the logout is announced `abandoned` (`reload`, `history` or
 * `navigated`) in every tab, and it resolves `undefined`, as it does when
 * there is no pending logout. A forged or replayed `state` completes nothing.
 *
 * In the page that started a logout with `openUrl` (an in-app browser), pass
 * the URL the in-app browser came back to as `url`: only that completes it.
 *
 * Calling it again on the same page after a return resolves the same value
 * and tells no one again. Without a `window` (server-side rendering) it resolves `undefined`.
 *
 * @param webAuth - the instance that logged out.
 * @param url - the page's URL, `location.href` by default; in the page that started an `openUrl` logout, the URL it came back to.
 * @throws {@link WebAuthError} (as a rejection) when `webAuth` is not an instance or `url` not a string.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RedirectionAfterLogout
 */
export async function handleLogoutReturn(webAuth: WebAuth, url?: string): Promise<LogoutReturn | undefined> {
  const { config } = settingsOf(webAuth);
  if (url !== undefined && typeof url !== 'string') throw optionError('invalid_option', 'url', 'the URL of the page, a string', url);
  const { clientID } = config;
  if (typeof window === 'undefined') return undefined;
  if (handled.has(clientID)) return handled.get(clientID);
  const page = guard('handleLogoutReturn(webAuth, url)', () => new URL(url ?? window.location.href, window.location.href));

  const opener = sameOriginOpener();
  const openerStorage = opener && sessionStorageOf(opener);
  const openerRecord = openerStorage && readPendingLogout(openerStorage, clientID, Date.now());
  if (openerRecord?.popup !== undefined && isReturnOf(openerRecord, page)) {
    // The opener finishes the logout: it forgets the record, tells the tabs, and resolves the app's promise.
    const result = logoutReturnOf(openerRecord);
    handled.set(clientID, result);
    removeTripParameters(page);
    const message: PopupReturnMessage = { type: POPUP_RETURN, popup: openerRecord.popup, state: openerRecord.state };
    opener!.postMessage(message, window.location.origin);
    window.close();
    return result;
  }

  const storage = sessionStorageOf();
  const record = storage && readPendingLogout(storage, clientID, Date.now());
  if (!record) return undefined;
  const type = navigationType();
  // The page that left is still here (openUrl, a popup): only the URL an in-app browser came back to completes it.
  const returned = record.page === thisPage ? url !== undefined && isReturnOf(record, page) : type === 'navigate' && isReturnOf(record, page);
  if (!returned) {
    if (record.page !== thisPage) abandonPendingLogout(storage, clientID, record.id, abandonReason(type));
    return undefined;
  }
  const result = logoutReturnOf(record);
  handled.set(clientID, result);
  removeTripParameters(page);
  writePendingLogout(storage, clientID);
  announceLogout(announcement(clientID, record, 'completed'));
  return result;
}
