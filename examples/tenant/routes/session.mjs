import { sendJson } from '../respond.mjs';

/** Who is signed in: this tenant signs everyone in as the same demo user. */
export const DEMO_USER = { name: 'Demo User' };
/** The demo user's `sub`, as logout tokens name it. */
export const DEMO_USER_ID = 'auth0|local-demo-user';

/**
 * `GET /session`: `{ authenticated, sid?, idpAuthenticated, refreshToken?,
 * user? }` for the browser's cookies; `sid`, `user` and the session's
 * refresh token (while not revoked) only when authenticated. The example
 * pages live on another port, so a configured origin may read it with
 * credentials (see the route table); 127.0.0.1 ports are one site, so the
 * `SameSite=Lax` cookie goes along.
 */
export function session(c) {
  const tenant = c.get('tenant');
  const sid = tenant.sessions.current(c);
  const idpAuthenticated = tenant.idpSessions.current(c) !== undefined;
  if (sid === undefined) return sendJson(c, 200, { authenticated: false, idpAuthenticated });
  const refreshToken = tenant.refreshTokens.ofSession(sid);
  return sendJson(c, 200, { authenticated: true, sid, idpAuthenticated, ...(refreshToken !== undefined && { refreshToken }), user: DEMO_USER });
}
