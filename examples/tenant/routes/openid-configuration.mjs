import { sendJson } from '../respond.mjs';

/** `GET /.well-known/openid-configuration`: the discovery fields a logout needs. Public, so readable from any origin. */
export function openidConfiguration(c) {
  const { url } = c.get('tenant');
  return sendJson(c, 200, { issuer: `${url}/`, end_session_endpoint: `${url}/oidc/logout` }, { 'Access-Control-Allow-Origin': '*' });
}
