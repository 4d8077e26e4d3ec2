import { createRemoteJWKSet, customFetch, type FlattenedJWSInput, type JWTHeaderParameters } from 'jose';

/** The key that verifies a token cannot be had now (the JWKS is unreachable, or was fetched too recently to fetch again): answer 503. */
export class KeyUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(message);
  }
}

export interface KeySetTiming {
  /** How long after a fetch an unknown `kid` does not fetch the JWKS again (jose's `cooldownDuration`). */
  cooldownMs: number;
  /** How long a JWKS fetch may take (jose's `timeoutDuration`). */
  timeoutMs: number;
}

export type KeyGetter = (header: JWTHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey | Uint8Array>;

/**
 * The issuer's keys (OpenID Connect Back-Channel Logout 1.0 §2.6: the signature, validated as an ID token's is),
 * fetched by jose's `createRemoteJWKSet`: cached, and fetched again for a
 * `kid` it does not know (key rotation), at most once per cooldown.
 *
 * Tells the two kinds of failure apart: a token whose key is not in a set
 * fetched for it is refused (jose's error, a 400), while a key that cannot be
 * had now, because the set cannot be fetched or was fetched moments ago, is a
 * {@link KeyUnavailable} (a 503, which the provider retries).
 */
export function remoteKeySet(url: URL, timing: KeySetTiming): KeyGetter {
  let fetched = 0;
  const keys = createRemoteJWKSet(url, {
    cooldownDuration: timing.cooldownMs,
    timeoutDuration: timing.timeoutMs,
    [customFetch]: async (href, init) => {
      const response = await fetch(href, init);
      if (response.status === 200) fetched++;
      return response;
    },
  });
  return async (header, token) => {
    const before = fetched;
    try {
      return await keys(header, token);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY') {
        if (fetched !== before) throw error;
        throw new KeyUnavailable('no key of the JSON Web Key Set matches the token, and the set was fetched moments ago', timing.cooldownMs / 1000);
      }
      if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || code === 'ERR_JOSE_NOT_SUPPORTED') throw error;
      throw new KeyUnavailable('the JSON Web Key Set could not be fetched', 5);
    }
  };
}
