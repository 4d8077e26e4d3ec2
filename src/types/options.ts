import type { LogoutEndpoint } from '../utils/allowedLogoutUrl';

/**
 * Receives the logout URL instead of the default navigation (an in-app
 * browser, a router, a test). The logout promise settles when this does.
 */
export type OpenUrl = (url: string) => void | Promise<void>;

/** Which `window.location` method leaves the page. */
export type RedirectMethod = 'assign' | 'replace';

/** Which window leaves: this one, or the top window when the app runs in a frame. */
export type RedirectTarget = 'self' | 'top';

/** Options that decide how the browser leaves the page, per instance or per call. */
export interface NavigationOptions {
  /**
   * A function that receives the URL instead of the default navigation, or
   * `false` for a local-only logout: no navigation, but listeners and other
   * tabs are still told. A per-call value wins over the constructor's.
   */
  openUrl?: OpenUrl | false;
  /** `assign` (default) keeps the page in history; `replace` does not. */
  redirectMethod?: RedirectMethod;
  /**
   * `top` sends the whole browser tab to Auth0 when the app runs in an
   * iframe (default `self`). Where the browser refuses (a sandboxed frame
   * without `allow-top-navigation`), the logout rejects with
   * `navigation_blocked` and nothing is announced.
   */
  redirectTarget?: RedirectTarget;
}

/** Ending the refresh token before the logout (RFC 7009, Auth0's `POST /oauth/revoke`). */
export interface RevocationOptions {
  /**
   * A refresh token to revoke before leaving. Best effort: the logout goes on
   * whatever the answer; the outcome is the events' and the return's `revoked`.
   * It is sent only in the request body, never in a URL, message or event.
   */
  revokeRefreshToken?: string;
  /** How long to wait for the revocation before logging out anyway, in ms (default 3000). */
  revokeTimeoutMs?: number;
}

/** Telemetry sent as `auth0Client`; the SDK adds its own name and version under `env`. */
export interface TelemetryInfo {
  name: string;
  version: string;
  env?: Record<string, string>;
  [key: string]: unknown;
}

/** What `new WebAuth(options)` and the standalone URL builders take. */
export interface WebAuthOptions extends NavigationOptions {
  /** The tenant: `me.auth0.com`, `https://me.auth0.com/` or a custom domain, with an optional port and path. */
  domain: string;
  /** The application's client ID. */
  clientID: string;
  /** `false` leaves out the `auth0Client` telemetry parameter (default `true`, as in auth0.js). */
  _sendTelemetry?: boolean;
  /** Replaces the telemetry object; this SDK's name and version go under its `env`. */
  _telemetryInfo?: TelemetryInfo;
  /**
   * The Allowed Logout URLs configured at Auth0. When given, a return URL
   * outside the list is refused before the page leaves
   * (`returnto_not_allowed`) instead of ending on Auth0's error page.
   */
  allowedLogoutUrls?: readonly string[];
  /**
   * How long the tabs that heard a logout start wait for its end before they
   * announce it `abandoned` (`reason: 'no_return'`), in ms: default and
   * longest 300000 (five minutes, as long as a return is recognised).
   */
  abandonAfterMs?: number;
  /**
   * Adds a one-time marker (`webauth_logout`, the logout's `id`) to the
   * query of `returnTo` when `logout()` leaves, so that only Auth0's redirect
   * back completes the logout, never a link to the same page (default
   * `false`: the URL stays byte-identical to auth0.js's). Auth0 ignores the
   * query of `returnTo` when it matches Allowed Logout URLs for `/v2/logout`.
   */
  markReturn?: boolean;
  /** Accepted and ignored, so an auth0.js configuration can be passed unchanged. */
  responseType?: string;
  responseMode?: string;
  redirectUri?: string;
  scope?: string;
  audience?: string;
  _disableDeprecationWarnings?: boolean;
}

/** Values auth0.js treats as "log out of the identity provider too" are anything but `undefined`, `false` and `'false'`. */
export type FederatedValue = boolean | string | number | null;

/**
 * Options of `/v2/logout`, as auth0.js takes them. Every key but the
 * navigation options becomes a query parameter, camelCase turned to
 * snake_case except `returnTo` and `auth0Client`, exactly as auth0.js does.
 *
 * In TypeScript only these keys are accepted, so a misspelling (`retrunTo`,
 * `federate`) is a compile error; any other `/v2/logout` parameter goes in
 * {@link LogoutOptions.logoutParams}. Plain JavaScript may still pass extra
 * top-level keys, which become parameters as in auth0.js.
 */
