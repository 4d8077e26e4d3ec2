import { redirect, sendText } from './respond.mjs';

/** The signature purpose of the identity provider's `continue` URL. */
export const IDP_CONTINUE = 'idp-continue';

/**
 * The common end of `/v2/logout` and `/oidc/logout`, once every parameter has
 * been checked: ends the tenant session (cookie cleared), then goes through
 * the identity provider's logout when `federated`, else to `destination`, else
 * answers Auth0's bare "OK" page.
 *
 * @param {{ req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, tenant: any }} context
 * @param {{ destination: string | undefined, federated: boolean }} leave - `destination` already matched a list
 */
export function finishLogout({ req, res, tenant }, { destination, federated }) {
  tenant.sessions.end(req, res);
  if (federated) {
    const query = destination === undefined ? '' : `?continue=${encodeURIComponent(destination)}&sig=${tenant.signer.sign(IDP_CONTINUE, destination)}`;
    redirect(res, `/idp/logout${query}`);
  } else if (destination !== undefined) {
    redirect(res, destination);
  } else {
    sendText(res, 200, 'OK');
  }
}
