import { sendJson } from '../respond.mjs';

/**
 * `GET /session`: `{ authenticated, sid?, idpAuthenticated }` for the
 * browser's cookies. The example pages live on another port, so a configured
 * origin may read it with credentials; 127.0.0.1 ports are one site, so the
 * `SameSite=Lax` cookie goes along.
 */
export function session({ req, res, tenant }) {
  const origin = req.headers.origin;
  const cors =
    origin !== undefined && tenant.config.origins.has(origin)
      ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
      : {};
  const sid = tenant.sessions.current(req);
  const body = { authenticated: sid !== undefined, ...(sid !== undefined && { sid }), idpAuthenticated: tenant.idpSessions.current(req) !== undefined };
  sendJson(res, 200, body, { Vary: 'Origin', ...cors });
}