export interface LogoutOptions extends NavigationOptions, RevocationOptions {
  /** Where Auth0 sends the user after logout; must be in the Allowed Logout URLs. */
  returnTo?: string;
  /** The snake_case spelling of `returnTo`, checked the same way (Auth0 reads `returnTo`). */
  return_to?: string;
  /** Overrides the constructor's client ID; `undefined` leaves `client_id` out. */
  clientID?: string;
  client_id?: string;
  /** auth0-spa-js's spelling: overrides the client ID; `null` leaves `client_id` out. */
  clientId?: string | null;
  /** Also log out of the upstream identity provider (sent as a bare `&federated`). */
  federated?: FederatedValue;
  /**
   * auth0-spa-js 2.x's shape, `logout({ clientId, logoutParams: { returnTo, federated } })`,
   * and the one spelling for any other `/v2/logout` parameter. Its keys are
   * sent as written (not snake_cased), as auth0-spa-js does; with it, the only
   * other keys are `clientId` and the navigation options.
   */
  logoutParams?: LogoutParams;
}

/** `/v2/logout` parameters in auth0-spa-js's `logoutParams` shape. */
export interface LogoutParams {
  /** Where Auth0 sends the user after logout; must be in the Allowed Logout URLs. */
  returnTo?: string;
  /** Any truthy value also logs out of the identity provider, as in auth0-spa-js. */
  federated?: boolean;
  /** Any other `/v2/logout` parameter, sent as written. */
  [param: string]: unknown;
}

/** Options of OpenID Connect RP-Initiated Logout 1.0, `GET /oidc/logout`. */
export interface OidcLogoutOptions extends NavigationOptions, RevocationOptions {
  /** A previously issued ID token (§2 `id_token_hint`); only its shape is checked. */
  idTokenHint?: string;
  /** At Auth0, the session's `sid` (§2 `logout_hint`). */
  logoutHint?: string;
  /** Overrides the constructor's client ID; `undefined` leaves `client_id` out. */
  clientID?: string;
  /** Must match a registered URI exactly, query string included (§2 `post_logout_redirect_uri`). */
  postLogoutRedirectUri?: string;
  /**
   * Echoed back unchanged on the redirect (§2 `state`). `oidcLogout` makes a
   * random one when a `postLogoutRedirectUri` comes without it, so that
   * `handleLogoutReturn` can recognise the return.
   */
  state?: string;
  /** Preferred languages, as BCP 47 tags (§2 `ui_locales`). */
  uiLocales?: string | readonly string[];
  /** Auth0's extension: also log out of the identity provider. */
  federated?: boolean;
  /**
   * `POST` sends the parameters as a form (§2 allows both), so `id_token_hint`
   * stays out of the address bar, history, server logs and `Referer`
   * (default `GET`). Only `oidcLogout` navigates; the URL builders ignore it.
   */
  httpMethod?: 'GET' | 'POST';
}

/** Where a logout is in its life; see {@link LogoutEvent.phase}. */
export type LogoutPhase = 'started' | 'completed' | 'abandoned';

/**
 * Why a logout event happened, when there is more to say than its phase.
 *
 * On `started` and `completed`:
 * - `idle`: `watchIdle`'s deadline passed (absent when the app itself logged out).
 *
 * On `abandoned`, why the logout did not come back:
 * - `reload`: the page that left was reloaded before the return.
 * - `history`: the page that left was shown again by Back or Forward (from the back/forward cache or loaded afresh).
 * - `navigated`: another page of the app loaded in that tab without being the logout's return
 *   (a link, a typed address, a return whose `state` or marker did not match).
 * - `popup_closed`, `timeout`: the popup logout rejected with that code.
 * - `open_url_failed`: the app's `openUrl` rejected.
 * - `no_return`: nothing was heard of it within `abandonAfterMs` (a tab that never came back).
 */
export type LogoutReason = 'idle' | 'reload' | 'history' | 'navigated' | 'popup_closed' | 'timeout' | 'open_url_failed' | 'no_return';

