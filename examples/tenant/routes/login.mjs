import { isRegisteredUrl } from '../applications.mjs';
import { HttpError } from '../http-error.mjs';
import { redirect, sendText } from '../respond.mjs';

/**
 * `GET /login?returnTo=<url>`: signs the browser in at once (no credentials:
 * this tenant only exists to be logged out of), at the tenant and at the
 * emulated identity provider, then goes back to `returnTo`, which must be
 * registered somewhere at the tenant. The session gets a refresh token,
 * which the application reads from `/session` (nothing is added to
 * `returnTo`).
 */
export function login(c) {
  const tenant = c.get('tenant');
  const returnTo = c.get('params').get('returnTo');
  if (returnTo !== undefined && !isRegisteredUrl(tenant.config, returnTo)) {
    throw new HttpError(400, `The "returnTo" querystring parameter "${returnTo}" is not a URL registered at this tenant, so /login will not redirect there.`);
  }
  const sid = tenant.sessions.start(c);
  tenant.refreshTokens.issue(sid);
  tenant.idpSessions.start(c);
  return returnTo === undefined ? sendText(c, 200, 'Logged in.') : redirect(c, returnTo);
}
