import { decodeJwt, SignJWT } from 'jose';
import { HttpError } from './http-error.mjs';
import { DEMO_USER, DEMO_USER_ID } from './routes/session.mjs';

/** Lifetime of an ID token, in seconds (Auth0's default: 10 hours). */
export const ID_TOKEN_LIFETIME = 36000;

/**
 * An ID token of the session `sid` for the application `clientId`, as Auth0
 * issues them: RS256 with the tenant's key (`kid` in the header), `iss`,
 * `aud`, `sub`, `sid` (which logout tokens name, OpenID Connect
 * Back-Channel Logout 1.0 §2.1), `name`, `iat`, `exp`, and `nonce` when the
 * sign-in asked with one.
 *
 * @param {{ url: string, signingKey: { sign(token: SignJWT, typ: string): Promise<string> } }} tenant
 * @param {{ clientId: string, sid: string, nonce?: string }} claims
 */
export function issueIdToken(tenant, { clientId, sid, nonce }) {
  const token = new SignJWT({ sid, name: DEMO_USER.name, ...(nonce !== undefined && { nonce }) })
    .setIssuer(`${tenant.url}/`)
    .setAudience(clientId)
    .setSubject(DEMO_USER_ID)
    .setIssuedAt()
    .setExpirationTime(`${ID_TOKEN_LIFETIME}s`);
  return tenant.signingKey.sign(token, 'JWT');
}

/**
 * The claims of an `id_token_hint`, read with jose without verifying the
 * signature: enough to learn which application (`aud`) and session (`sid`)
 * it names, which is all a logout hint is used for here.
 *
 * @param {string} token
 * @returns {Record<string, unknown>}
 */
export function readIdTokenClaims(token) {
  try {
    return decodeJwt(token);
  } catch {
    throw new HttpError(400, 'The "id_token_hint" querystring parameter is not a JWT with a JSON object payload.');
  }
}

/** The token's audiences (`aud` is a string or an array of strings). */
export function audiences(claims) {
  return [claims.aud].flat().filter((aud) => typeof aud === 'string');
}
