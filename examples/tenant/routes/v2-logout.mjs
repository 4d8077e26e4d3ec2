import { applicationHome, findApplication, isAllowedReturnTo } from '../applications.mjs';
import { finishLogout } from '../finish-logout.mjs';
import { HttpError } from '../http-error.mjs';

/**
 * `GET /v2/logout`, as Auth0 answers it:
 * - `returnTo` must match the application's Allowed Logout URLs when
 *   `client_id` is given, the tenant's otherwise (query and fragment ignored);
 *   a mismatch is a 400 page and no redirect, with a link back to the
 *   application's first Allowed Logout URL (or the Referer's origin, when it is
 *   one of the applications' web origins), never to the refused URL;
 * - `client_id` without `returnTo` goes to the application's first URL; with
 *   neither, a bare "OK" page;
 * - `federated`, whatever its value (even `false`), also logs out of the identity provider.
 *
 * Everything is checked before the session ends, so an error page leaves the
 * user signed in and free to retry with a good `returnTo`.
 */
export function v2Logout(c) {
  const tenant = c.get('tenant');
  const params = c.get('params');
  const clientId = params.get('client_id');
  const app = clientId === undefined ? undefined : findApplication(tenant.config, clientId);
  const allowed = app ? app.allowedLogoutUrls : tenant.config.tenantLogoutUrls;
  const returnTo = params.get('returnTo');
  if (returnTo !== undefined && !isAllowedReturnTo(returnTo, allowed)) {
    const where = app ? `the Allowed Logout URLs of application "${app.clientId}"` : "the tenant's Allowed Logout URLs (no client_id was sent)";
    throw new HttpError(
      400,
      `The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs". ` +
        `To allow it, add it to ${where} in examples/tenant.config.json.`,
      {},
      { html: true, back: applicationHome(tenant.config, app, c.req.header('referer')) },
    );
  }
  // A wildcard entry names many URLs, none of which can be the default destination.
  const destination = returnTo ?? app?.allowedLogoutUrls.find((url) => !url.includes('*'));
  return finishLogout(c, { destination, federated: params.has('federated') });
}
