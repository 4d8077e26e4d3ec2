import { guard } from '../errors/guard';
import type { OidcLogoutOptions } from '../types/options';
import { randomState } from '../utils/randomState';
import type { WebAuthConfig } from './config';
import type { Departure } from './departure';
import { leave } from './leave';
import { createOidcLogoutUrl, parseOidcLogoutOptions } from './oidcLogoutUrl';
import { settingsOf, type WebAuth } from './WebAuth';

/** An `/oidc/logout` call, checked, ready to leave; a return URL without `state` gets a random one, for the return trip. */
export function oidcLogoutDeparture(config: WebAuthConfig, options: unknown): Departure {
  const { params, post, leaving } = parseOidcLogoutOptions(options);
  const { postLogoutRedirectUri: returnTo, federated = false } = params;
  if (returnTo !== undefined && params.state === undefined) params.state = randomState();
  const pending = { id: randomState(), endpoint: 'oidc', returnTo, state: params.state, marked: false, federated } as const;
  return { leaving, post, url: createOidcLogoutUrl(config, params), pending };
}

/**
 * Logs out through OpenID Connect RP-Initiated Logout 1.0 (`/oidc/logout`),
 * with the same listeners, phases, return trip, revocation and navigation
 * options as `webAuth.logout`. Without `state`, one is made for a
 * `postLogoutRedirectUri`, so that {@link handleLogoutReturn} can recognise
 * the return (§3); `httpMethod: 'POST'` leaves with a form POST (§2).
 *
 * @param webAuth - the application's client.
 * @param options - `/oidc/logout` options, or a `postLogoutRedirectUri` string.
 * @returns a promise that resolves once navigation has started or `openUrl` has resolved,
 *   and rejects with a {@link WebAuthError}, before anything happens, when an option is not valid.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export async function oidcLogout(webAuth: WebAuth, options?: OidcLogoutOptions | string): Promise<void> {
  const settings = settingsOf(webAuth);
  await leave(
    settings,
    guard('oidcLogout(webAuth, options)', () => oidcLogoutDeparture(settings.config, options)),
  );
}
