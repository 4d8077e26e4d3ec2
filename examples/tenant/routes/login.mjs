import { findApplication, isRegisteredUrl } from '../applications.mjs';
import { HttpError } from '../http-error.mjs';
import { issueIdToken } from '../id-token.mjs';
import { redirect, sendText } from '../respond.mjs';

/**
 * `GET /login?returnTo=<url>`: signs the browser in at once (no credentials:
 * this tenant only exists to be logged out of), at the tenant and at the
 * emulated identity provider, then goes back to `returnTo`, which must be
 * registered somewhere at the tenant. The session gets a refresh token,
 * which the application reads from `/session` (nothing is added to
 * `returnTo`).
 *
 * With `client_id` (an application of the tenant, and `returnTo` then
 * required) and an optional `nonce`, the return carries an ID token of the
 * new session in its fragment, `#id_token=…`, as Auth0's implicit response
 * does: a page, or the server it hands the token to, learns the session's
 * `sid` that logout tokens name.
 */
export async function login(c) {
  const tenant = c.get('tenant');
  const params = c.get('params');
  const returnTo = params.get('returnTo');
  const clientId = params.get('client_id');
  if (returnTo !== undefined && !isRegisteredUrl(tenant.config, returnTo)) {
    throw new HttpError(400, `The "returnTo" querystring parameter "${returnTo}" is not a URL registered at this tenant, so /login will not redirect there.`);
  }
  const app = clientId === undefined ? undefined : findApplication(tenant.config, clientId);
  if (app && returnTo === undefined) throw new HttpError(400, 'The "client_id" querystring parameter needs "returnTo": the ID token goes back in its fragment.');
  const sid = tenant.sessions.start(c);
  tenant.refreshTokens.issue(sid);
  tenant.idpSessions.start(c);
  if (returnTo === undefined) return sendText(c, 200, 'Logged in.');
  if (!app) return redirect(c, returnTo);
  const idToken = await issueIdToken(tenant, { clientId: app.clientId, sid, nonce: params.get('nonce') });
  return redirect(c, `${returnTo.split('#')[0]}#${new URLSearchParams({ id_token: idToken })}`);
}
