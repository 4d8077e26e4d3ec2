import { randomBytes } from 'node:crypto';

// As many as sessions: past it the oldest token is forgotten, so a login loop cannot exhaust memory.
const MAX_TOKENS = 10_000;

/**
 * Refresh tokens kept in memory. Each is an opaque random string, as Auth0's
 * are: only the tenant can tell what it stands for, so a revoked one is
 * refused everywhere at once. One is issued per tenant session (`sid`) at
 * `/login`; it outlives the session, as Auth0's do, until it is revoked.
 */
export function createRefreshTokenStore() {
  /** token → { sid, revoked } */
  const tokens = new Map();
  /** sid → token */
  const bySession = new Map();

  return {
    /** Issues the refresh token of session `sid`. */
    issue(sid) {
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, { sid, revoked: false });
      bySession.set(sid, token);
      if (tokens.size > MAX_TOKENS) {
        const [oldest, { sid: oldSid }] = tokens.entries().next().value;
        tokens.delete(oldest);
        if (bySession.get(oldSid) === oldest) bySession.delete(oldSid);
      }
      return token;
    },
    /** The live refresh token of session `sid`, or `undefined` once it was revoked. */
    ofSession(sid) {
      const token = bySession.get(sid);
      return token !== undefined && this.isLive(token) ? token : undefined;
    },
    /** Whether `token` was issued here and not revoked. */
    isLive(token) {
      const entry = tokens.get(token);
      return entry !== undefined && !entry.revoked;
    },
    /** Revokes `token`; `true` when it was live, `false` when unknown or already revoked. */
    revoke(token) {
      const entry = tokens.get(token);
      if (entry === undefined || entry.revoked) return false;
      entry.revoked = true;
      return true;
    },
    /** The session a live token was issued for. */
    sessionOf(token) {
      return this.isLive(token) ? tokens.get(token).sid : undefined;
    },
  };
}
