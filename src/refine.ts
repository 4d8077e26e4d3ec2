/**
 * `logout` for a refine `authProvider`, backed by a {@link WebAuth} instance.
 *
 * The logouts import nothing from refine or React: the redirecting ones only
 * call the instance they are given; the popup logouts import the package's
 * own popup module, which the builds share as a chunk with the package root,
 * so `dist/refine.mjs` never carries a second copy of the core.
 * {@link LogoutSync} and {@link useLogoutSync}, which keep every tab in step,
 * import `react` and `@refinedev/core` (optional peer dependencies of the
 * package, needed by this entry only).
 *
 * @see https://refine.dev/docs/authentication/auth-provider/#logout
 * @packageDocumentation
 */
// Types only, so nothing of it is left in dist/refine.mjs; taken from the package
// root so that refine.d.mts (.d.cts) imports them from index.d.mts (.d.cts).
import type { LogoutOptions, OidcLogoutOptions, PopupLogoutOptions, PopupOidcLogoutOptions, WebAuth } from './index';
import { oidcLogout } from './core/oidcLogout';
import { logoutWithPopup, oidcLogoutWithPopup } from './core/popupLogout';

export { LogoutSync, useLogoutSync, type LogoutSyncProps } from './refine/logoutSync';

/**
 * What a refine `authProvider` action resolves to, written out here so this
 * package needs no dependency on `@refinedev/core`; it is assignable to
 * refine's own `AuthActionResponse`.
 */
export interface AuthActionResponse {
  success: boolean;
  /** An in-app route for refine's router; a logout from this package never sets it. */
  redirectTo?: string;
  /** Shown by refine as an error notification: `name` is the title, `message` the text. */
  error?: Error | { name: string; message: string };
  [key: string]: unknown;
}

/**
 * The `error` of a failed logout. refine shows `name` as the notification
 * title and `message` as its text.
 */
export interface RefineLogoutError {
  /** Always `"Logout Error"`, refine's own title for a failed logout. */
  name: string;
  /** The error's message, e.g. a `WebAuthError`'s, which names the option at fault. */
  message: string;
  /** The `WebAuthErrorCode` (or any string `code` the error carried), to match on instead of the message. */
  code?: string;
  /** What was thrown or rejected, unchanged. */
  cause: unknown;
}

/**
 * The result of a logout through this module: it always resolves. Only a
 * popup logout sets `redirectTo`, as the page is still there to route.
 */
export type RefineLogoutResponse =
  | { success: true; redirectTo?: string }
  | { success: false; error: RefineLogoutError };

/**
 * Keys that refine itself puts in the variables of `useLogout`'s `mutate`.
 * They are for refine (`redirectPath` is routed with `go()` after logout, or
 * `false` to stay put), so they are never sent to Auth0.
 */
export interface RefineLogoutVariables {
  redirectPath?: string | false;
}

/** What `mutate(...)` of `useLogout()` may take with {@link refineLogout}: `/v2/logout` options. */
export type RefineLogoutParams = LogoutOptions & RefineLogoutVariables;

/** What `mutate(...)` of `useLogout()` may take with {@link refineOidcLogout}: `/oidc/logout` options. */
export type RefineOidcLogoutParams = OidcLogoutOptions & RefineLogoutVariables;

/** What `mutate(...)` of `useLogout()` may take with {@link refinePopupLogout}: popup `/v2/logout` options. */
export type RefinePopupLogoutParams = PopupLogoutOptions & RefineLogoutVariables;

/** What `mutate(...)` of `useLogout()` may take with {@link refineOidcPopupLogout}: popup `/oidc/logout` options. */
export type RefineOidcPopupLogoutParams = PopupOidcLogoutOptions & RefineLogoutVariables;

/**
 * An `authProvider.logout`. A string is the same shorthand `WebAuth` takes
 * (`returnTo`, or `postLogoutRedirectUri` for OIDC); `undefined` or `null`
 * means the defaults alone.
 */
export type RefineLogout<TParams> = (params?: TParams | string | null) => Promise<RefineLogoutResponse>;

/** refine's title for a failed logout, which users already see for other logout failures. */
const ERROR_NAME = 'Logout Error';
/** refine's text when a failure comes without a message. */
const FALLBACK_MESSAGE = 'Something went wrong during logout';

// The core's own test for an options object (utils/checks.ts), kept here: an import of it would make the
// builds add an export to the package root's file, or split the core into a file of its own.
// Not an array, a class instance or null.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  try {
    return Object.prototype.toString.call(value) === '[object Object]';
  } catch {
    return false;
  }
}

/** The own properties of `value`, read once; inherited (polluted) keys are never options. */
function ownCopy(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (key !== '__proto__') copy[key] = value[key];
  return copy;
}

