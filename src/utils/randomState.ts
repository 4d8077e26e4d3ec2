/**
 * A fresh OpenID Connect `state`: 128 bits from the platform's cryptographic
 * generator (every browser, jsdom, Node 20+), as 32 hex digits.
 */
export const randomState = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => (byte + 256).toString(16).slice(1)).join('');
