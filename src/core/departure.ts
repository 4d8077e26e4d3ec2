import type { CallOptions } from './callOptions';
import type { WebAuthConfig } from './config';
import { createLogoutUrl, parseLogoutOptions } from './logoutUrl';
import { createOidcLogoutUrl, parseOidcLogoutOptions } from './oidcLogoutUrl';
import type { PendingLogout } from './pendingLogout';
import { randomState } from '../utils/randomState';

/** A logout that passed every check: where to go, how, and what the return trip will be checked against. */
export interface Departure extends Omit<CallOptions, 'params'> {
  url: string;
  /** The record of the return trip, but for the outcome of the revocation and the time, known only when leaving. */
  pending: Omit<PendingLogout, 'time' | 'revoked'>;
  /** A form POST instead of a GET (OpenID Connect only). */
  post?: boolean;
}

/** A `/v2/logout` call, checked, ready to leave. */
export function logoutDeparture(config: WebAuthConfig, options: unknown): Departure {
  const request = parseLogoutOptions(options);
  const { returnTo, federated, leaving } = request;
  return { url: createLogoutUrl(config, request), leaving, pending: { endpoint: 'v2', returnTo, federated } };
}

/** An `/oidc/logout` call, checked, ready to leave; a return URL without `state` gets a random one, for the return trip. */
export function oidcLogoutDeparture(config: WebAuthConfig, options: unknown): Departure {
  const { params, post, leaving } = parseOidcLogoutOptions(options);
  const { postLogoutRedirectUri: returnTo, federated = false } = params;
  if (returnTo !== undefined && params.state === undefined) params.state = randomState();
  return { leaving, post, url: createOidcLogoutUrl(config, params), pending: { endpoint: 'oidc', returnTo, federated, state: params.state } };
}
