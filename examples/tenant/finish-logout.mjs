import { redirect, sendText } from './respond.mjs';

/** The signature purpose of the identity provider's `continue` URL. */
export const IDP_CONTINUE = 'idp-continue';

/**
 * The common end of `/v2/logout` and `/oidc/logout`, once every parameter has
 * been checked: ends the tenant session (cookie cleared), then goes through
 * the identity provider's logout when `federated`, else to `destination`, else
 * answers Auth0's bare "OK" page.
 *
 * @param {import('hono').Context} c
 * @param {{ destination: string | undefined, federated: boolean }} leave - `destination` already matched a list
 */
export function finishLogout(c, { destination, federated }) {
  const tenant = c.get('tenant');
  tenant.sessions.end(c);
  if (federated) {
    const query = destination === undefined ? '' : `?continue=${encodeURIComponent(destination)}&sig=${tenant.signer.sign(IDP_CONTINUE, destination)}`;
    return redirect(c, `/idp/logout${query}`);
  }
  return destination === undefined ? sendText(c, 200, 'OK') : redirect(c, destination);
}
