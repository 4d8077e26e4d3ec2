import { OAuthError } from './oauth-error.mjs';

/**
 * The application a token-endpoint request names by `client_id` (a public
 * client: a single-page app has no secret), refused as OAuth does: 400
 * when the parameter is missing, 401 `invalid_client` when the tenant has no
 * such application.
 *
 * @param {ReturnType<import('./config.mjs').parseTenantConfig>} config
 * @param {Map<string, string>} params
 */
export function findClient(config, params) {
  const clientId = params.get('client_id');
  if (clientId === undefined || clientId === '') throw new OAuthError(400, 'invalid_request', 'Missing required parameter: client_id');
  const app = config.applications.get(clientId);
  if (!app) throw new OAuthError(401, 'invalid_client', `Unknown client: "${clientId}" does not name an application of this tenant.`);
  return app;
}

/** A parameter the request cannot go without: 400 `invalid_request` when it is missing or empty. */
export function required(params, name) {
  const value = params.get(name);
  if (value === undefined || value === '') throw new OAuthError(400, 'invalid_request', `Missing required parameter: ${name}`);
  return value;
}
