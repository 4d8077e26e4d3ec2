import { sendJson } from '../respond.mjs';

/** `GET /.well-known/openid-configuration`: the discovery fields a logout needs. Public, so readable from any origin. */
export function openidConfiguration({ res, tenant }) {
  sendJson(res, 200, { issuer: `${tenant.url}/`, end_session_endpoint: `${tenant.url}/oidc/logout` }, { 'Access-Control-Allow-Origin': '*' });
}
