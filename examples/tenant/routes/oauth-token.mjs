import { ACCESS_TOKEN_LIFETIME } from '../access-tokens.mjs';
import { issueIdToken } from '../id-token.mjs';
import { findClient, required } from '../oauth-client.mjs';
import { OAuthError } from '../oauth-error.mjs';
import { sendJson } from '../respond.mjs';

/**
 * `POST /oauth/token` with `grant_type=refresh_token`, `client_id` and
 * `refresh_token`, as a form or JSON: 200 `{ access_token, id_token,
 * token_type, expires_in }` for a live refresh token, the access token a JWT
 * signed by the tenant, the ID token naming the session's `sid`; 400 `invalid_grant` for one that was revoked or never issued;
 * 400 `unsupported_grant_type` for any other grant (this tenant signs in
 * through `/login` only).
 */
export async function oauthToken(c) {
  const tenant = c.get('tenant');
  const params = c.get('params');
  const app = findClient(tenant.config, params);
  const grantType = required(params, 'grant_type');
  if (grantType !== 'refresh_token') throw new OAuthError(400, 'unsupported_grant_type', `Grant type "${grantType}" not allowed here: use "refresh_token".`);
  const sid = tenant.refreshTokens.sessionOf(required(params, 'refresh_token'));
  if (sid === undefined) throw new OAuthError(400, 'invalid_grant', 'Unknown or invalid refresh token.');
  const accessToken = await tenant.accessTokens.sign({ issuer: `${tenant.url}/`, clientId: app.clientId, sid });
  const idToken = await issueIdToken(tenant, { clientId: app.clientId, sid });
  return sendJson(c, 200, { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME });
}
