import { sendJson } from '../respond.mjs';

/** `GET /.well-known/openid-configuration`: the discovery fields a logout needs. Public, so readable from any origin. */
export function openidConfiguration(c) {
  const { url } = c.get('tenant');
  return sendJson(
    c,
    200,
    {
      issuer: `${url}/`,
      end_session_endpoint: `${url}/oidc/logout`,
      jwks_uri: `${url}/.well-known/jwks.json`,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    },
    { 'Access-Control-Allow-Origin': '*' },
  );
}

/** `GET /.well-known/jwks.json`: the public key of the ID tokens and logout tokens. Public, so readable from any origin. */
export function jwks(c) {
  return sendJson(c, 200, c.get('tenant').signingKey.jwks, { 'Access-Control-Allow-Origin': '*' });
}
