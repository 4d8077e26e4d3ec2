import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import { optionError } from '../utils/checks';
import type { LogoutListener, LogoutOptions, NavigationOptions, OidcLogoutOptions, WebAuthOptions } from '../types/options';
import { readConfig, type WebAuthConfig } from './config';
import { announceLogout, subscribe } from './crossTab';
import { createLogoutUrl, parseLogoutOptions } from './logoutUrl';
import { locationNavigator, parseNavigation } from './navigate';
import { createOidcLogoutUrl, parseOidcLogoutOptions } from './oidcLogoutUrl';

/** A logout that passed every check: where to go, and what listeners and other tabs are told. */
interface Departure {
  url: string;
  returnTo: string | undefined;
  federated: boolean;
  navigation: NavigationOptions;
}

/** What an instance was constructed with, checked; only this module can make one, so no look-alike passes for it. */
class State {
  constructor(
    readonly config: WebAuthConfig,
    /** The constructor's navigation defaults; a call's own options win over them. */
    readonly navigation: NavigationOptions,
  ) {}
}

// A key no other code holds: the state is out of the app's reach, and a look-alike object cannot carry it.
const STATE = Symbol('webauth-logout state');

/** The state of a real instance; a method called on anything else (a Proxy whose traps throw included) refuses with `invalid_instance`. */
function stateOf(receiver: unknown): State {
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
      guard('logout(options)', () => {
        const request = parseLogoutOptions(options);
        const { returnTo, federated, navigation } = request;
        return { url: createLogoutUrl(state.config, request), returnTo, federated, navigation };
      }),
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
      guard('oidcLogout(options)', () => {
        const { params, navigation } = parseOidcLogoutOptions(options);
        return { url: createOidcLogoutUrl(state.config, params), returnTo: params.postLogoutRedirectUri, federated: params.federated === true, navigation };
      }),
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
 * Checks how to leave, tells everyone, then navigates; a per-call navigation
 * option wins over the constructor's. Nothing is announced unless the page
 * can actually leave.
 */
async function leave({ config, navigation: defaults }: State, { url, returnTo, federated, navigation }: Departure): Promise<void> {
  const open = guard('the navigation options', () => {
    const call = parseNavigation(navigation);
    const openUrl = call.openUrl ?? defaults.openUrl;
    return openUrl ?? locationNavigator(call.redirectMethod ?? defaults.redirectMethod ?? 'assign');
  });
  announceLogout({ clientID: config.clientID, returnTo, federated });
  if (open) await open(url);
}
