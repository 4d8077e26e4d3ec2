import { findClient, required } from '../oauth-client.mjs';

/**
 * `POST /oauth/revoke` (RFC 7009), as Auth0's Authentication API answers it:
 * `client_id` and `token` (and an optional `token_type_hint`, which changes
 * nothing: only refresh tokens can be revoked here), as a form or JSON.
 * 200 with an empty body whether the token was live, revoked already or
 * never issued (§2.2: the client has nothing to do differently); 401
 * `invalid_client` for an unknown application, 400 `invalid_request` without
 * `token`. A revoked token is refused by `/oauth/token` and gone from
 * `/session`; `stats.revocations` counts the tokens revoked. The tenant's
 * `faults` can make it answer late, or 503 without revoking.
 */
export async function oauthRevoke(c) {
  const tenant = c.get('tenant');
  const { revokeDelayMs, revokeUnavailable } = tenant.faults;
  if (revokeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, revokeDelayMs));
  if (revokeUnavailable) return c.body('', 503);
  const params = c.get('params');
  findClient(tenant.config, params);
  const token = required(params, 'token');
  if (tenant.refreshTokens.revoke(token)) tenant.stats.revocations += 1;
  return c.body('', 200);
}