/**
 * The defaults as given to {@link refineLogout}: an object (its own
 * properties, copied now), a URL string (the same shorthand the `WebAuth`
 * methods take), or nothing. Anything else is kept as it is, so every call
 * resolves with the method's own `invalid_options` error.
 */
function readDefaults(defaults: unknown, urlKey: string): unknown {
  if (defaults === undefined || defaults === null) return {};
  if (typeof defaults === 'string') return { [urlKey]: defaults };
  try {
    return isPlainObject(defaults) ? ownCopy(defaults) : defaults;
  } catch {
    // Unreadable (a throwing getter, a revoked Proxy): each call reports it, through the method's own check.
    unreadable.add(defaults as object);
    return defaults;
  }
}

/** Defaults that could not be read when given: passed on as they are, never read here again. */
const unreadable = new WeakSet<object>();

/**
 * The options of one call: the call's params over the defaults, as
 * `{ ...defaults, ...params }` (so an explicit `undefined` removes a default,
 * as `clientID: undefined` removes `client_id` in the core), minus refine's
 * own keys.
 *
 * What refine 5 passes, read from `@refinedev/core` 5.0.12 `dist/index.mjs`:
 * `useLogout` hands the variables of `mutate(...)` to `authProvider.logout`
 * unchanged (`mutationFn` is the auth context's `handleLogout(params)`), so
 * `mutate()` gives `undefined`; refine adds no key of its own there, but reads
 * `redirectPath` from the same variables, and `useOnError` calls
 * `logout({ redirectPath })` (with `redirectPath: undefined` when `onError`
 * returns no `redirectTo`) when `onError` resolves `{ logout: true }`.
 *
 * Anything else (a number, an array, defaults that were not an object) is
 * passed on unchanged so that the `WebAuth` method rejects it with its usual
 * `invalid_options` error.
 */
function mergeParams(defaults: unknown, params: unknown, urlKey: string): unknown {
  if (!isPlainObject(defaults) || unreadable.has(defaults)) return defaults;
  if (params === undefined || params === null) return { ...defaults };
  if (typeof params === 'string') return { ...defaults, [urlKey]: params };
  if (!isPlainObject(params)) return params;
  let own: Record<string, unknown>;
  try {
    own = ownCopy(params);
  } catch {
    // Unreadable (a throwing getter, a Proxy whose traps throw): the method's own check reports it, with its code.
    return params;
  }
  const { redirectPath, ...options } = own;
  return { ...defaults, ...options };
}

