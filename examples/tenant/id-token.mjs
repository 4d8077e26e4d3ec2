import { decodeJwt } from 'jose';
import { HttpError } from './http-error.mjs';

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
