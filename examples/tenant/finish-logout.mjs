import { redirect, sendText } from './respond.mjs';
import { DEMO_USER_ID } from './routes/session.mjs';

/** The signature purpose of the identity provider's `continue` URL. */
export const IDP_CONTINUE = 'idp-continue';

/**
 * The common end of `/v2/logout` and `/oidc/logout`, once every parameter has
 * been checked: ends the tenant session (cookie cleared), then goes through
 * the identity provider's logout when `federated` (the applications'
 * Back-Channel Logout URLs get a logout token meanwhile), else to `destination`, else
 * answers Auth0's bare "OK" page.
 *
 * @param {import('hono').Context} c
 * @param {{ destination: string | undefined, federated: boolean }} leave - `destination` already matched a list
 */
export function finishLogout(c, { destination, federated }) {
  const tenant = c.get('tenant');
  const sid = tenant.sessions.end(c);
  // Every application with Back-Channel Logout URLs hears that the session ended, in the background.
  if (sid !== undefined) tenant.logoutTokens.sessionEnded(tenant, { sid, sub: DEMO_USER_ID });
  if (federated) {
    const query = destination === undefined ? '' : `?continue=${encodeURIComponent(destination)}&sig=${tenant.signer.sign(IDP_CONTINUE, destination)}`;
    return redirect(c, `/idp/logout${query}`);
  }
  return destination === undefined ? sendText(c, 200, 'OK') : redirect(c, destination);
}
