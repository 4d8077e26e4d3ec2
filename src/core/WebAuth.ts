import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import { optionError } from '../utils/checks';
import type { LogoutListener, LogoutOptions, NavigationOptions, OidcLogoutOptions, WebAuthOptions } from '../types/options';
import { readConfig, type WebAuthConfig } from './config';
import { announceLogout, announcement, subscribe } from './crossTab';
import { createLogoutUrl, parseLogoutOptions } from './logoutUrl';
import { createOidcLogoutUrl, parseOidcLogoutOptions } from './oidcLogoutUrl';
import { logoutDeparture, oidcLogoutDeparture, type Departure } from './departure';
import { formPoster, locationNavigator, parseNavigation } from './navigate';
import { sessionStorageOf, writePendingLogout } from './pendingLogout';
import { parseRevocation, revokeRefreshToken } from './revocation';

/** What an instance was constructed with, checked; only this module can make one, so no look-alike passes for it. */
export class State {
  constructor(
    readonly config: WebAuthConfig,
    /** The constructor's navigation defaults; a call's own options win over them. */
    readonly navigation: NavigationOptions,
  ) {}
}

// A key no other code holds: the state is out of the app's reach, and a look-alike object cannot carry it.
const STATE = Symbol('webauth-logout state');

/** The state of a real instance; a method called on anything else (a Proxy whose traps throw included) refuses with `invalid_instance`. */
export function stateOf(receiver: unknown): State {
  let state: unknown;
  try {
    state = (receiver as Record<symbol, unknown>)[STATE];
    if (!(state instanceof State)) state = undefined;
  } catch {
    state = undefined;
  }
  if (!state) throw new WebAuthError('invalid_instance', 'call this method on a WebAuth instance');
  return state as State;
}

/**
 * An Auth0 logout client for one tenant and application, call-compatible with
 * auth0.js's `WebAuth` for logout. Constructing it and building URLs never
 * touch `window`, so both are safe during server-side rendering.
 *
 * Every method throws (or rejects with) only {@link WebAuthError}, whatever it
 * is given; `logout` also passes on what the app's own `openUrl` rejects with.
 */
export class WebAuth {

  /**
   * @param options - `domain` and `clientID` (required), telemetry, `allowedLogoutUrls` and navigation defaults;
   *   only its own properties are read, once, and it is never modified.
   * @throws {@link WebAuthError} when an option is not valid.
   */
  constructor(options: WebAuthOptions) {
    const { config, navigation } = guard('new WebAuth(options)', () => {
      const read = readConfig(options);
      return { config: read.config, navigation: parseNavigation(read.navigation) };
    });
    Object.defineProperty(this, STATE, { value: new State(config, navigation) });
  }

  /**
   * The Auth0 `/v2/logout` URL, without side effects; byte-identical to
   * auth0.js's `buildLogoutUrl` apart from `auth0Client`.
   *
   * @param options - `/v2/logout` options, or a `returnTo` URL string.
   * @throws {@link WebAuthError} when an option is not valid or `returnTo` is not allowed.
   * @see https://auth0.com/docs/api/authentication#logout
   */
  buildLogoutUrl(options?: LogoutOptions | string): string {
    return guard('buildLogoutUrl(options)', () => createLogoutUrl(stateOf(this).config, parseLogoutOptions(options)));
  }

  /**
   * Logs out through Auth0 `/v2/logout`: checks the options, tells `onLogout`
   * listeners in this and other tabs, then leaves the page (or calls `openUrl`).
   *
   * @param options - `/v2/logout` options, or a `returnTo` URL string.
   * @returns a promise that resolves once navigation has started or `openUrl` has resolved,
   *   and rejects with a {@link WebAuthError}, before anything happens, when an option is not valid.
   * @see https://auth0.com/docs/api/authentication#logout
   */
  async logout(options?: LogoutOptions | string): Promise<void> {
    const state = stateOf(this);
    await leave(
      state,
      guard('logout(options)', () => logoutDeparture(state.config, options)),
    );
  }

  /**
   * The OpenID Connect RP-Initiated Logout 1.0 URL (`/oidc/logout`), without side effects.
   *
   * @param options - `/oidc/logout` options, or a `postLogoutRedirectUri` string.
   * @throws {@link WebAuthError} when an option is not valid or the redirect URI is not allowed.
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  buildOidcLogoutUrl(options?: OidcLogoutOptions | string): string {
    return guard('buildOidcLogoutUrl(options)', () => createOidcLogoutUrl(stateOf(this).config, parseOidcLogoutOptions(options).params));
  }

  /**
   * Logs out through OpenID Connect RP-Initiated Logout (`/oidc/logout`), with
   * the same listeners, cross-tab notice and navigation options as {@link WebAuth.logout}.
   *
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  async oidcLogout(options?: OidcLogoutOptions | string): Promise<void> {
    const state = stateOf(this);
    await leave(
      state,
      guard('oidcLogout(options)', () => oidcLogoutDeparture(state.config, options)),
    );
  }

  /**
   * Calls `listener` whenever this application logs out, in this tab
   * (`source: 'this-tab'`, before the page leaves) and in its other tabs of the
   * same origin (`source: 'other-tab'`).
   *
   * @returns a function that removes the listener and closes what it listened on.
   * @throws {@link WebAuthError} when `listener` is not a function.
   */
  onLogout(listener: LogoutListener): () => void {
    const { config } = stateOf(this);
    if (typeof listener !== 'function') throw optionError('invalid_option', 'listener', 'a function', listener, 'onLogout listener is not valid');
    return subscribe(config.clientID, listener);
  }
}

/**
 * Checks how to leave, revokes the refresh token if asked, then leaves and
 * tells everyone; a per-call navigation option wins over the constructor's.
 * The built-in navigations run first, so that a browser's refusal
 * (`navigation_blocked`) is announced to no one; an app's `openUrl` is called
 * after the announcement, as the page may be gone once it resolves.
 */
async function leave({ config, navigation: defaults }: State, departure: Departure): Promise<void> {
  const { clientID } = config;
  const [open, builtIn, revocation] = guard('the navigation options', () => {
    const call = parseNavigation(departure.leaving);
    const openUrl = call.openUrl ?? defaults.openUrl;
    // A URL handed to the app would carry the ID token the form POST keeps out of URLs.
    if (departure.post && openUrl) throw new WebAuthError('invalid_option', 'openUrl cannot take a form POST');
    const target = call.redirectTarget ?? defaults.redirectTarget;
    const navigate =
      openUrl ??
      (departure.post ? formPoster(target === 'top' ? '_top' : '_self') : locationNavigator(call.redirectMethod ?? defaults.redirectMethod ?? 'assign', target));
    return [navigate, openUrl === undefined, parseRevocation(departure.leaving)] as const;
  });
  const revoked = revocation && (await revokeRefreshToken(config, revocation));
  const announce = (phase: 'started' | 'completed') => announceLogout(announcement(clientID, { ...departure.pending, revoked }, phase));
  // A local-only logout has no return trip to recognise.
  const storage = open ? sessionStorageOf() : undefined;
  writePendingLogout(storage, clientID, { ...departure.pending, revoked, time: Date.now() });
  if (!builtIn) announce('started');
  try {
    if (open) await open(departure.url);
  } catch (failure) {
    writePendingLogout(storage, clientID);
    throw failure;
  }
  if (builtIn) announce('started');
  // A local-only logout has nothing more to wait for: it is complete at once.
  if (!open) announce('completed');
}
