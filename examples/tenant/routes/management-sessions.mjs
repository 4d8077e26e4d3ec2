import { HttpError } from '../http-error.mjs';
import { DEMO_USER_ID } from './session.mjs';

/**
 * `DELETE /api/v2/sessions/:id`, as Auth0's Management API: ends the session
 * `id` (its `sid`) wherever its browser is, 204; an unknown session is a 404.
 * The applications' Back-Channel Logout URLs hear it as after a logout. The
 * local tenant asks for no Management API token: it listens on 127.0.0.1
 * only, and takes no cookie here, so another site cannot end a session by
 * sending the browser (a browser cannot send DELETE across sites without CORS,
 * which these routes do not answer).
 */
export function deleteSession(c) {
  const tenant = c.get('tenant');
  const sid = c.req.param('id');
  if (!tenant.sessions.endById(sid)) throw new HttpError(404, `No live session has the id "${sid}".`);
  tenant.logoutTokens.sessionEnded(tenant, { sid, sub: DEMO_USER_ID });
  return c.body(null, 204);
}

/**
 * `DELETE /api/v2/users/:id/sessions`, as Auth0's Management API: signs the
 * user out everywhere, every session ending as with `DELETE
 * /api/v2/sessions/:id`, 204. The tenant has one user, the demo user; any
 * other user id is a 404.
 */
export function deleteUserSessions(c) {
  const tenant = c.get('tenant');
  const user = c.req.param('id');
  if (user !== DEMO_USER_ID) throw new HttpError(404, `No user has the id "${user}"; the local tenant's one user is "${DEMO_USER_ID}".`);
  for (const sid of tenant.sessions.ids()) {
    tenant.sessions.endById(sid);
    tenant.logoutTokens.sessionEnded(tenant, { sid, sub: DEMO_USER_ID });
  }
  return c.body(null, 204);
}
