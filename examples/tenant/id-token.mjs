import { HttpError } from './http-error.mjs';

/**
 * The claims of an `id_token_hint`, read without verifying the signature:
 * enough to learn which application (`aud`) and session (`sid`) it names,
 * which is all a logout hint is used for here.
 *
 * @param {string} token
 * @returns {Record<string, unknown>}
 */
export function readIdTokenClaims(token) {
  const payload = token.split('.')[1];
  try {
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) return claims;
  } catch {
    // Reported below, with the same message as a payload that is not an object.
  }
  throw new HttpError(400, 'The "id_token_hint" querystring parameter is not a JWT with a JSON object payload.');
}

/** The token's audiences (`aud` is a string or an array of strings). */
export function audiences(claims) {
  return [claims.aud].flat().filter((aud) => typeof aud === 'string');
}