/** What `onLogout` listeners receive. */
export interface LogoutEvent {
  /** Which logout: the same in its `started` and in the one `completed` or `abandoned` that follows, in every tab. */
  id: string;
  /** The client ID of the `WebAuth` instance that logged out. */
  clientID: string;
  /**
   * `v2` for `/v2/logout`, `oidc` for `/oidc/logout`; `oidc` also for a
   * back-channel logout (OpenID Connect Back-Channel Logout 1.0), whichever
   * way the session ended at Auth0 (`source: 'back-channel'`), except when it
   * ends a logout of this browser that was under way: that logout's `id`,
   * `endpoint`, `federated` and `reason` then.
   */
  endpoint: LogoutEndpoint;
  /** `returnTo` for `/v2/logout`, `postLogoutRedirectUri` for `/oidc/logout`; never on a back-channel logout. */
  returnTo?: string;
  federated: boolean;
  /**
   * `this-tab` in the tab that called logout (or came back), `other-tab`
   * everywhere else; `back-channel` in every tab when the app's server heard
   * Auth0's logout token (`watchBackChannelLogout`): then the only phase is
   * `completed`, the session having already ended at Auth0.
   */
  source: 'this-tab' | 'other-tab' | 'back-channel';
  /**
   * `started` as the page leaves for Auth0 (the session may still be alive);
   * then exactly one of `completed`, once the app is back and Auth0 has ended
   * the session (or at once for a local-only logout), or `abandoned`, once it
   * is known that the logout did not come back: the session may still be alive.
   */
  phase: LogoutPhase;
  /** Why, when there is more to say: see {@link LogoutReason}. */
  reason?: LogoutReason;
  /** Whether the refresh token was revoked, when the logout asked for it. */
  revoked?: boolean;
}

/** A logout that came back, as `handleLogoutReturn` and the popup logouts resolve it. */
export interface LogoutReturn {
  /** Which logout: the `id` of its events. */
  id: string;
  endpoint: LogoutEndpoint;
  /** Where Auth0 sent the browser back to, as the logout asked. */
  returnTo: string | undefined;
  /** The OpenID Connect `state` that came back, equal to the one sent. */
  state?: string;
  federated: boolean;
  /** Whether the refresh token was revoked, when the logout asked for it. */
  revoked?: boolean;
  /** `idle` when `watchIdle` started it. */
  reason?: 'idle';
}

/** What the popup logouts take besides the logout's own options. */
export interface PopupOptions {
  /** How long to wait for the popup to come back before rejecting with `timeout`, in ms (default 60000). */
  timeoutMs?: number;
}

/** `logoutWithPopup`'s options: `returnTo` must be a page of this origin that calls `handleLogoutReturn`. */
export type PopupLogoutOptions = Omit<LogoutOptions, keyof NavigationOptions> & PopupOptions;

/** `oidcLogoutWithPopup`'s options: `postLogoutRedirectUri` must be a page of this origin that calls `handleLogoutReturn`. */
export type PopupOidcLogoutOptions = Omit<OidcLogoutOptions, keyof NavigationOptions> & PopupOptions;

export type LogoutListener = (event: LogoutEvent) => void;

/** What `watchIdle` takes. */
export interface IdleOptions {
  /** How long the user may be inactive, in every tab of the application, before the logout (ms). */
  timeoutMs: number;
  /** How long before the logout `onWarn` is called (ms, default 0: no warning); below `timeoutMs`. */
  warnBeforeMs?: number;
  /** Called in every tab when the warning starts, with the time left. */
  onWarn?: (remainingMs: number) => void;
  /** Called in every tab when activity in any tab withdraws the warning. */
  onActive?: () => void;
  /** The options of the `webAuth.logout` the deadline triggers, or a function that logs out (e.g. with another method). */
  logout?: LogoutOptions | (() => unknown);
  /**
   * The DOM events, on `window`, that count as activity. Default: `pointerdown`,
   * `pointermove`, `keydown`, `wheel`, `touchstart`, and `visibilitychange` to visible.
   */
  events?: readonly string[];
  /** Share the deadline with the application's other tabs (default true). */
  crossTab?: boolean;
}

/** One tab's inactivity watch, as `watchIdle` returns it. */
export interface IdleWatch {
  /** Ends the watch in this tab only; the other tabs keep the deadline. */
  stop(): void;
  /** Counts as activity: the deadline moves for every tab. */
  reset(): void;
  /** The time left before the logout, in ms (0 once stopped or passed). */
  remaining(): number;
}

/** What `watchBackChannelLogout` takes. */
export interface BackChannelWatchOptions {
  /**
   * The app's event stream (Server-Sent Events) of the session, as
   * `createBackChannelLogout(...).handleEvents` serves it: absolute, or
   * relative to the page.
   */
  url: string | URL;
  /**
   * Send cookies to another origin's stream (`EventSource`'s
   * `withCredentials`, default `false`: a same-origin stream gets them anyway).
   */
  withCredentials?: boolean;
}

/** This tab's part of the back-channel watch, as `watchBackChannelLogout` returns it. */
export interface BackChannelWatch {
  /** Ends this tab's part: closes its stream if it holds it (another tab takes over), or leaves the queue. Idempotent. */
  stop(): void;
}
