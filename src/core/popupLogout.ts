import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import type { LogoutReturn, PopupLogoutOptions, PopupOidcLogoutOptions } from '../types/options';
import { isPlainObject, isTimeoutMs, optionError, readOwn, assertOptional } from '../utils/checks';
import { randomState } from '../utils/randomState';
import type { WebAuthConfig } from './config';
import { announceLogout, announcement, thisPage } from './announce';
import { NAVIGATION_KEYS } from './callOptions';
import { logoutDeparture, type Departure } from './departure';
import { logoutReturnOf } from './logoutReturn';
import { formPoster, requireWindow } from './navigate';
import { oidcLogoutDeparture } from './oidcLogout';
import { sessionStorageOf, writePendingLogout, type PendingLogout } from './pendingLogout';
import { isPopupReturn } from './popupMessage';
import { parseRevocation, revokeRefreshToken, type Revocation } from './revocation';
import { settingsOf, type WebAuth } from './WebAuth';

/** Long enough to log out of an identity provider that asks the user to confirm. */
const DEFAULT_POPUP_TIMEOUT_MS = 60_000;
/** How often the opener looks whether the user closed the popup; no event says so across origins. */
const CLOSED_POLL_MS = 250;
const POPUP_FEATURES = 'popup,width=480,height=640';

/** A popup logout, checked: the departure and how long to wait. */
interface PopupLogout {
  readonly departure: Departure;
  readonly revocation: Revocation | undefined;
  readonly timeoutMs: number;
}

function parsePopupLogout(config: WebAuthConfig, options: unknown, depart: typeof logoutDeparture, urlKey: string): PopupLogout {
  let timeoutMs: unknown;
  let logoutOptions = options;
  if (isPlainObject(options)) {
    const own = readOwn(options);
    const navigation = NAVIGATION_KEYS.find((key) => own[key] !== undefined);
    if (navigation) throw new WebAuthError('invalid_option', `${navigation} is not an option of a popup logout: the page stays where it is`);
    timeoutMs = own.timeoutMs;
    delete own.timeoutMs;
    logoutOptions = own;
  }
  assertOptional('timeoutMs', timeoutMs, isTimeoutMs, 'a number of milliseconds above 0');
  const departure = depart(config, logoutOptions);
  const { returnTo } = departure.pending;
  if (returnTo === undefined || new URL(returnTo).origin !== window.location.origin) {
    throw optionError(
      'invalid_return_to',
      urlKey,
      `a page of this origin (${window.location.origin}) that calls handleLogoutReturn`,
      returnTo,
      `a popup logout needs ${urlKey}`,
    );
  }
  return { departure, revocation: parseRevocation(departure.leaving), timeoutMs: (timeoutMs as number | undefined) ?? DEFAULT_POPUP_TIMEOUT_MS };
}

/**
 * Runs a popup logout to its end: revokes if asked, points the popup at the
 * logout, and settles when the popup's page reports the return, the user
 * closes it, or time runs out. Whatever the end, the timers and the listener
 * go, the record is forgotten, and the popup is closed.
 */
