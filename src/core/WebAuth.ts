import type {
  LogoutListener,
  LogoutOptions,
  NavigationOptions,
  OidcLogoutOptions,
  WebAuthOptions,
} from '../types/options';
import { isFederated } from '../utils/endpointUrl';
import { parseConfig, type WebAuthConfig } from './config';
import { announceLogout, subscribe } from './crossTab';
import { createLogoutUrl, parseLogoutOptions } from './logoutUrl';
import { locationNavigator, parseNavigation } from './navigate';
import { createOidcLogoutUrl, parseOidcLogoutOptions } from './oidcLogoutUrl';

/**
 * An Auth0 logout client for one tenant and application, call-compatible with
 * auth0.js's `WebAuth` for logout. Constructing it and building URLs never
 * touch `window`, so both are safe during server-side rendering.
 */
export class WebAuth {
  private readonly config: WebAuthConfig;
  private readonly navigation: NavigationOptions;

  /**
   * @param options - `domain` and `clientID` (required), telemetry, `allowedLogoutUrls` and navigation defaults.
   * @throws {@link WebAuthError} when an option is not valid; the object is never modified.
   */
  constructor(options: WebAuthOptions) {
    this.config = parseConfig(options);
    this.navigation = parseNavigation(options);
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
    return createLogoutUrl(this.config, parseLogoutOptions(options));
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
    const request = parseLogoutOptions(options);
    const returnTo = request.returnUrls[0]?.[1];
    await this.leave(request.navigation, createLogoutUrl(this.config, request), returnTo, isFederated(request.params.federated));
  }

  /**
   * The OpenID Connect RP-Initiated Logout 1.0 URL (`/oidc/logout`), without side effects.
   *
   * @param options - `/oidc/logout` options, or a `postLogoutRedirectUri` string.
   * @throws {@link WebAuthError} when an option is not valid or the redirect URI is not allowed.
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  buildOidcLogoutUrl(options?: OidcLogoutOptions | string): string {
    return createOidcLogoutUrl(this.config, parseOidcLogoutOptions(options).params);
  }

  /**
   * Logs out through OpenID Connect RP-Initiated Logout (`/oidc/logout`), with
   * the same listeners, cross-tab notice and navigation options as {@link WebAuth.logout}.
   *
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  async oidcLogout(options?: OidcLogoutOptions | string): Promise<void> {
    const { params, navigation } = parseOidcLogoutOptions(options);
    await this.leave(navigation, createOidcLogoutUrl(this.config, params), params.postLogoutRedirectUri, !!params.federated);
  }

  /**
   * Calls `listener` whenever this application logs out, in this tab
   * (`source: 'this-tab'`, before the page leaves) and in its other tabs of the
   * same origin (`source: 'other-tab'`).
   *
   * @returns a function that removes the listener.
   */
  onLogout(listener: LogoutListener): () => void {
    return subscribe(this.config.clientID, listener);
  }

  /** Tells everyone, then navigates; a per-call navigation option wins over the constructor's. */
  private async leave(navigation: NavigationOptions, url: string, returnTo: string | undefined, federated: boolean): Promise<void> {
    const call = parseNavigation(navigation);
    const openUrl = call.openUrl ?? this.navigation.openUrl;
    const open = openUrl ?? locationNavigator(call.redirectMethod ?? this.navigation.redirectMethod ?? 'assign');
    announceLogout({ clientID: this.config.clientID, returnTo, federated });
    if (open) await open(url);
  }
}
