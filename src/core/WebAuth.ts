import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import type { LogoutOptions, NavigationOptions, WebAuthOptions } from '../types/options';
import { parseWebAuthOptions, type WebAuthConfig } from './config';
import { logoutDeparture } from './departure';
import { leave } from './leave';
import { createLogoutUrl, parseLogoutOptions } from './logoutUrl';
import { parseNavigation } from './navigate';

/** What an instance was constructed with, checked; only this module can make one, so no look-alike passes for it. */
export class WebAuthSettings {
  constructor(
    readonly config: WebAuthConfig,
    /** The constructor's navigation defaults; a call's own options win over them. */
    readonly navigation: NavigationOptions,
  ) {}
}

// A key no other code holds: the state is out of the app's reach, and a look-alike object cannot carry it.
const SETTINGS = Symbol('webauth-logout settings');

/**
 * The settings of a real instance; a method or function called with anything
 * else (a Proxy whose traps throw included) refuses with `invalid_instance`.
 */
export function settingsOf(webAuth: unknown): WebAuthSettings {
  let settings: unknown;
  try {
    settings = (webAuth as Record<symbol, unknown>)[SETTINGS];
    if (!(settings instanceof WebAuthSettings)) settings = undefined;
  } catch {
    settings = undefined;
  }
  if (!settings) throw new WebAuthError('invalid_instance', 'pass a WebAuth instance (and call its methods on it)');
  return settings as WebAuthSettings;
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
      const read = parseWebAuthOptions(options);
      return { config: read.config, navigation: parseNavigation(read.navigation) };
    });
    Object.defineProperty(this, SETTINGS, { value: new WebAuthSettings(config, navigation) });
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
    return guard('buildLogoutUrl(options)', () => createLogoutUrl(settingsOf(this).config, parseLogoutOptions(options)));
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
    const settings = settingsOf(this);
    await leave(
      settings,
      guard('logout(options)', () => logoutDeparture(settings.config, options)),
    );
  }
}