/** A string field of what was thrown, or `undefined`; reading it may run hostile code (a getter, a Proxy). */
function stringField(thrown: object, field: 'message' | 'code'): string | undefined {
  try {
    const value = (thrown as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The error refine shows. The title stays refine's "Logout Error" for every
 * failure: refine puts `error.name` in front of end users, and a class name
 * such as `WebAuthError` or `TypeError` tells them nothing; the message says
 * what went wrong, and `code` and `cause` keep the details for the app.
 * Whatever was thrown, this never throws.
 */
function toRefineError(thrown: unknown): RefineLogoutError {
  const fields = typeof thrown === 'object' && thrown !== null;
  const message = typeof thrown === 'string' ? thrown : fields ? stringField(thrown, 'message') : undefined;
  const error: RefineLogoutError = { name: ERROR_NAME, message: message || FALLBACK_MESSAGE, cause: thrown };
  const code = fields ? stringField(thrown, 'code') : undefined;
  if (code !== undefined) error.code = code;
  return error;
}

/**
 * Runs one logout and turns every outcome into a response; refine expects a
 * promise that never rejects. Without `redirectTo` for a redirecting logout:
 * the browser is already on its way to Auth0, and refine's router could not
 * leave the site anyway.
 */
async function settle(leave: () => Promise<unknown>, redirectTo?: string): Promise<RefineLogoutResponse> {
  try {
    await leave();
    return redirectTo === undefined ? { success: true } : { success: true, redirectTo };
  } catch (thrown) {
    return { success: false, error: toRefineError(thrown) };
  }
}

/**
 * Creates an `authProvider.logout` that logs out through Auth0 `/v2/logout`
 * with {@link WebAuth.logout}, so the instance's `openUrl`, `redirectMethod`,
 * `allowedLogoutUrls`, `onLogout` listeners and cross-tab notice all apply.
 *
 * The params given to `useLogout().mutate(...)` are merged over `defaults`, so
 * a component can call `logout({ returnTo })`; keys other than the known
 * options become query parameters, exactly as with `webAuth.logout`, and
 * refine's own `redirectPath` is left out.
 *
 * The returned function never rejects: it resolves `{ success: true }` once
 * navigation has started, or `{ success: false, error }` without navigating
 * when the options are not valid or `openUrl` fails, and refine then shows
 * `error` as a notification.
 *
 * @param webAuth - the application's client, or anything with the same `logout`.
 * @param defaults - `/v2/logout` options for every call, e.g. `{ returnTo: window.location.origin }`, or a
 *   `returnTo` URL string; copied once (own properties only), so later changes to the object have no effect.
 * @example
 * ```ts
 * const authProvider: AuthProvider = {
 *   logout: refineLogout(webAuth, { returnTo: window.location.origin }),
 *   // login, check, onError, ...
 * };
 * ```
 */
export function refineLogout(webAuth: Pick<WebAuth, 'logout'>, defaults?: LogoutOptions | string): RefineLogout<RefineLogoutParams> {
  const base = readDefaults(defaults, 'returnTo');
  return (params) => settle(() => webAuth.logout(mergeParams(base, params, 'returnTo') as LogoutOptions));
}

/**
 * Creates an `authProvider.logout` that logs out through OpenID Connect
 * RP-Initiated Logout (`/oidc/logout`) with `oidcLogout(webAuth, options)`; it
 * merges, settles and reports errors as {@link refineLogout} does. An unknown
 * key is an error here, as with `oidcLogout`.
 *
 * @param webAuth - the application's client.
 * @param defaults - `/oidc/logout` options for every call, e.g. `{ postLogoutRedirectUri }`;
 *   copied once. An ID token usually changes per session, so pass `idTokenHint`
 *   to `mutate(...)` or read it in a wrapper rather than fixing it here.
 */
export function refineOidcLogout(
  webAuth: WebAuth,
  defaults?: OidcLogoutOptions | string,
): RefineLogout<RefineOidcLogoutParams> {
  const base = readDefaults(defaults, 'postLogoutRedirectUri');
  return (params) => settle(() => oidcLogout(webAuth, mergeParams(base, params, 'postLogoutRedirectUri') as OidcLogoutOptions));
}

/** How a popup logout hands the app back to refine. */
export interface RefinePopupOptions {
  /** The in-app route refine goes to once the popup has come back (default `/login`). */
  redirectTo?: string;
}

/** refine's own default route for a signed-out user. */
const DEFAULT_SIGNED_OUT_ROUTE = '/login';

/** The route to go to, read once; anything but a string (an unreadable object included) means refine's default. */
function popupRoute(options: RefinePopupOptions | undefined): string {
  try {
    const redirectTo = isPlainObject(options) ? ownCopy(options as Record<string, unknown>).redirectTo : undefined;
    return typeof redirectTo === 'string' ? redirectTo : DEFAULT_SIGNED_OUT_ROUTE;
  } catch {
    return DEFAULT_SIGNED_OUT_ROUTE;
  }
}

/**
 * Creates an `authProvider.logout` that logs out in a popup with
 * {@link logoutWithPopup}: the page stays, and once the popup has come back
 * it resolves `{ success: true, redirectTo }`, so refine routes the app to
 * its signed-out page without a reload. It resolves `{ success: false, error }`
 * with the `WebAuthError`'s code for each failure (`popup_blocked`,
 * `popup_closed`, `timeout`, an option error). refine calls `logout` from the
 * click on its logout button, which is the user gesture a popup needs, as
 * long as nothing is awaited before it.
 *
 * @param webAuth - the application's client.
 * @param defaults - `/v2/logout` options for every call; `returnTo` must be a page of this origin that calls `handleLogoutReturn`.
 * @param options - where refine goes afterwards (`redirectTo`, default `/login`).
 */
export function refinePopupLogout(
  webAuth: WebAuth,
  defaults?: PopupLogoutOptions | string,
  options?: RefinePopupOptions,
): RefineLogout<RefinePopupLogoutParams> {
  const base = readDefaults(defaults, 'returnTo');
  const redirectTo = popupRoute(options);
  return (params) => settle(() => logoutWithPopup(webAuth, mergeParams(base, params, 'returnTo') as PopupLogoutOptions), redirectTo);
}

/** {@link refinePopupLogout} through OpenID Connect RP-Initiated Logout, with {@link oidcLogoutWithPopup}. */
export function refineOidcPopupLogout(
  webAuth: WebAuth,
  defaults?: PopupOidcLogoutOptions | string,
  options?: RefinePopupOptions,
): RefineLogout<RefineOidcPopupLogoutParams> {
  const base = readDefaults(defaults, 'postLogoutRedirectUri');
  const redirectTo = popupRoute(options);
  return (params) => settle(() => oidcLogoutWithPopup(webAuth, mergeParams(base, params, 'postLogoutRedirectUri') as PopupOidcLogoutOptions), redirectTo);
}

