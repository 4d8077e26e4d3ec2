import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';

/**
 * The tenant's signing key, as Auth0's: RS256, named by a `kid`, its public
 * half served at `/.well-known/jwks.json`. It signs the ID tokens and the
 * logout tokens, so an application checks both against one key set. It lives
 * as long as the tenant.
 */
export async function createSigningKey() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  return {
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] },
    /**
     * Signs a token being built with jose's `SignJWT`, its header naming this key and `typ`.
     *
     * @param {import('jose').SignJWT} token
     * @param {string} typ
     */
    sign: (token, typ) => token.setProtectedHeader({ alg: 'RS256', kid, typ }).sign(privateKey),
  };
}