function watchPopup(config: WebAuthConfig, { departure, revocation, timeoutMs }: PopupLogout, popup: Window, name: string): Promise<LogoutReturn> {
  const storage = sessionStorageOf();
  const { clientID } = config;
  return new Promise((resolve, reject) => {
    let settled = false;
    let record: PendingLogout | undefined;
    const finish = (error: WebAuthError | undefined) => {
      if (settled) return;
      settled = true;
      window.removeEventListener('message', onMessage);
      clearInterval(closedPoll);
      clearTimeout(deadline);
      writePendingLogout(storage, clientID);
      try {
        popup.close();
      } catch {
        // Already closed.
      }
      // Only a logout that was announced has an end to announce: one refused before it left has none.
      if (record) announceLogout(announcement(clientID, record, error ? 'abandoned' : 'completed', error?.code as 'popup_closed' | 'timeout'));
      if (error) reject(error);
      else resolve(logoutReturnOf(record!));
    };
    const onMessage = (event: MessageEvent) => {
      if (record && event.source === popup && event.origin === window.location.origin && isPopupReturn(event.data, name, departure.pending.state)) finish(undefined);
    };
    window.addEventListener('message', onMessage);
    const closedPoll = setInterval(() => {
      // One more round before giving up: a popup that closes itself on return posts its message just before.
      if (popup.closed) setTimeout(() => finish(new WebAuthError('popup_closed', 'the logout popup was closed before the logout came back')), CLOSED_POLL_MS);
    }, CLOSED_POLL_MS);
    const deadline = setTimeout(
      () => finish(new WebAuthError('timeout', `the logout popup did not come back within ${timeoutMs} ms: raise timeoutMs, or check that the return page calls handleLogoutReturn`)),
      timeoutMs,
    );
    void (async () => {
      const revoked = revocation && (await revokeRefreshToken(config, revocation));
      if (settled) return;
      record = { ...departure.pending, revoked, reason: undefined, time: Date.now(), page: thisPage, popup: name };
      writePendingLogout(storage, clientID, record);
      announceLogout(announcement(clientID, record, 'started'));
      if (departure.post) formPoster(name)(departure.url);
      else popup.location.href = departure.url;
    })().catch((error: unknown) => finish(new WebAuthError('popup_closed', 'the logout popup could not be pointed at the logout', { cause: error })));
  });
}

function popupLogout(webAuth: WebAuth, options: unknown, what: string, depart: typeof logoutDeparture, urlKey: string): Promise<LogoutReturn> {
  try {
    const { config } = settingsOf(webAuth);
    requireWindow();
    const checked = guard(what, () => parsePopupLogout(config, options, depart, urlKey));
    // Opened now, still inside the click that called this: browsers block a popup opened after an `await`.
    const name = `webauth-logout-${randomState()}`;
    let popup: Window | null;
    try {
      popup = window.open('', name, POPUP_FEATURES);
    } catch (refusal) {
      // Some browsers and sandboxes throw rather than answer null.
      throw new WebAuthError('popup_blocked', 'the browser refused to open the logout popup', { cause: refusal });
    }
    if (!popup) throw new WebAuthError('popup_blocked', 'the browser blocked the logout popup: call the popup logout directly in a click handler');
    return watchPopup(config, checked, popup, name);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Logs out through Auth0 `/v2/logout` in a popup, without leaving the page.
 * Call it directly in a click handler: the popup opens at once (a browser
 * blocks one opened later), then goes to Auth0, which sends it back to
 * `returnTo`, a page of this origin that calls {@link handleLogoutReturn};
 * that closes the popup and hands the result here. Listeners and other tabs
 * hear `started`, then `completed`.
 *
 * @param options - `/v2/logout` options (`returnTo` required) or a `returnTo` string, plus `timeoutMs` (default 60 s).
 * @returns the {@link LogoutReturn}; rejects with a {@link WebAuthError}: `popup_blocked`, `popup_closed` (by the user),
 *   `timeout`, or an option error before any popup opens.
 * @see https://auth0.com/docs/api/authentication#logout
 */
export function logoutWithPopup(webAuth: WebAuth, options?: PopupLogoutOptions | string): Promise<LogoutReturn> {
  return popupLogout(webAuth, options, 'logoutWithPopup(webAuth, options)', logoutDeparture, 'returnTo');
}

/**
 * Logs out through OpenID Connect RP-Initiated Logout in a popup, as
 * {@link logoutWithPopup} does; `postLogoutRedirectUri` is required, `state`
 * is made when not given, and `httpMethod: 'POST'` submits the form into the popup.
 *
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export function oidcLogoutWithPopup(webAuth: WebAuth, options?: PopupOidcLogoutOptions | string): Promise<LogoutReturn> {
  return popupLogout(webAuth, options, 'oidcLogoutWithPopup(webAuth, options)', oidcLogoutDeparture, 'postLogoutRedirectUri');
}
