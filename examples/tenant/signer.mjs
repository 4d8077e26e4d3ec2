import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signs values the tenant hands to the browser and must get back unchanged:
 * the confirmation form of `/oidc/logout` (so another site cannot post a
 * "confirmed" logout) and the `continue` URL of the identity-provider hop (so
 * `/idp/logout` is not an open redirect). The key lives as long as the tenant.
 */
export function createSigner() {
  const key = randomBytes(32);
  // The purpose is part of what is signed, so a signature for one use never passes for the other.
  const mac = (purpose, value) => createHmac('sha256', key).update(`${purpose}\n${value}`).digest('base64url');
  return {
    /** @param {string} purpose @param {string} value */
    sign: mac,
    /** @param {string} purpose @param {string} value @param {string | undefined} signature */
    verify(purpose, value, signature) {
      if (typeof signature !== 'string') return false;
      const expected = Buffer.from(mac(purpose, value));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
