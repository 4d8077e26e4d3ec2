import { guard } from '../errors/guard';
import type { LogoutReturn } from '../types/options';
import { optionError } from '../utils/checks';
import { announceLogout, announcement } from './crossTab';
import { readPendingLogout, writePendingLogout, sessionStorageOf, type PendingLogout } from './pendingLogout';
import { POPUP_RETURN, type PopupReturnMessage } from './popupMessage';
import { stateOf, type WebAuth } from './WebAuth';

// Returns this page already handled, by client ID: a second call answers the same, and tells no one again.
const handled = new Map<string, LogoutReturn | undefined>();

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
 * Whether `page` is where the logout said it would come back: the return
 * URL's origin and path (Auth0 may keep or drop its query), and for OpenID
 * Connect the `state` echoed exactly, which nobody else can know.
 */
function isReturnOf(record: PendingLogout, page: URL): boolean {
  if (record.returnTo === undefined) return false;
  const expected = new URL(record.returnTo);
  if (page.origin !== expected.origin || page.pathname !== expected.pathname) return false;
  return record.endpoint === 'v2' || (record.state !== undefined && page.searchParams.get('state') === record.state);
}

/** What the app is told: the record's facts, and only those a logout of this kind has. */
export function logoutReturnOf({ endpoint, returnTo, state, federated, revoked }: Omit<PendingLogout, 'time'>): LogoutReturn {
  const result: LogoutReturn = { endpoint, returnTo, federated };
  if (state !== undefined) result.state = state;
  if (revoked !== undefined) result.revoked = revoked;
  return result;
}

/** Takes the `state` Auth0 echoed out of the address bar, without a new history entry, when `page` is what the bar shows. */
function removeState(page: URL): void {
  if (page.href !== window.location.href || !page.searchParams.has('state')) return;
  page.searchParams.delete('state');
  try {
    window.history.replaceState(window.history.state, '', page.href);
  } catch {
    // A sandboxed document may refuse; the state is spent anyway.
  }
}

/**
 * Recognises, on the page Auth0 sends the browser back to, the return from a
 * logout this SDK started (`logout`, `oidcLogout` or a popup logout), and
 * finishes it: removes the echoed `state` from the address bar, forgets the
 * pending logout, and tells `onLogout` listeners in this and the other tabs
 * (`phase: 'completed'`). In a logout popup, it hands the result to the
 * opening page instead and closes the popup.
 *
 * A return is this SDK's only when a logout of this tab (and client) saved a
 * record less than five minutes ago, the page is its return URL (query and
 * fragment aside), and for OpenID Connect the echoed `state` equals the one
 * sent (RP-Initiated Logout 1.0 §3). Anything else, a forged or replayed
 * `state` included, resolves `undefined` and tells no one. Calling it again
 * on the same page resolves the same value and tells no one again.
 *
 * Without a `window` (server-side rendering) there is nothing to recognise:
 * it resolves `undefined`.
 *
 * @param webAuth - the instance that logged out.
 * @param url - the page's URL, `location.href` by default.
 * @throws {@link WebAuthError} (as a rejection) when `webAuth` is not an instance or `url` not a string.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RedirectionAfterLogout
 */
export async function handleLogoutReturn(webAuth: WebAuth, url?: string): Promise<LogoutReturn | undefined> {
  const { config } = stateOf(webAuth);
  if (url !== undefined && typeof url !== 'string') throw optionError('invalid_option', 'url', 'the URL of the page, a string', url);
  const { clientID } = config;
  if (typeof window === 'undefined') return undefined;
  if (handled.has(clientID)) return handled.get(clientID);
  const page = guard('handleLogoutReturn(webAuth, url)', () => new URL(url ?? window.location.href, window.location.href));

  const opener = sameOriginOpener();
  const openerStorage = opener && sessionStorageOf(opener);
  const openerRecord = openerStorage && readPendingLogout(openerStorage, clientID, Date.now());
  const ownStorage = sessionStorageOf();
  const popupRecord = openerRecord?.popup !== undefined && isReturnOf(openerRecord, page) ? openerRecord : undefined;
  const ownRecord = popupRecord ? undefined : ownStorage && readPendingLogout(ownStorage, clientID, Date.now());
  const record = popupRecord ?? (ownRecord && isReturnOf(ownRecord, page) ? ownRecord : undefined);
  if (!record) return undefined;

  const result = logoutReturnOf(record);
  handled.set(clientID, result);
  removeState(page);
  if (popupRecord) {
    // The opener finishes the logout: it forgets the record, tells the tabs, and resolves the app's promise.
    const message: PopupReturnMessage = { type: POPUP_RETURN, popup: popupRecord.popup!, state: popupRecord.state };
    opener!.postMessage(message, window.location.origin);
    window.close();
    return result;
  }
  writePendingLogout(ownStorage, clientID);
  // From the record, whose fields are its own: `result` would inherit a `revoked` it does not have.
  announceLogout(announcement(clientID, record, 'completed'));
  return result;
}
