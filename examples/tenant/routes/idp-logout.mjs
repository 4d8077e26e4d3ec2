import { IDP_CONTINUE } from '../finish-logout.mjs';
import { HttpError } from '../http-error.mjs';
import { redirect, sendText } from '../respond.mjs';

/**
 * `GET /idp/logout?continue=<url>&sig=<signature>`: the upstream identity
 * provider's logout that `federated` passes through. It ends the emulated
 * identity-provider session, counts the logout, then continues to the URL the
 * tenant signed (already checked against a list), or answers "OK".
 */
export function idpLogout(c) {
  const tenant = c.get('tenant');
  const params = c.get('params');
  const destination = params.get('continue');
  if (destination !== undefined && !tenant.signer.verify(IDP_CONTINUE, destination, params.get('sig'))) {
    throw new HttpError(400, 'The identity provider only continues to URLs the tenant signed: "continue" or "sig" was changed.');
  }
  tenant.idpSessions.end(c);
  tenant.stats.idpLogouts += 1;
  return destination === undefined ? sendText(c, 200, 'OK') : redirect(c, destination);
}
