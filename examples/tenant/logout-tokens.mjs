import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

/** The event of OpenID Connect Back-Channel Logout 1.0 §2.4. */
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** How long a logout token is valid: long enough for the retries, short enough to be useless later (seconds). */
const LOGOUT_TOKEN_LIFETIME = 120;
/** The waits before the second, third and fourth delivery attempts of one token (ms): four attempts at most. */
export const DEFAULT_RETRY_DELAYS_MS = [500, 2000, 5000];

/**
 * OpenID Connect Back-Channel Logout 1.0, the provider's side: when a tenant
 * session ends, a logout token (RS256, `kid` in the header; `iss`, `aud` = the
 * application's client ID, `iat`, `exp`, `jti`, `sid`, `sub`, `events`) is
 * POSTed as a form to each Back-Channel Logout URL of each application that
 * has some. Delivery does not hold up the logout's answer; a 5xx answer or a
 * network error is retried after each of `retryDelaysMs`, anything else ends
 * the attempts (a 4xx will not get better). The tokens are signed with the
 * tenant's key (signing-key.mjs), whose public half is the tenant's JWKS.
 *
 * @param {{ key: { sign(token: SignJWT, typ: string): Promise<string> }, retryDelaysMs?: readonly number[] }} options
 */
export function createLogoutTokenSender({ key, retryDelaysMs = DEFAULT_RETRY_DELAYS_MS }) {
  /** Every delivery under way, so a test (or a graceful stop) can wait for them. */
  const pending = new Set();
  const stats = { delivered: 0, failed: 0, attempts: 0 };

  const sign = (issuer, clientId, { sid, sub }) =>
    key.sign(
      new SignJWT({ sid, events: { [BACKCHANNEL_EVENT]: {} } })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime(`${LOGOUT_TOKEN_LIFETIME}s`)
        .setJti(randomUUID()),
      'logout+jwt',
    );

  async function deliver(url, token) {
    for (let attempt = 0; attempt <= retryDelaysMs.length; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt - 1]));
      stats.attempts += 1;
      let status;
      try {
        const answer = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: token }),
          redirect: 'manual',
          signal: AbortSignal.timeout(5000),
        });
        status = answer.status;
        await answer.body?.cancel();
      } catch {
        status = undefined; // A network error: worth another try.
      }
      if (status !== undefined && status < 500) {
        if (status < 300) stats.delivered += 1;
        else stats.failed += 1;
        return;
      }
    }
    stats.failed += 1;
  }

  return {
    stats,
    /**
     * A tenant session ended: a logout token to every Back-Channel Logout URL,
     * in the background. Never throws.
     *
     * @param {{ url: string, config: { applications: Map<string, { clientId: string, backchannelLogoutUrls: string[] }> } }} tenant
     * @param {{ sid: string, sub: string }} session
     */
    sessionEnded(tenant, session) {
      for (const app of tenant.config.applications.values()) {
        for (const url of app.backchannelLogoutUrls) {
          const delivery = sign(`${tenant.url}/`, app.clientId, session)
            .then((token) => deliver(url, token))
            .catch((error) => console.error('tenant: back-channel logout failed', error))
            .finally(() => pending.delete(delivery));
          pending.add(delivery);
        }
      }
    },
    /** Resolves once every delivery under way has ended (delivered, refused or out of attempts). */
    async settled() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
