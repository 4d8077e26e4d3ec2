import type { RevocationOptions } from '../types/options';
import { assertOptional, isNonEmptyString, isTimeoutMs } from '../utils/checks';
import type { WebAuthConfig } from './config';

/** The revocation a logout asked for, checked. */
export interface Revocation {
  readonly token: string;
  readonly timeoutMs: number;
}

/** How long a logout waits for the revocation by default: long enough for a slow network, short enough for a user waiting on a click. */
const DEFAULT_REVOKE_TIMEOUT_MS = 3000;
/** Checks the revocation options of a logout call; `undefined` when it revokes nothing. */
export function parseRevocation({ revokeRefreshToken, revokeTimeoutMs }: RevocationOptions): Revocation | undefined {
  // A token is never repeated in a message, only its length.
  assertOptional('revokeRefreshToken', revokeRefreshToken, isNonEmptyString, 'a token string', 'invalid_option', true);
  assertOptional('revokeTimeoutMs', revokeTimeoutMs, isTimeoutMs, 'a number of milliseconds above 0');
  if (revokeRefreshToken === undefined) return undefined;
  return { token: revokeRefreshToken, timeoutMs: revokeTimeoutMs ?? DEFAULT_REVOKE_TIMEOUT_MS };
}

/**
 * Revokes a refresh token at Auth0, `POST {domain}/oauth/revoke` with
 * `client_id` and `token` (RFC 7009 §2.1). A form body needs no CORS
 * preflight; the token travels only in it. Best effort: resolves `true` for
 * a 200 answer, `false` for anything else, a network failure or no answer
 * within the timeout, and never rejects.
 *
 * @see https://datatracker.ietf.org/doc/html/rfc7009#section-2.1
 * @see https://auth0.com/docs/api/authentication#revoke-refresh-token
 */
export async function revokeRefreshToken(config: WebAuthConfig, { token, timeoutMs }: Revocation): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // A request still running at the timeout is left to the page's departure, which cancels it.
    return await Promise.race([
      fetch(`${config.rootUrl}/oauth/revoke`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: config.clientID, token }),
      }).then((response) => response.status === 200),
      new Promise<false>((resolve) => (timer = setTimeout(resolve, timeoutMs, false))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
