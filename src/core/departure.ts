import type { CallOptions } from './callOptions';
import type { WebAuthConfig } from './config';
import { createLogoutUrl, parseLogoutOptions } from './logoutUrl';
import type { PendingLogout } from './pendingLogout';
import { randomState } from '../utils/randomState';

/** The query parameter of `returnTo` that carries a marked logout's id back (see `markReturn`). */
export const RETURN_MARKER = 'webauth_logout';

/** A logout that passed every check: where to go, how, and what the return trip will be checked against. */
export interface Departure extends Omit<CallOptions, 'params'> {
  url: string;
  /** The record of the return trip, but for what is known only when leaving. */
  pending: Omit<PendingLogout, 'time' | 'revoked' | 'reason' | 'page' | 'popup'>;
  /** A form POST instead of a GET (OpenID Connect only). */
  post?: boolean;
}

/**
 * A `/v2/logout` call, checked, ready to leave. With `markReturn`, `returnTo`
 * carries the logout's id in its query; Auth0 ignores that query when it
 * matches the Allowed Logout URLs, and redirects to the URL as given.
 */
export function logoutDeparture(config: WebAuthConfig, options: unknown): Departure {
  const request = parseLogoutOptions(options);
  const { returnTo, federated, leaving, query } = request;
  const id = randomState();
  const marked = config.markReturn && returnTo !== undefined;
  if (marked) {
    const url = new URL(returnTo);
    url.searchParams.set(RETURN_MARKER, id);
    query[query.returnTo === undefined ? 'return_to' : 'returnTo'] = url.href;
  }
  return { url: createLogoutUrl(config, request), leaving, pending: { id, endpoint: 'v2', returnTo, state: undefined, marked, federated } };
}
