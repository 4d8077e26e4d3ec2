import { SignJWT } from 'jose';

/** Lifetime of an access token, in seconds (Auth0's default for an API is 86400). */
export const ACCESS_TOKEN_LIFETIME = 86400;

/**
 * Signs the access tokens `/oauth/token` hands out: JWTs (HS256, with a key
 * that lives as long as the tenant) naming the tenant as issuer, the
 * application as audience and the session they come from.
 */
export function createAccessTokenSigner() {
  const key = crypto.getRandomValues(new Uint8Array(32));
  return {
    /** @param {{ issuer: string, clientId: string, sid: string }} claims */
    sign({ issuer, clientId, sid }) {
      return new SignJWT({ sid })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime(`${ACCESS_TOKEN_LIFETIME}s`)
        .sign(key);
    },
  };
}
