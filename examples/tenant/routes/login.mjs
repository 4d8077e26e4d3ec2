import { isRegisteredUrl } from '../applications.mjs';
import { HttpError } from '../http-error.mjs';
import { redirect, sendText } from '../respond.mjs';

/**
 * `GET /login?returnTo=<url>`: signs the browser in at once (no credentials:
 * this tenant only exists to be logged out of), at the tenant and at the
 * emulated identity provider, then goes back to `returnTo`, which must be
 * registered somewhere at the tenant.
 */
export function login({ res, params, tenant }) {
  const returnTo = params.get('returnTo');
  if (returnTo !== undefined && !isRegisteredUrl(tenant.config, returnTo)) {
    throw new HttpError(400, `The "returnTo" querystring parameter "${returnTo}" is not a URL registered at this tenant, so /login will not redirect there.`);
  }
  tenant.sessions.start(res);
  tenant.idpSessions.start(res);
  if (returnTo === undefined) sendText(res, 200, 'Logged in.');
  else redirect(res, returnTo);
}
